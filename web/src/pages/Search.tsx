import { useQuery } from '@tanstack/react-query';
import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { StatusCard } from '../components/status';
import { AccountName, Avatar, ErrorBox, Loading, PageTitle, profilePath } from '../components/ui';
import { useTitle } from '../hooks';
import { useI18n } from '../i18n';
import { useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../session';
import type { Account, SearchResults } from '../types';

/** Milliseconds of typing pause before the autocomplete asks the server. */
const DEBOUNCE_MS = 250;
const SUGGESTIONS = 8;

/** A query naming something of another server: `@name@host`, `name@host` or an http(s) link. */
export function looksRemote(q: string): boolean {
  return /^@?[A-Za-z0-9_]+@[A-Za-z0-9.-]+(:\d+)?$/.test(q) || /^https?:\/\/\S+$/i.test(q);
}

/** The search path of the UI for a query. */
export function searchPath(q: string): string {
  return `/web/search?q=${encodeURIComponent(q)}`;
}

/**
 * The header's search box: accounts suggested as one types (debounced; the
 * mention autocomplete when signed in, /api/v2/search's accounts otherwise),
 * Enter opens the results page. A combobox as WAI-ARIA describes it: arrows
 * move through the suggestions, Escape closes them.
 */
export function SearchBox() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { api, me } = useSession();
  const [params] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [found, setFound] = useState<Account[]>([]);
  const seq = useRef(0);
  const listId = useId();

  useEffect(() => {
    const query = q.trim();
    if (!query) {
      setFound([]);
      return;
    }
    const mine = ++seq.current;
    const timer = window.setTimeout(() => {
      const load = me
        ? api.get<Account[]>('/api/v1/accounts/search', { q: query, limit: SUGGESTIONS })
        : api.get<SearchResults>('/api/v2/search', { q: query, type: 'accounts', limit: SUGGESTIONS }).then((r) => r.accounts);
      load.then(
        (accounts) => {
          if (mine === seq.current) setFound(accounts);
        },
        () => {
          if (mine === seq.current) setFound([]);
        },
      );
    }, DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [q, api, me]);

  const go = (to: string) => {
    setOpen(false);
    setActive(-1);
    navigate(to);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const query = q.trim();
    if (!query) return;
    const pick = active >= 0 ? found[active] : undefined;
    go(pick ? profilePath(pick) : searchPath(query));
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((i) => Math.min(found.length - 1, i + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(-1, i - 1));
    } else if (e.key === 'Escape') {
      setOpen(false);
      setActive(-1);
    }
  };
  const shown = open && found.length > 0 && q.trim() !== '';
  return (
    <form role="search" className="search-box" onSubmit={submit}>
      <label htmlFor={`${listId}-q`} className="visually-hidden">
        {t('search.label')}
      </label>
      <input
        id={`${listId}-q`}
        type="search"
        value={q}
        placeholder={t('search.placeholder')}
        autoComplete="off"
        role="combobox"
        aria-expanded={shown}
        aria-controls={`${listId}-list`}
        aria-autocomplete="list"
        aria-activedescendant={shown && active >= 0 ? `${listId}-${active}` : undefined}
        maxLength={500}
        onChange={(e) => {
          setQ(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => window.setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKey}
      />
      <button type="submit" className="small">
        {t('search.submit')}
      </button>
      {shown && (
        <ul id={`${listId}-list`} role="listbox" className="suggestions" aria-label={t('search.suggestions')}>
          {found.map((a, i) => (
            <li
              key={a.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                go(profilePath(a));
              }}
            >
              <Avatar account={a} size={28} />
              <span className="suggestion-text">
                <strong>{a.display_name || a.username}</strong>
                <small>@{a.acct}{a.gov ? ` · ${a.gov.verification}` : ''}</small>
              </span>
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}

/** /web/search?q=…: accounts, hashtags and statuses that match, as /api/v2/search finds them for this reader. */
export function SearchPage() {
  const { t } = useI18n();
  const { api, me } = useSession();
  const q = (useSearchParams()[0].get('q') ?? '').trim();
  useTitle(q ? t('search.titleFor', { q }) : t('search.title'));
  // A handle of another server or a link is looked up there (Mastodon's resolve), for a signed-in reader as Mastodon allows.
  const resolve = me !== null && looksRemote(q);
  const results = useQuery({ queryKey: ['search', q, resolve], queryFn: () => (q ? api.get<SearchResults>('/api/v2/search', { q, limit: 20, ...(resolve ? { resolve: true } : {}) }) : Promise.resolve({ accounts: [], statuses: [], hashtags: [] })) });
  const r = results.data;
  return (
    <>
      <PageTitle>{q ? t('search.titleFor', { q }) : t('search.title')}</PageTitle>
      {!q && <p className="card muted">{t('search.hint')}</p>}
      {results.isPending && <Loading />}
      <ErrorBox error={results.error} />
      {q && r && !results.isPending && (
        <>
          <section className="card" aria-labelledby="search-accounts">
            <h2 id="search-accounts">{t('search.accounts')}</h2>
            {r.accounts.length === 0 ? (
              <p className="muted">{t('search.none')}</p>
            ) : (
              <ul className="search-accounts">
                {r.accounts.map((a) => (
                  <li key={a.id} className="search-account">
                    <Avatar account={a} size={40} />
                    <div>
                      <AccountName account={a} />
                      {a.gov && <p className="muted small">{a.gov.verification}</p>}
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="card" aria-labelledby="search-tags">
            <h2 id="search-tags">{t('search.hashtags')}</h2>
            {r.hashtags.length === 0 ? (
              <p className="muted">{t('search.none')}</p>
            ) : (
              <ul className="row search-tags">
                {r.hashtags.map((h) => (
                  <li key={h.name}>
                    <a href={h.url}>#{h.name}</a>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="search-statuses">
            <h2 id="search-statuses" className="section-title">
              {t('search.statuses')}
            </h2>
            {!me && <p className="card muted">{t('search.statusesSignIn')}</p>}
            {me && r.statuses.length === 0 && <p className="card muted">{t('search.none')}</p>}
            {r.statuses.map((s) => (
              <StatusCard key={s.id} status={s} />
            ))}
          </section>
        </>
      )}
    </>
  );
}
