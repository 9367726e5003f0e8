import { useEffect, useState } from 'react';
import type { Api } from '../api';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import type { Account, Relationship } from '../types';
import { AccountName, Avatar, ErrorBox } from './ui';

/** The reader's relationships to these accounts, in one request (`id[]=…`), refreshed when the set changes. */
export function useRelationships(api: Api, signedIn: boolean, ids: readonly string[]) {
  const [rels, setRels] = useState<Record<string, Relationship>>({});
  const key = ids.join(',');
  useEffect(() => {
    const missing = ids.filter((id) => !(id in rels));
    if (!signedIn || missing.length === 0) return;
    let live = true;
    const query = missing.map((id) => `id[]=${encodeURIComponent(id)}`).join('&');
    api.get<Relationship[]>(`/api/v1/accounts/relationships?${query}`).then(
      (list) => {
        if (live) setRels((old) => ({ ...old, ...Object.fromEntries(list.map((r) => [r.id, r])) }));
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, signedIn, key]);
  const set = (r: Relationship) => setRels((old) => ({ ...old, [r.id]: r }));
  return { rels, set };
}

/** Follow / unfollow (or withdraw a request) for one account of a list. */
export function FollowButton({ account, rel, onChange }: { account: Account; rel: Relationship | undefined; onChange: (r: Relationship) => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (!rel || rel.blocking || rel.blocked_by) return null;
  const on = rel.following || rel.requested;
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      onChange(await api.post<Relationship>(`/api/v1/accounts/${account.id}/${on ? 'unfollow' : 'follow'}`));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className={`small${on ? ' secondary' : ''}`} aria-pressed={on} disabled={busy} onClick={() => void run()} aria-label={`${rel.following ? t('profile.unfollow') : rel.requested ? t('profile.requested') : t('profile.follow')} ${account.display_name || account.username}`}>
        {rel.following ? t('profile.unfollow') : rel.requested ? t('profile.requested') : t('profile.follow')}
      </button>
      <ErrorBox error={error} />
    </>
  );
}

/** A list of accounts, each with its avatar, name (linking to the profile), badge and a follow button for a signed-in reader. */
export function AccountList({ accounts, label, extra }: { accounts: readonly Account[]; label: string; extra?: (a: Account) => React.ReactNode }) {
  const { api, me } = useSession();
  const { rels, set } = useRelationships(api, me !== null, accounts.filter((a) => a.id !== me?.id).map((a) => a.id));
  return (
    <ul className="search-accounts" aria-label={label}>
      {accounts.map((a) => (
        <li key={a.id} className="search-account">
          <Avatar account={a} size={40} />
          <AccountName account={a} />
          <span className="push-end row">
            {me && a.id !== me.id && <FollowButton account={a} rel={rels[a.id]} onChange={set} />}
            {extra?.(a)}
          </span>
        </li>
      ))}
    </ul>
  );
}
