import { type ReactNode, type RefObject, Suspense, lazy, useEffect, useMemo, useRef, useState } from 'react';
import { I18nContext, type Lang, rememberLang, storedLang, translator, useI18n } from './i18n';
import { BrowserRouter, Link, NavLink as RouterNavLink, Route, Routes, useLocation, useNavigationType, useParams } from 'react-router';
import { QueryClientProvider } from '@tanstack/react-query';
import { newQueryClient } from './query';
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

function NotFound() {
  const { t } = useI18n();
  return (
    <div className="card">
      <h1 tabIndex={-1}>{t('common.notFound')}</h1>
      <Link to="/web/">{t('nav.home')}</Link>
    </div>
  );
}

/**
 * A page of one account, `/web/@name…`: the router's segments are whole, so the
 * `@` is checked here and anything else under /web/ that no route names is not found.
 */
function AccountRoute({ render }: { render: (username: string, id: string) => ReactNode }) {
  const { handle = '', id = '' } = useParams();
  if (!handle.startsWith('@') || handle.length < 2) return <NotFound />;
  return <>{render(handle.slice(1), id)}</>;
}

/** A page whose path names one thing by `:id` (or `:tag`). */
function WithParam({ name, render }: { name: string; render: (value: string) => ReactNode }) {
  const value = useParams()[name] ?? '';
  return <>{render(value)}</>;
}

/** Every page of the UI, by path; the router ranks fixed segments above `:param` ones. */
function Pages() {
  return (
    <Routes>
      <Route path="/web" element={<Home />} />
      <Route path="/web/public" element={<PublicTimeline />} />
      <Route path="/web/tags/:tag" element={<WithParam name="tag" render={(tag) => <TagTimeline tag={tag} />} />} />
      <Route path="/web/signin" element={<SignIn />} />
      <Route path="/web/signup" element={<SignUp />} />
      <Route path="/web/callback" element={<Callback />} />
      <Route path="/web/notifications" element={<Notifications />} />
      <Route path="/web/verify" element={<Verify />} />
      <Route path="/web/review" element={<Review />} />
      <Route path="/web/requests" element={<Requests />} />
      <Route path="/web/requests/new" element={<NewRequest />} />
      <Route path="/web/requests/:id" element={<WithParam name="id" render={(id) => <RequestDetail id={id} />} />} />
      <Route path="/web/census" element={<Census />} />
      <Route path="/web/bookmarks" element={<Bookmarks />} />
      <Route path="/web/lists" element={<Lists />} />
      <Route path="/web/lists/:id" element={<WithParam name="id" render={(id) => <ListDetail id={id} />} />} />
      <Route path="/web/filters" element={<Filters />} />
      <Route path="/web/blocks" element={<Blocks />} />
      <Route path="/web/moderation" element={<ModerationQueue />} />
      <Route path="/web/moderation/:id" element={<WithParam name="id" render={(id) => <ModerationReport id={id} />} />} />
      <Route path="/web/search" element={<SearchPage />} />
      <Route path="/web/explore" element={<Explore />} />
      <Route path="/web/conversations" element={<Conversations />} />
      <Route path="/web/:handle" element={<AccountRoute render={(u) => <Profile username={u} />} />} />
      <Route path="/web/:handle/followers" element={<AccountRoute render={(u) => <Follows username={u} which="followers" />} />} />
      <Route path="/web/:handle/following" element={<AccountRoute render={(u) => <Follows username={u} which="following" />} />} />
      <Route path="/web/:handle/service" element={<AccountRoute render={(u) => <ServiceRecord username={u} />} />} />
      <Route path="/web/:handle/analytics" element={<AccountRoute render={(u) => <Analytics username={u} />} />} />
      <Route path="/web/:handle/operators" element={<AccountRoute render={(u) => <Operators username={u} />} />} />
      <Route path="/web/:handle/:id" element={<AccountRoute render={(u, id) => <StatusThread username={u} id={id} />} />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}

/**
 * A link of the site's navigation, marked as the current page (aria-current) on its page and those under it, home
 * only on itself; `inTabs` where the phone's tab bar holds it too.
 */
function NavLink({ to, children, inTabs = false }: { to: string; children: ReactNode; inTabs?: boolean }) {
  return (
    <RouterNavLink to={to} end={to === '/web/'} className={({ isActive }) => [isActive ? 'current' : '', inTabs ? 'in-tabs' : ''].filter(Boolean).join(' ') || undefined}>
      {children}
    </RouterNavLink>
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
  const { pathname: path, key } = useLocation();
  const how = useNavigationType();
  // A link or a form opens its page at the top; back and forward leave the browser to restore where the reader was.
  useEffect(() => {
    if (how !== 'POP') window.scrollTo(0, 0);
  }, [key, how]);
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
  const { pathname } = useLocation();
  const wide = pathname.startsWith('/web/census') || /\/analytics/.test(pathname);
  return (
    <>
      <Header />
      <main id="main" ref={main} tabIndex={-1} className={wide ? 'wide' : undefined}>
        <Suspense fallback={<Loading />}>
          <Pages />
        </Suspense>
      </main>
      <footer className="site-footer">
        <p>govblog · Mastodon API · <a href="/docs">API</a></p>
      </footer>
      <TabBar />
    </>
  );
}

/** One cache per signed-in identity: signing in, out, or acting as an organ starts an empty one, so no answer meant for another reader is shown. */
function SessionCache({ children }: { children: ReactNode }) {
  const { token } = useSession();
  const client = useMemo(() => newQueryClient(), [token]);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
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
        <SessionCache>
          <UnreadProvider>
            {/* A followed link shows its page at once (no transition keeping the old one), so focus and the reader move together. */}
            <BrowserRouter useTransitions={false}>
              <Shell />
            </BrowserRouter>
          </UnreadProvider>
        </SessionCache>
      </SessionProvider>
    </I18nContext.Provider>
  );
}
