import { Timeline } from '../components/timeline';
import { AccountName, Avatar, ErrorBox, LoadMore, Loading, PageTitle } from '../components/ui';
import { useTitle } from '../hooks';
import { useI18n } from '../i18n';
import { usePages } from '../query';
import { useSession } from '../session';
import type { Account } from '../types';
import { useState } from 'react';

/** The statuses one bookmarked, newest bookmark first (Link-header paging by the bookmark). */
export function Bookmarks() {
  const { t } = useI18n();
  const { me, loading } = useSession();
  useTitle(t('bookmarks.title'));
  if (loading) return <Loading />;
  if (!me) return <p className="card">{t('common.signinNeeded')}</p>;
  return (
    <>
      <PageTitle>{t('bookmarks.title')}</PageTitle>
      <Timeline path="/api/v1/bookmarks" label={t('bookmarks.title')} />
    </>
  );
}

/** One list of accounts (blocked or muted) with the button that undoes it for each. */
function AccountsUndo({ path, title, none, undo, undoLabel }: { path: string; title: string; none: string; undo: string; undoLabel: (name: string) => string }) {
  const { api } = useSession();
  const list = usePages<Account>(path);
  const [error, setError] = useState<unknown>(null);
  const run = async (a: Account) => {
    setError(null);
    try {
      await api.post(`/api/v1/accounts/${a.id}/${undo}`);
      list.edit((items) => items.filter((x) => x.id !== a.id));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      <ErrorBox error={error ?? list.error} />
      {list.items.length > 0 && (
        <ul className="search-accounts">
          {list.items.map((a) => (
            <li key={a.id} className="search-account">
              <Avatar account={a} size={36} />
              <AccountName account={a} />
              <button type="button" className="secondary small push-end" onClick={() => void run(a)}>
                {undoLabel(a.acct)}
              </button>
            </li>
          ))}
        </ul>
      )}
      {!list.loading && list.items.length === 0 ? <p className="muted">{none}</p> : <LoadMore hasMore={list.hasMore} loading={list.loading} onMore={list.loadMore} count={list.items.length} />}
    </section>
  );
}

/** The accounts one blocked and those one muted (Mastodon's /api/v1/blocks and /api/v1/mutes). */
export function Blocks() {
  const { t } = useI18n();
  const { me, loading } = useSession();
  useTitle(t('blocks.title'));
  if (loading) return <Loading />;
  if (!me) return <p className="card">{t('common.signinNeeded')}</p>;
  return (
    <>
      <PageTitle>{t('blocks.title')}</PageTitle>
      <AccountsUndo path="/api/v1/blocks" title={t('blocks.blocked')} none={t('blocks.noneBlocked')} undo="unblock" undoLabel={(name) => t('blocks.unblock', { name })} />
      <AccountsUndo path="/api/v1/mutes" title={t('blocks.muted')} none={t('blocks.noneMuted')} undo="unmute" undoLabel={(name) => t('blocks.unmute', { name })} />
    </>
  );
}
