import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { AccountName, Avatar, ErrorBox, Field, Loading, PageTitle, Time } from '../components/ui';
import { useTitle } from '../hooks';
import { label, useI18n } from '../i18n';
import { Link } from 'react-router';
import { usePages } from '../query';
import { useSession } from '../session';
import type { Account, Operator, Verification } from '../types';
import { useAccount } from './Profile';

/** Officials' applications that name this organ: its side vouches for them before a reviewer decides. */
function VouchRequests({ organ }: { organ: Account }) {
  const { t } = useI18n();
  const { api } = useSession();
  const list = usePages<Verification>(`/api/v1/gov/accounts/${organ.id}/vouch_requests`);
  const [error, setError] = useState<unknown>(null);
  if (list.error || list.items.length === 0) return null;
  return (
    <section className="card">
      <h2>{t('operators.vouch')}</h2>
      <ErrorBox error={error} />
      <ul className="plain-list">
        {list.items.map((v) => {
          const vouched = v.vouches.some((w) => w.organ_account_id === organ.id);
          return (
            <li key={v.id} className="operator-row">
              {v.account && <AccountName account={v.account} />} · {v.position} · {label(t, 'rank', v.rank)}
              <button
                type="button"
                className="secondary small"
                disabled={vouched}
                onClick={() =>
                  api.post<Verification>(`/api/v1/gov/verifications/${v.id}/vouch`).then(
                    (u) => list.edit((items) => items.map((x) => (x.id === v.id ? u : x))),
                    setError,
                  )
                }
              >
                {vouched ? t('operators.vouched') : t('operators.vouchButton')}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The organ manages the staff who run its account. */
export function Operators({ username }: { username: string }) {
  const { t } = useI18n();
  const { api, me } = useSession();
  const organ = useAccount(username);
  const name = organ.data ? organ.data.display_name || organ.data.username : username;
  useTitle(t('operators.title', { name }));
  const qc = useQueryClient();
  const opsQuery = queryOptions({ queryKey: ['operators', organ.data?.id], queryFn: () => (organ.data ? api.get<Operator[]>(`/api/v1/gov/accounts/${organ.data.id}/operators`) : Promise.resolve([] as Operator[])) });
  const ops = useQuery(opsQuery);
  const [who, setWho] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  if (organ.isPending || (ops.isPending && !ops.data)) return <Loading />;
  if (!organ.data) return <ErrorBox error={organ.error} />;
  const o = organ.data;
  const mayManage = me?.id === o.id;

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const account = await api.get<Account>('/api/v1/accounts/lookup', { acct: who.trim() });
      const op = await api.post<Operator>(`/api/v1/gov/accounts/${o.id}/operators`, { account_id: account.id });
      qc.setQueryData(opsQuery.queryKey, (list) => [...(list ?? []).filter((x) => x.account_id !== op.account_id), op]);
      setWho('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (op: Operator) => {
    setError(null);
    try {
      await api.delete<Operator>(`/api/v1/gov/accounts/${o.id}/operators/${op.account_id}`);
      qc.setQueryData(opsQuery.queryKey, (list) => (list ?? []).filter((x) => x.account_id !== op.account_id));
    } catch (err) {
      setError(err);
    }
  };

  return (
    <>
      <PageTitle actions={<Link to={`/web/@${o.username}`}>{t('common.back')}</Link>}>{t('operators.title', { name })}</PageTitle>
      <p className="lead">{t('operators.explain')}</p>
      <ErrorBox error={ops.error} />
      <section className="card">
        {ops.data && ops.data.length === 0 && <p className="muted">{t('operators.empty')}</p>}
        <ul className="plain-list">
          {ops.data?.map((op) => (
            <li key={op.id} className="operator-row">
              {op.account && <Avatar account={op.account} size={32} />}
              {op.account ? <AccountName account={op.account} /> : `#${op.account_id}`}
              <span className="muted">{t('operators.since')}</span>
              <Time iso={op.created_at} withTime={false} />
              {mayManage && (
                <button type="button" className="danger small" onClick={() => void remove(op)} aria-label={`${t('operators.remove')} @${op.account?.username ?? op.account_id}`}>
                  {t('operators.remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
        {mayManage && (
          <form className="inline-form" onSubmit={(e) => void add(e)} aria-label={t('operators.add')}>
            <Field label={t('operators.username')} name="account_id" error={error}>
              {(p) => <input {...p} type="text" required value={who} onChange={(e) => setWho(e.target.value)} />}
            </Field>
            <button type="submit" disabled={busy || !who.trim()}>
              {t('operators.addButton')}
            </button>
          </form>
        )}
        <ErrorBox error={error} shownFields={['account_id']} />
      </section>
      {mayManage && <VouchRequests organ={o} />}
    </>
  );
}
