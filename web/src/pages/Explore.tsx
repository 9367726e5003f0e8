import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { AccountList } from '../components/accounts';
import { Timeline } from '../components/timeline';
import { ErrorBox, Loading, PageTitle } from '../components/ui';
import { useTitle } from '../hooks';
import { formatNumber, useI18n } from '../i18n';
import { Link } from 'react-router';
import { useSession } from '../session';
import type { Account, Hashtag } from '../types';

interface Suggestion {
  source: string;
  sources: string[];
  account: Account;
}

/** A trending tag's last seven days: people and posts (Mastodon's history, newest day first). */
function weekOf(tag: Hashtag): { accounts: number; uses: number } {
  let accounts = 0;
  let uses = 0;
  for (const h of tag.history.slice(0, 7)) {
    accounts += Number(h.accounts);
    uses += Number(h.uses);
  }
  return { accounts, uses };
}

/** Accounts to follow (local organs first, as the server ranks them), each dismissable. */
function Suggestions() {
  const { t } = useI18n();
  const { api, me } = useSession();
  const qc = useQueryClient();
  const listQuery = queryOptions({ queryKey: ['suggestions', me?.id], queryFn: () => (me ? api.get<Suggestion[]>('/api/v2/suggestions', { limit: 10 }) : Promise.resolve([])) });
  const list = useQuery(listQuery);
  const dismiss = async (a: Account) => {
    await api.delete(`/api/v1/suggestions/${a.id}`);
    qc.setQueryData(listQuery.queryKey, (old) => (old ?? []).filter((s) => s.account.id !== a.id));
  };
  return (
    <section className="card" aria-labelledby="explore-suggestions">
      <h2 id="explore-suggestions">{t('explore.suggestions')}</h2>
      {!me ? (
        <p className="muted">{t('explore.signinForSuggestions')}</p>
      ) : (
        <>
          <p className="muted">{t('explore.suggestionsHint')}</p>
          <ErrorBox error={list.error} />
          {list.isPending && !list.data && <Loading />}
          {list.data && list.data.length === 0 && <p className="muted">{t('explore.noSuggestions')}</p>}
          {list.data && list.data.length > 0 && (
            <AccountList
              accounts={list.data.map((s) => s.account)}
              label={t('explore.suggestions')}
              extra={(a) => (
                <button type="button" className="secondary small" aria-label={t('explore.dismissLabel', { name: a.display_name || a.username })} onClick={() => void dismiss(a)}>
                  {t('explore.dismiss')}
                </button>
              )}
            />
          )}
        </>
      )}
    </section>
  );
}

/** What people talk about now: trending tags (to their pages inside the app) and posts, and whom to follow. */
export function Explore() {
  const { t, lang } = useI18n();
  const { api } = useSession();
  useTitle(t('explore.title'));
  const tags = useQuery({ queryKey: ['trending-tags'], queryFn: () => api.get<Hashtag[]>('/api/v1/trends/tags', { limit: 10 }) });
  return (
    <>
      <PageTitle>{t('explore.title')}</PageTitle>
      <Suggestions />
      <section className="card" aria-labelledby="explore-tags">
        <h2 id="explore-tags">{t('explore.tags')}</h2>
        <ErrorBox error={tags.error} />
        {tags.isPending && !tags.data && <Loading />}
        {tags.data && tags.data.length === 0 && <p className="muted">{t('explore.noTags')}</p>}
        {tags.data && tags.data.length > 0 && (
          <ol className="trend-tags">
            {tags.data.map((tag) => {
              const w = weekOf(tag);
              return (
                <li key={tag.name}>
                  <Link to={`/web/tags/${encodeURIComponent(tag.name)}`}>#{tag.name}</Link>
                  <span className="muted"> {t('explore.tagUses', { accounts: w.accounts, uses: w.uses })}</span>
                </li>
              );
            })}
          </ol>
        )}
      </section>
      <h2 className="section-title">{t('explore.statuses')}</h2>
      <Timeline path="/api/v1/trends/statuses" label={t('explore.statuses')} context="public" />
    </>
  );
}
