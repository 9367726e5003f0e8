import { Compose } from '../components/status';
import { Timeline } from '../components/timeline';
import { Loading, PageTitle } from '../components/ui';
import { usePaged, useStream, useTitle } from '../hooks';
import { useI18n } from '../i18n';
import { Link } from '../router';
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
