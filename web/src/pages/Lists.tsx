import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Timeline } from '../components/timeline';
import { AccountName, Avatar, ErrorBox, Field, Loading, PageTitle } from '../components/ui';
import { useTitle } from '../hooks';
import { useI18n } from '../i18n';
import { Link, useNavigate } from 'react-router';
import { pagesKey } from '../query';
import { useSession } from '../session';
import type { Account, UserList } from '../types';

const REPLIES: UserList['replies_policy'][] = ['followed', 'list', 'none'];

/** One's lists (Mastodon's /api/v1/lists) and a form for a new one. */
export function Lists() {
  const { t } = useI18n();
  const { api, me, loading } = useSession();
  useTitle(t('lists.title'));
  const qc = useQueryClient();
  const listsQuery = queryOptions({ queryKey: ['lists', me?.id], queryFn: () => (me ? api.get<UserList[]>('/api/v1/lists') : Promise.resolve([] as UserList[])) });
  const lists = useQuery(listsQuery);
  const [title, setTitle] = useState('');
  const [error, setError] = useState<unknown>(null);
  if (loading) return <Loading />;
  if (!me) return <p className="card">{t('common.signinNeeded')}</p>;
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const made = await api.post<UserList>('/api/v1/lists', { title: title.trim() });
      setTitle('');
      qc.setQueryData(listsQuery.queryKey, (old) => [...(old ?? []), made]);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <PageTitle>{t('lists.title')}</PageTitle>
      <form className="card form" aria-label={t('lists.new')} onSubmit={(e) => void create(e)}>
        <Field label={t('lists.name')} name="title" error={error}>
          {(p) => <input {...p} type="text" maxLength={100} required value={title} onChange={(e) => setTitle(e.target.value)} />}
        </Field>
        <ErrorBox error={error} shownFields={['title']} />
        <button type="submit" disabled={title.trim() === ''}>
          {t('lists.create')}
        </button>
      </form>
      <ErrorBox error={lists.error} />
      {lists.isPending && !lists.data && <Loading />}
      {lists.data?.length === 0 && <p className="muted center">{t('lists.empty')}</p>}
      {lists.data && lists.data.length > 0 && (
        <ul className="card link-list" aria-label={t('lists.title')}>
          {lists.data.map((l) => (
            <li key={l.id}>
              <Link to={`/web/lists/${l.id}`}>{l.title}</Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** One list: its settings, its members (accounts one follows), its timeline. */
export function ListDetail({ id }: { id: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { api, me } = useSession();
  const qc = useQueryClient();
  const listQuery = queryOptions({ queryKey: ['list', id], queryFn: () => api.get<UserList>(`/api/v1/lists/${encodeURIComponent(id)}`) });
  const list = useQuery(listQuery);
  const membersQuery = queryOptions({ queryKey: ['list-members', id], queryFn: () => api.get<Account[]>(`/api/v1/lists/${encodeURIComponent(id)}/accounts`, { limit: 0 }) });
  const members = useQuery(membersQuery);
  const [draft, setDraft] = useState<Pick<UserList, 'title' | 'replies_policy' | 'exclusive'> | null>(null);
  const [username, setUsername] = useState('');
  const [error, setError] = useState<unknown>(null);
  const formId = useId();
  useTitle(list.data?.title ?? t('lists.title'));
  if (!me) return <p className="card">{t('common.signinNeeded')}</p>;
  if (list.isPending && !list.data) return <Loading />;
  if (!list.data)
    return (
      <div className="card">
        <h1 tabIndex={-1}>{t('lists.notFound')}</h1>
        <ErrorBox error={list.error} />
      </div>
    );
  const l = list.data;
  const form = draft ?? { title: l.title, replies_policy: l.replies_policy, exclusive: l.exclusive };
  const run = async (fn: () => Promise<void>) => {
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(err);
    }
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      qc.setQueryData(listQuery.queryKey, await api.put<UserList>(`/api/v1/lists/${l.id}`, form));
      setDraft(null);
      // Which replies the list shows may have changed: its timeline is read again.
      void qc.invalidateQueries({ queryKey: pagesKey(`/api/v1/timelines/list/${l.id}`) });
    });
  };
  const add = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const account = await api.get<Account>('/api/v1/accounts/lookup', { acct: username.trim().replace(/^@/, '') });
      await api.post(`/api/v1/lists/${l.id}/accounts`, { account_ids: [account.id] });
      setUsername('');
      qc.setQueryData(membersQuery.queryKey, (old) => [...(old ?? []).filter((a) => a.id !== account.id), account]);
      // Whose posts the list shows changed: its timeline is read again.
      void qc.invalidateQueries({ queryKey: pagesKey(`/api/v1/timelines/list/${l.id}`) });
    });
  };
  const remove = (a: Account) =>
    run(async () => {
      // Mastodon reads account_ids[] from the query or the body: both are sent.
      await api.request('DELETE', `/api/v1/lists/${l.id}/accounts?account_ids[]=${encodeURIComponent(a.id)}`, { body: { account_ids: [a.id] } });
      qc.setQueryData(membersQuery.queryKey, (old) => (old ?? []).filter((x) => x.id !== a.id));
      // Whose posts the list shows changed: its timeline is read again.
      void qc.invalidateQueries({ queryKey: pagesKey(`/api/v1/timelines/list/${l.id}`) });
    });
  const destroy = () =>
    run(async () => {
      await api.delete(`/api/v1/lists/${l.id}`);
      navigate('/web/lists');
    });
  return (
    <>
      <PageTitle
        actions={
          <button type="button" className="secondary danger" onClick={() => void destroy()}>
            {t('lists.delete')}
          </button>
        }
      >
        {l.title}
      </PageTitle>
      <ErrorBox error={error} />
      <div className="grid-2">
        <form className="card form" aria-label={t('lists.rename')} onSubmit={save}>
          <Field label={t('lists.name')} name="title" error={error}>
            {(p) => <input {...p} type="text" maxLength={100} value={form.title} onChange={(e) => setDraft({ ...form, title: e.target.value })} />}
          </Field>
          <Field label={t('lists.replies')} name="replies_policy" error={error}>
            {(p) => (
              <select {...p} value={form.replies_policy} onChange={(e) => setDraft({ ...form, replies_policy: e.target.value as UserList['replies_policy'] })}>
                {REPLIES.map((r) => (
                  <option key={r} value={r}>
                    {t(`lists.replies.${r}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('lists.exclusive')} name="exclusive" inline error={error}>
            {(p) => <input {...p} type="checkbox" checked={form.exclusive} onChange={(e) => setDraft({ ...form, exclusive: e.target.checked })} />}
          </Field>
          <button type="submit">{t('lists.rename')}</button>
        </form>
        <section className="card" aria-label={t('lists.members')}>
          <h2>{t('lists.members')}</h2>
          <form className="row" onSubmit={add}>
            <label htmlFor={`${formId}-user`} className="visually-hidden">
              {t('lists.addMember')}
            </label>
            <input id={`${formId}-user`} type="text" placeholder={t('lists.addMember')} value={username} onChange={(e) => setUsername(e.target.value)} />
            <button type="submit" disabled={username.trim() === ''}>
              {t('lists.add')}
            </button>
          </form>
          {members.data?.length === 0 && <p className="muted">{t('lists.noMembers')}</p>}
          <ul className="search-accounts">
            {members.data?.map((a) => (
              <li key={a.id} className="search-account">
                <Avatar account={a} size={36} />
                <AccountName account={a} />
                <button type="button" className="secondary small push-end" onClick={() => void remove(a)}>
                  {t('lists.removeMember', { name: a.acct })}
                </button>
              </li>
            ))}
          </ul>
        </section>
      </div>
      <h2 className="section-title">{t('lists.timeline')}</h2>
      <Timeline path={`/api/v1/timelines/list/${l.id}`} label={t('lists.timeline')} context="home" />
    </>
  );
}
