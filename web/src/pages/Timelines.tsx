import { Compose } from '../components/status';
import { Timeline } from '../components/timeline';
import { Loading, PageTitle } from '../components/ui';
import { useState } from 'react';
import { ErrorBox } from '../components/ui';
import { useLoad, usePaged, useStream, useTitle } from '../hooks';
import { useI18n } from '../i18n';
import { Link } from 'react-router';
import { useSession } from '../session';
import type { Status } from '../types';

/** Signed in: the compose box and the home timeline. Anonymous: what the service is, and the public timeline. */
export function Home() {
  const { t } = useI18n();
  const { me, loading, api } = useSession();
  useTitle(t('home.title'));
  const feed = usePaged<Status>(api, me ? '/api/v1/timelines/home' : null, undefined, [me?.id]);
  // New posts arrive live over the streaming API's user stream; deleted ones leave.
  useStream(me ? api.token : null, 'user', (e) => {
    if (e.event === 'update') feed.prepend(e.payload as Status);
    else if (e.event === 'delete') feed.update((s) => s.id === e.payload || s.reblog?.id === e.payload, () => null);
  });
  if (loading) return <Loading />;
  if (!me)
    return (
      <>
        <section className="card hero">
          <h1 tabIndex={-1}>{t('home.welcome')}</h1>
          <p>{t('home.intro')}</p>
          <p className="row">
            <Link to="/web/signup" className="button">
              {t('nav.signup')}
            </Link>
            <Link to="/web/signin" className="button secondary">
              {t('nav.signin')}
            </Link>
            <Link to="/web/census" className="button secondary">
              {t('nav.census')}
            </Link>
          </p>
        </section>
        <h2 className="section-title">{t('public.title')}</h2>
        <Timeline path="/api/v1/timelines/public" label={t('public.title')} context="public" />
      </>
    );
  return (
    <>
      <PageTitle>{t('home.title')}</PageTitle>
      <Compose
        onPosted={(s) => {
          // The stream may have brought the post first: the API's answer, as the poster sees it, takes its place.
          feed.update((x) => x.id === s.id, () => s);
          feed.prepend(s);
        }}
      />
      <Timeline path="/api/v1/timelines/home" label={t('home.title')} list={feed} context="home" />
    </>
  );
}

export function PublicTimeline() {
  const { t } = useI18n();
  useTitle(t('public.title'));
  return (
    <>
      <PageTitle>{t('public.title')}</PageTitle>
      <Timeline path="/api/v1/timelines/public" label={t('public.title')} context="public" />
    </>
  );
}

/** A hashtag as GET /api/v1/tags/:name answers it (signed in: whether the caller follows it). */
interface HashtagInfo {
  name: string;
  url: string;
  following?: boolean;
}

/**
 * A hashtag's page inside the app (`/web/tags/:tag`), where a post's hashtag
 * links lead: the public posts that carry it, newest first, and, signed in,
 * following it (its posts then come into the home timeline, as Mastodon's).
 */
export function TagTimeline({ tag }: { tag: string }) {
  const { t } = useI18n();
  const { api, me } = useSession();
  const title = `#${tag}#`;
  useTitle(title);
  const info = useLoad(() => api.get<HashtagInfo>(`/api/v1/tags/${encodeURIComponent(tag)}`), [api, tag, me?.id]);
  const [error, setError] = useState<unknown>(null);
  const following = info.data?.following === true;
  const toggle = async () => {
    setError(null);
    try {
      info.setData(await api.post<HashtagInfo>(`/api/v1/tags/${encodeURIComponent(tag)}/${following ? 'unfollow' : 'follow'}`));
    } catch (err) {
      setError(err);
    }
  };
  const action =
    me && info.data ? (
      <button type="button" className={following ? 'secondary' : ''} aria-pressed={following} onClick={() => void toggle()}>
        {following ? t('tag.unfollow') : t('tag.follow')}
      </button>
    ) : undefined;
  return (
    <>
      <PageTitle actions={action}>{title}</PageTitle>
      <ErrorBox error={error} />
      <Timeline path={`/api/v1/timelines/tag/${encodeURIComponent(tag)}`} label={t('tag.posts', { tag: title })} context="public" />
    </>
  );
}
