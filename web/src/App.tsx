import { type ReactNode, type RefObject, Suspense, lazy, useEffect, useMemo, useRef, useState } from 'react';
import { I18nContext, type Lang, rememberLang, storedLang, translator, useI18n } from './i18n';
import { Link, matchPath, useLocation } from './router';
import { SessionProvider, isReviewer, useSession } from './session';
import { Callback, SignIn, SignUp } from './pages/Auth';
import { Home, PublicTimeline, TagTimeline } from './pages/Timelines';
import { Notifications } from './pages/Notifications';
import { Operators } from './pages/Operators';
import { Profile, StatusThread } from './pages/Profile';
import { NewRequest, RequestDetail, Requests, ServiceRecord } from './pages/Requests';
import { Review } from './pages/Review';
import { Verify } from './pages/Verify';
import { Loading } from './components/ui';
import { SearchBox, SearchPage } from './pages/Search';
import { Blocks, Bookmarks } from './pages/Collections';
import { Filters } from './pages/Filters';
import { ListDetail, Lists } from './pages/Lists';
import { ModerationQueue, ModerationReport } from './pages/Moderation';
import { Explore } from './pages/Explore';
import { Follows } from './pages/Follows';
import { Conversations } from './pages/Conversations';
import { UnreadBadge, UnreadProvider, useUnread } from './components/unread';

// The chart pages carry echarts; they load on first visit so that the timelines start fast.
const Census = lazy(() => import('./pages/Census').then((m) => ({ default: m.Census })));
const Analytics = lazy(() => import('./pages/Analytics').then((m) => ({ default: m.Analytics })));

type Route = [pattern: string, render: (p: Record<string, string>) => ReactNode];

/** Every page of the UI, by path. Order matters where patterns overlap. */
const ROUTES: Route[] = [
  ['/web', () => <Home />],
  ['/web/public', () => <PublicTimeline />],
  ['/web/tags/:tag', (p) => <TagTimeline tag={p.tag as string} />],
  ['/web/signin', () => <SignIn />],
  ['/web/signup', () => <SignUp />],
  ['/web/callback', () => <Callback />],
  ['/web/notifications', () => <Notifications />],
  ['/web/verify', () => <Verify />],
  ['/web/review', () => <Review />],
  ['/web/requests', () => <Requests />],
  ['/web/requests/new', () => <NewRequest />],
  ['/web/requests/:id', (p) => <RequestDetail id={p.id as string} />],
  ['/web/census', () => <Census />],
  ['/web/bookmarks', () => <Bookmarks />],
  ['/web/lists', () => <Lists />],
  ['/web/lists/:id', (p) => <ListDetail id={p.id as string} />],
  ['/web/filters', () => <Filters />],
  ['/web/blocks', () => <Blocks />],
  ['/web/moderation', () => <ModerationQueue />],
  ['/web/moderation/:id', (p) => <ModerationReport id={p.id as string} />],
  ['/web/search', () => <SearchPage />],
  ['/web/explore', () => <Explore />],
  ['/web/conversations', () => <Conversations />],
  ['/web/@:username', (p) => <Profile username={p.username as string} />],
  ['/web/@:username/followers', (p) => <Follows username={p.username as string} which="followers" />],
  ['/web/@:username/following', (p) => <Follows username={p.username as string} which="following" />],
  ['/web/@:username/service', (p) => <ServiceRecord username={p.username as string} />],
  ['/web/@:username/analytics', (p) => <Analytics username={p.username as string} />],
  ['/web/@:username/operators', (p) => <Operators username={p.username as string} />],
  ['/web/@:username/:id', (p) => <StatusThread username={p.username as string} id={p.id as string} />],
];

function Page() {
  const loc = useLocation();
  const { t } = useI18n();
  const path = loc.split('?')[0] as string;
  for (const [pattern, render] of ROUTES) {
    const params = matchPath(pattern, path);
    if (params) return <>{render(params)}</>;
  }
  return (
    <div className="card">
      <h1 tabIndex={-1}>{t('common.notFound')}</h1>
      <Link to="/web/">{t('nav.home')}</Link>
    </div>
  );
}

/** A link of the site's navigation, marked current on its pages; `inTabs` where the phone's tab bar holds it too. */
function NavLink({ to, children, inTabs = false }: { to: string; children: ReactNode; inTabs?: boolean }) {
  const loc = useLocation();
  const path = loc.split('?')[0] ?? '';
  const current = to === '/web/' ? path === '/web/' || path === '/web' : path.startsWith(to);
  const className = [current ? 'current' : '', inTabs ? 'in-tabs' : ''].filter(Boolean).join(' ');
  return (
    <Link to={to} aria-current={current ? 'page' : undefined} className={className || undefined}>
      {children}
    </Link>
  );
}

function Header() {
  const { t, lang, setLang } = useI18n();
  const { me, signOut, acting, stopActing } = useSession();
  const unread = useUnread();
  return (
    <header className="site-header">
      <a href="#main" className="skip">
        {t('nav.skip')}
      </a>
      <div className="bar">
        <Link to="/web/" className="brand">
          <svg aria-hidden="true" viewBox="0 0 64 64" width="28" height="28">
            <rect width="64" height="64" rx="12" fill="#c8102e" />
            <path d="M32 12l5.9 12 13.1 1.9-9.5 9.3 2.2 13.1L32 42.1l-11.7 6.2 2.2-13.1-9.5-9.3 13.1-1.9z" fill="#ffd34d" />
          </svg>
          <span>{t('app.name')}</span>
          <small>{t('app.tagline')}</small>
        </Link>
        <SearchBox />
        <div className="bar-end">
          <button type="button" className="lang" lang={lang === 'en' ? 'zh-CN' : 'en'} aria-label={t('lang.label')} onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}>
            {t('lang.switch')}
          </button>
          {me ? (
            <>
              <Link to={`/web/@${me.username}`} className="me">
                <img src={me.avatar} alt="" width="24" height="24" />
                {me.display_name || me.username}
              </Link>
              <button type="button" className="secondary small" onClick={() => void signOut()}>
                {t('nav.signout')}
              </button>
            </>
          ) : (
            <>
              <Link to="/web/signin" className="button small">
                {t('nav.signin')}
              </Link>
              <Link to="/web/signup" className="button secondary small">
                {t('nav.signup')}
              </Link>
            </>
          )}
        </div>
      </div>
      <nav aria-label={t('nav.main')} className="nav">
        {/* On a phone the tab bar holds the ones marked inTabs; the header's nav keeps the rest. */}
        <NavLink to="/web/" inTabs>
          {t('nav.home')}
        </NavLink>
        <NavLink to="/web/public" inTabs={!me}>
          {t('nav.public')}
        </NavLink>
        <NavLink to="/web/explore" inTabs>
          {t('nav.explore')}
        </NavLink>
        {me && (
          <NavLink to="/web/notifications" inTabs>
            {t('nav.notifications')}
            <UnreadBadge count={unread.notifications} />
          </NavLink>
        )}
        {me && (
          <NavLink to="/web/conversations" inTabs>
            {t('nav.conversations')}
          </NavLink>
        )}
        {me && <NavLink to="/web/bookmarks">{t('nav.bookmarks')}</NavLink>}
        {me && <NavLink to="/web/lists">{t('nav.lists')}</NavLink>}
        {me && <NavLink to="/web/filters">{t('nav.filters')}</NavLink>}
        {me && <NavLink to="/web/requests">{t('nav.requests')}</NavLink>}
        {me && <NavLink to="/web/verify">{t('nav.verify')}</NavLink>}
        {isReviewer(me) && <NavLink to="/web/review">{t('nav.review')}</NavLink>}
        {isReviewer(me) && <NavLink to="/web/moderation">{t('nav.moderation')}</NavLink>}
        <NavLink to="/web/census" inTabs={!me}>
          {t('nav.census')}
        </NavLink>
      </nav>
      {acting && me && (
        <div className="acting" role="status">
          {t('actingAs', { organ: me.display_name || me.username })}{' '}
          <button type="button" className="link" onClick={() => void stopActing()}>
            {t('actingAs.return')}
          </button>
        </div>
      )}
    </header>
  );
}

/** The tab bar's pictures: outlines that read at 22 px, coloured by the link (currentColor). */
const TAB_ICONS: Record<string, ReactNode> = {
  home: <path d="M4 11l8-7 8 7v9a1 1 0 0 1-1 1h-4v-6H9v6H5a1 1 0 0 1-1-1z" />,
  explore: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M15.5 8.5l-2 5-5 2 2-5z" />
    </>
  ),
  notifications: <path d="M6 16V11a6 6 0 0 1 12 0v5l2 2H4zM10 20a2 2 0 0 0 4 0" />,
  conversations: <path d="M4 5h16v11H9l-5 4z" />,
  me: (
    <>
      <circle cx="12" cy="8" r="4" />
      <path d="M4 21c1-4 4-6 8-6s7 2 8 6" />
    </>
  ),
  public: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M3 12h18M12 3c3 3 3 15 0 18M12 3c-3 3-3 15 0 18" />
    </>
  ),
  census: <path d="M5 20V10M10 20V4M15 20v-7M20 20v-11" />,
};

/**
 * On a phone, the places a person goes most, under the thumb (as Weibo's and Mastodon's apps have them), and gone
 * from the header's nav there (`in-tabs`), which keeps the rest. Hidden on wider screens by the style sheet.
 */
function TabBar() {
  const { t } = useI18n();
  const { me } = useSession();
  const unread = useUnread();
  const tabs: [to: string, icon: string, text: string, badge?: ReactNode][] = me
    ? [
        ['/web/', 'home', t('nav.home')],
        ['/web/explore', 'explore', t('nav.explore')],
        ['/web/notifications', 'notifications', t('nav.notifications'), <UnreadBadge key="n" count={unread.notifications} />],
        ['/web/conversations', 'conversations', t('nav.conversations')],
        [`/web/@${me.username}`, 'me', t('nav.me')],
      ]
    : [
        ['/web/', 'home', t('nav.home')],
        ['/web/public', 'public', t('nav.public')],
        ['/web/explore', 'explore', t('nav.explore')],
        ['/web/census', 'census', t('nav.census')],
      ];
  return (
    <nav aria-label={t('nav.tabs')} className="tabbar">
      {tabs.map(([to, icon, text, badge]) => (
        <NavLink key={to} to={to}>
          <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
            {TAB_ICONS[icon]}
          </svg>
          <span>{text}</span>
          {badge}
        </NavLink>
      ))}
    </nav>
  );
}

/** Moves focus to the new page's heading after client-side navigation, as a page load would for screen readers. */
function useFocusOnNavigate(main: RefObject<HTMLElement | null>) {
  const path = useLocation().split('?')[0] ?? '';
  // The path focus was last moved for: the first load keeps the browser's own focus (and StrictMode's second effect run changes nothing).
  const shown = useRef(path);
  useEffect(() => {
    if (shown.current === path) return;
    shown.current = path;
    const id = window.setTimeout(() => {
      const h1 = main.current?.querySelector<HTMLElement>('h1');
      (h1 ?? main.current)?.focus({ preventScroll: true });
    }, 0);
    return () => window.clearTimeout(id);
  }, [path, main]);
}

function Shell() {
  const main = useRef<HTMLElement>(null);
  useFocusOnNavigate(main);
  const loc = useLocation();
  const wide = loc.startsWith('/web/census') || /\/analytics/.test(loc);
  return (
    <>
      <Header />
      <main id="main" ref={main} tabIndex={-1} className={wide ? 'wide' : undefined}>
        <Suspense fallback={<Loading />}>
          <Page />
        </Suspense>
      </main>
      <footer className="site-footer">
        <p>govblog · Mastodon API · <a href="/docs">API</a></p>
      </footer>
      <TabBar />
    </>
  );
}

export function App() {
  const [lang, setLangState] = useState<Lang>(storedLang);
  const i18n = useMemo(
    () => ({
      lang,
      t: translator(lang),
      setLang: (l: Lang) => {
        rememberLang(l);
        setLangState(l);
      },
    }),
    [lang],
  );
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  return (
    <I18nContext.Provider value={i18n}>
      <SessionProvider>
        <UnreadProvider>
          <Shell />
        </UnreadProvider>
      </SessionProvider>
    </I18nContext.Provider>
  );
}
