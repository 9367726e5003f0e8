import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { ApiError } from '../api';
import { AccountName, Avatar, ErrorBox, LoadMore, Loading, PageTitle, StatePill, Time } from '../components/ui';
import { useTitle } from '../hooks';
import { usePages } from '../query';
import { type MessageKey, useI18n } from '../i18n';
import { Link } from 'react-router';
import { isReviewer, useSession } from '../session';
import type { AdminAccount, AdminReport } from '../types';

/** What a moderator may do to an account from a report; silence, disable and suspend are for admins only (README, Reports and moderation). */
type ActionType = 'none' | 'sensitive' | 'disable' | 'silence' | 'suspend';
const REVIEWER_ACTIONS: ActionType[] = ['none', 'sensitive'];
const ADMIN_ACTIONS: ActionType[] = ['none', 'sensitive', 'disable', 'silence', 'suspend'];

function Forbidden() {
  const { t } = useI18n();
  return (
    <div className="card">
      <h1 tabIndex={-1}>{t('mod.title')}</h1>
      <p>{t('mod.forbidden')}</p>
    </div>
  );
}

/** An account's standing as moderators see it. */
function Standing({ account }: { account: AdminAccount }) {
  const { t } = useI18n();
  const marks = (['suspended', 'silenced', 'disabled', 'sensitized'] as const).filter((k) => account[k]);
  if (marks.length === 0) return <StatePill state="approved" text={t('mod.standing.ok')} />;
  return (
    <>
      {marks.map((k) => (
        <StatePill key={k} state="rejected" text={t(`mod.standing.${k}`)} />
      ))}
    </>
  );
}

/** A session from before the admin scopes were asked for cannot read the queue: say how to get them. */
function ScopeAwareError({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (error instanceof ApiError && error.code === 'insufficient_scope') return <div className="error" role="alert">{t('review.needsAdminScopes')}</div>;
  return <ErrorBox error={error} />;
}

/** The moderation queue: open (or resolved) reports, newest first, each opening its page. */
export function ModerationQueue() {
  const { t } = useI18n();
  const { api, me, loading } = useSession();
  const [resolved, setResolved] = useState(false);
  useTitle(t('mod.title'));
  const staff = isReviewer(me);
  const reports = usePages<AdminReport>(staff ? '/api/v1/admin/reports' : null, resolved ? { resolved: true } : undefined);
  if (loading) return <Loading />;
  if (!staff) return <Forbidden />;
  return (
    <>
      <PageTitle>{t('mod.title')}</PageTitle>
      <div className="row" role="group" aria-label={t('mod.show')}>
        <button type="button" className={resolved ? 'secondary' : undefined} aria-pressed={!resolved} onClick={() => setResolved(false)}>
          {t('mod.open')}
        </button>
        <button type="button" className={resolved ? undefined : 'secondary'} aria-pressed={resolved} onClick={() => setResolved(true)}>
          {t('mod.resolved')}
        </button>
      </div>
      <ScopeAwareError error={reports.error} />
      <ul className="report-list" aria-label={t('mod.title')}>
        {reports.items.map((r) => (
          <li key={r.id} className="card report-item" data-testid="report">
            <h2>
              <Link to={`/web/moderation/${r.id}`}>{t('mod.report', { id: r.id })}</Link>{' '}
              <StatePill state={r.action_taken ? 'approved' : 'pending'} text={r.action_taken ? t('mod.stateResolved') : t('mod.stateOpen')} />
            </h2>
            <p>
              {t('mod.target')}：<strong>@{r.target_account.account.acct}</strong> · {t(`report.cat.${r.category}`)} · <Time iso={r.created_at} />
            </p>
            {r.comment && <p className="muted report-comment">{r.comment}</p>}
            <p className="muted">
              {t('mod.assigned')}：{r.assigned_account ? `@${r.assigned_account.account.acct}` : t('mod.unassigned')}
            </p>
          </li>
        ))}
      </ul>
      <LoadMore hasMore={reports.hasMore} loading={reports.loading} onMore={reports.loadMore} count={reports.items.length} />
    </>
  );
}

/** One report: who reported whom, for what, the posts and rules cited; assign, resolve, and act on the account. */
export function ModerationReport({ id }: { id: string }) {
  const { t } = useI18n();
  const { api, me, loading } = useSession();
  const staff = isReviewer(me);
  const qc = useQueryClient();
  const reportQuery = queryOptions({ queryKey: ['admin-report', id, staff], queryFn: () => (staff ? api.get<AdminReport>(`/api/v1/admin/reports/${encodeURIComponent(id)}`) : Promise.resolve(null)) });
  const report = useQuery(reportQuery);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [type, setType] = useState<ActionType>('none');
  const [text, setText] = useState('');
  const [notify, setNotify] = useState(true);
  const [done, setDone] = useState<ActionType | null>(null);
  const formId = useId();
  useTitle(t('mod.report', { id }));
  if (loading) return <Loading />;
  if (!staff) return <Forbidden />;
  if (report.isPending && !report.data) return <Loading />;
  if (!report.data)
    return (
      <div className="card">
        <h1 tabIndex={-1}>{t('common.notFound')}</h1>
        <ScopeAwareError error={report.error} />
      </div>
    );
  const r = report.data;
  const admin = me?.role?.name === 'admin';
  const actions = admin ? ADMIN_ACTIONS : REVIEWER_ACTIONS;
  const mine = r.assigned_account?.id === me?.id;

  const step = async (name: 'assign_to_self' | 'unassign' | 'resolve' | 'reopen') => {
    setBusy(true);
    setError(null);
    try {
      qc.setQueryData(reportQuery.queryKey, await api.post<AdminReport>(`/api/v1/admin/reports/${r.id}/${name}`));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const act = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/v1/admin/accounts/${r.target_account.id}/action`, { type, report_id: r.id, text: text.trim(), send_email_notification: notify });
      setDone(type);
      setText('');
      qc.setQueryData(reportQuery.queryKey, await api.get<AdminReport>(`/api/v1/admin/reports/${r.id}`));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p>
        <Link to="/web/moderation">← {t('mod.back')}</Link>
      </p>
      <PageTitle>
        {t('mod.report', { id: r.id })} <StatePill state={r.action_taken ? 'approved' : 'pending'} text={r.action_taken ? t('mod.stateResolved') : t('mod.stateOpen')} />
      </PageTitle>
      <section className="card" aria-label={t('mod.report', { id: r.id })}>
        <dl className="facts">
          <div>
            <dt>{t('mod.target')}</dt>
            <dd className="report-account">
              <Avatar account={r.target_account.account} size={32} />
              <AccountName account={r.target_account.account} /> <Standing account={r.target_account} />
            </dd>
          </div>
          <div>
            <dt>{t('mod.reporter')}</dt>
            <dd>
              <AccountName account={r.account.account} />
            </dd>
          </div>
          <div>
            <dt>{t('mod.category')}</dt>
            <dd>{t(`report.cat.${r.category}`)}</dd>
          </div>
          <div>
            <dt>{t('mod.comment')}</dt>
            <dd>{r.comment || '—'}</dd>
          </div>
          <div>
            <dt>{t('mod.assigned')}</dt>
            <dd>{r.assigned_account ? `@${r.assigned_account.account.acct}` : t('mod.unassigned')}</dd>
          </div>
        </dl>
        {r.rules.length > 0 && (
          <>
            <h2>{t('mod.rules')}</h2>
            <ol className="report-rules">
              {r.rules.map((rule) => (
                <li key={rule.id}>{rule.text}</li>
              ))}
            </ol>
          </>
        )}
        {r.statuses.length > 0 && (
          <>
            <h2>{t('mod.statuses')}</h2>
            <ul className="report-cited">
              {r.statuses.map((s) => (
                <li key={s.id}>
                  <Time iso={s.created_at} />
                  {/* The server's sanitised HTML, as everywhere a status shows. */}
                  <div className="status-content" dangerouslySetInnerHTML={{ __html: s.content }} />
                </li>
              ))}
            </ul>
          </>
        )}
        <div className="row">
          {mine ? (
            <button type="button" className="secondary" disabled={busy} onClick={() => void step('unassign')}>
              {t('mod.unassign')}
            </button>
          ) : (
            <button type="button" className="secondary" disabled={busy} onClick={() => void step('assign_to_self')}>
              {t('mod.assignToMe')}
            </button>
          )}
          {r.action_taken ? (
            <button type="button" className="secondary" disabled={busy} onClick={() => void step('reopen')}>
              {t('mod.reopen')}
            </button>
          ) : (
            <button type="button" disabled={busy} onClick={() => void step('resolve')}>
              {t('mod.resolve')}
            </button>
          )}
        </div>
      </section>
      <form className="card form" aria-label={t('mod.action')} onSubmit={(e) => void act(e)}>
        <h2>{t('mod.action')}</h2>
        <fieldset>
          <legend>{t('mod.actionType')}</legend>
          {actions.map((a) => (
            <label key={a} className="inline">
              <input type="radio" name={`${formId}-type`} checked={type === a} onChange={() => setType(a)} />
              <span>{t(`mod.type.${a}` as MessageKey)}</span>
            </label>
          ))}
        </fieldset>
        {!admin && <p className="hint">{t('mod.adminOnly')}</p>}
        <label htmlFor={`${formId}-text`}>{t('mod.actionText')}</label>
        <textarea id={`${formId}-text`} rows={3} value={text} onChange={(e) => setText(e.target.value)} />
        <label className="inline">
          <input type="checkbox" checked={notify} onChange={(e) => setNotify(e.target.checked)} />
          <span>{t('mod.notify')}</span>
        </label>
        {done && (
          <p className="notice" role="status">
            {t('mod.done', { action: t(`mod.type.${done}` as MessageKey) })}
          </p>
        )}
        <ErrorBox error={error} />
        <button type="submit" disabled={busy}>
          {t('mod.takeAction')}
        </button>
      </form>
    </>
  );
}
