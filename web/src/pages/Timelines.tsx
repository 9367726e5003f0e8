import { Compose } from '../components/status';
import { Timeline } from '../components/timeline';
import { Loading, PageTitle } from '../components/ui';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorBox } from '../components/ui';
import { useStream, useTitle } from '../hooks';
import { useI18n } from '../i18n';
import { Link } from 'react-router';
import { dropStatuses, pagesKey, prependTo, putStatus } from '../query';
import { useSession } from '../session';
import type { Status } from '../types';

/** Signed in: the compose box and the home timeline. Anonymous: what the service is, and the public timeline. */
export function Home() {
  const { t } = useI18n();
  const { me, loading, api } = useSession();
  useTitle(t('home.title'));
  const qc = useQueryClient();
  const home = pagesKey('/api/v1/timelines/home');
  // New posts arrive live over the streaming API's user stream; deleted ones leave every view, edited ones change in every view.
  useStream(me ? api.token : null, 'user', (e) => {
    if (e.event === 'update') prependTo(qc, home, e.payload as Status);
    else if (e.event === 'status.update') putStatus(qc, e.payload as Status);
    else if (e.event === 'delete') dropStatuses(qc, (s) => s.id === e.payload);
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
          putStatus(qc, s);
          prependTo(qc, home, s);
        }}
      />
      <Timeline path="/api/v1/timelines/home" label={t('home.title')} context="home" />
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
  const qc = useQueryClient();
  const infoKey = ['tag', tag, me?.id];
  const info = useQuery({ queryKey: infoKey, queryFn: () => api.get<HashtagInfo>(`/api/v1/tags/${encodeURIComponent(tag)}`) });
  const [error, setError] = useState<unknown>(null);
  const following = info.data?.following === true;
  const toggle = async () => {
    setError(null);
    try {
      qc.setQueryData(infoKey, await api.post<HashtagInfo>(`/api/v1/tags/${encodeURIComponent(tag)}/${following ? 'unfollow' : 'follow'}`));
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
