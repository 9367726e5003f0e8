import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useI18n } from '../i18n';
import { putRelationship } from '../query';
import { useSession } from '../session';
import type { Account, Relationship } from '../types';
import { AccountName, Avatar, ErrorBox } from './ui';

/** The reader's relationships to these accounts, in one request (`id[]=…`), from the shared cache (a follow elsewhere shows here too). */
function useRelationships(signedIn: boolean, ids: readonly string[]): Record<string, Relationship> {
  const { api } = useSession();
  const q = useQuery({
    queryKey: ['relationships', ids],
    queryFn: () => api.get<Relationship[]>(`/api/v1/accounts/relationships?${ids.map((id) => `id[]=${encodeURIComponent(id)}`).join('&')}`),
    enabled: signedIn && ids.length > 0,
  });
  return useMemo(() => Object.fromEntries((q.data ?? []).map((r) => [r.id, r])), [q.data]);
}

/** Follow / unfollow (or withdraw a request) for one account of a list. */
function FollowButton({ account, rel }: { account: Account; rel: Relationship | undefined }) {
  const { t } = useI18n();
  const { api } = useSession();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (!rel || rel.blocking || rel.blocked_by) return null;
  const on = rel.following || rel.requested;
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      putRelationship(qc, await api.post<Relationship>(`/api/v1/accounts/${account.id}/${on ? 'unfollow' : 'follow'}`));
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
  const { me } = useSession();
  const rels = useRelationships(me !== null, accounts.filter((a) => a.id !== me?.id).map((a) => a.id));
  return (
    <ul className="search-accounts" aria-label={label}>
      {accounts.map((a) => (
        <li key={a.id} className="search-account">
          <Avatar account={a} size={40} />
          <AccountName account={a} />
          <span className="push-end row">
            {me && a.id !== me.id && <FollowButton account={a} rel={rels[a.id]} />}
            {extra?.(a)}
          </span>
        </li>
      ))}
    </ul>
  );
}
