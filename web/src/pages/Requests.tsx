import { type FormEvent, useId, useState } from 'react';
import { REQUEST_CATEGORIES, REQUEST_STATES, REQUEST_TEXT_MAX } from '../../../src/domain/service-request';
import type { Operator, RequestStaff } from '../types';
import { AccountName, ErrorBox, Field, LoadMore, Loading, PageTitle, StatePill, Time } from '../components/ui';
import { useLoad, usePaged, useTitle } from '../hooks';
import { formatNumber, formatPercent, label, useI18n } from '../i18n';
import { Link, navigate, useSearchParams } from '../router';
import { useSession } from '../session';
import type { Account, RequestEvent, ServiceRequest, ServiceStats } from '../types';
import { useAccount } from './Profile';

/** A citizen writes to a verified organ. */
export function NewRequest() {
  const { t } = useI18n();
  const { api, me, loading } = useSession();
  const to = useSearchParams().get('to') ?? '';
  const organ = useLoad(() => (to ? api.get<Account>('/api/v1/accounts/lookup', { acct: to }) : Promise.resolve(null)), [api, to]);
  const [form, setForm] = useState({ category: 'inquiry', text: '', visibility: 'private' as 'public' | 'private' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useTitle(t('request.new'));

  if (loading || organ.loading) return <Loading />;
  if (!me)
    return (
      <div className="card">
        <h1 tabIndex={-1}>{t('request.new')}</h1>
        <p>
          {t('common.signinNeeded')} <Link to="/web/signin">{t('nav.signin')}</Link>
        </p>
      </div>
    );
  const o = organ.data;
  if (!o || o.gov?.kind !== 'institutional')
    return (
      <div className="card">
        <h1 tabIndex={-1}>{t('request.new')}</h1>
        <p>{t('request.notOrgan')}</p>
        <p className="muted">{t('request.chooseOrgan')}</p>
        <ErrorBox error={organ.error} />
      </div>
    );

  const left = REQUEST_TEXT_MAX - [...form.text].length;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<ServiceRequest>('/api/v1/gov/requests', { account_id: o.id, ...form });
      navigate(`/web/requests/${r.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle>{t('request.new')}</PageTitle>
      <form className="card form" onSubmit={(e) => void submit(e)} noValidate aria-label={t('request.new')}>
        <p>
          {t('request.to')}：<AccountName account={o} />
        </p>
        <Field label={t('request.category')} name="category" error={error}>
          {(p) => (
            <select {...p} value={form.category} onChange={(e) => setForm((f) => ({ ...f, category: e.target.value }))}>
              {REQUEST_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {label(t, 'category', c)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('request.text')} name="text" error={error} hint={left >= 0 ? t('compose.counter', { n: left }) : t('compose.over', { n: -left })}>
          {(p) => <textarea {...p} rows={6} required value={form.text} onChange={(e) => setForm((f) => ({ ...f, text: e.target.value }))} />}
        </Field>
        <fieldset className="choice">
          <legend>{t('request.visibility')}</legend>
          {(['private', 'public'] as const).map((v) => (
            <label key={v} className="radio">
              <input type="radio" name="visibility" value={v} checked={form.visibility === v} onChange={() => setForm((f) => ({ ...f, visibility: v }))} />
              {t(`request.${v}`)}
            </label>
          ))}
        </fieldset>
        <ErrorBox error={error} shownFields={['category', 'text']} />
        <button type="submit" disabled={busy || left < 0 || !form.text.trim()}>
          {t('request.submit')}
        </button>
      </form>
    </>
  );
}

/** How the inbox names a staff member: their display name and handle. */
function staffName(p: RequestStaff): string {
  return `${p.display_name || p.username} (@${p.acct})`;
}

/** The due time of an open request, with its overdue or due-soon mark; nothing once resolved. */
function DueMark({ r }: { r: ServiceRequest }) {
  const { t } = useI18n();
  if (r.state === 'resolved') return null;
  return (
    <span className="due-mark">
      {t('request.due')} <Time iso={r.due_at} />
      {r.overdue && <span className="pill pill-overdue">{t('request.overdue')}</span>}
      {r.due_soon && <span className="pill pill-due-soon">{t('request.dueSoon')}</span>}
    </span>
  );
}

function RequestRow({ r, side }: { r: ServiceRequest; side: 'sent' | 'received' | 'public' }) {
  const { t } = useI18n();
  const other = side === 'sent' ? r.organ : r.citizen;
  return (
    <li className={`card request-row${r.overdue ? ' request-overdue' : ''}`}>
      <div className="request-row-head">
        <Link to={`/web/requests/${r.id}`} className="request-link">
          {t('request.title', { id: r.id })} · {label(t, 'category', r.category)}
        </Link>
        <StatePill state={r.state} text={label(t, 'rstate', r.state)} />
      </div>
      <p className="request-text">{r.text}</p>
      <p className="muted small request-meta">
        {other && <AccountName account={other} />} · <Time iso={r.created_at} />
        {r.rating !== null && <> · {t('request.rated', { n: r.rating })}</>}
      </p>
      {(r.state !== 'resolved' || r.assignee) && (
        <p className="small request-meta">
          <DueMark r={r} />
          {r.assignee && <span className="request-assignee">{t('request.assignedTo', { name: staffName(r.assignee) })}</span>}
        </p>
      )}
    </li>
  );
}

/** Who may hold an organ's requests: the organ account itself and its live operators (the organ's side only may list them). */
function useStaff(organ: Account | null | undefined, enabled: boolean) {
  const { api } = useSession();
  return useLoad(
    () => (organ && enabled ? api.get<Operator[]>(`/api/v1/gov/accounts/${organ.id}/operators`) : Promise.resolve([] as Operator[])),
    [api, organ?.id, enabled],
  );
}

/** Whom a request may be given to: the organ itself, then each of its operators by name. */
function StaffOptions({ organ, staff }: { organ: Account; staff: readonly Operator[] | null | undefined }) {
  const { t } = useI18n();
  return (
    <>
      <option value={organ.id}>{t('inbox.organSelf', { name: organ.display_name || organ.username })}</option>
      {(staff ?? []).map((op) => (
        <option key={op.account_id} value={op.account_id}>
          {op.account ? `${op.account.display_name || op.account.username} (@${op.account.acct})` : `#${op.account_id}`}
        </option>
      ))}
    </>
  );
}

/** The inbox's filters, kept in the address so that a filtered view can be bookmarked and the back button works. */
const FILTER_KEYS = ['state', 'assignee_id', 'overdue', 'q', 'sort'] as const;

function InboxFilters({ params, box, organ }: { params: URLSearchParams; box: 'sent' | 'received'; organ: Account | null }) {
  const { t } = useI18n();
  const staff = useStaff(organ, box === 'received');
  const [q, setQ] = useState(params.get('q') ?? '');
  const ids = useId();
  const go = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    next.set('box', box);
    for (const [k, v] of Object.entries(patch)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    navigate(`/web/requests?${next.toString()}`, { replace: true });
  };
  const filtered = FILTER_KEYS.some((k) => params.has(k));
  return (
    <form
      className="card inbox-filters"
      role="search"
      aria-label={t('inbox.filters')}
      onSubmit={(e) => {
        e.preventDefault();
        go({ q: q.trim() || null });
      }}
    >
      <div className="inbox-search">
        <label htmlFor={`${ids}-q`} className="visually-hidden">
          {t('inbox.search')}
        </label>
        <input id={`${ids}-q`} type="search" name="q" value={q} maxLength={200} placeholder={t('inbox.search')} onChange={(e) => setQ(e.target.value)} />
        <button type="submit">{t('inbox.searchButton')}</button>
      </div>
      <div className="inbox-controls">
        <label>
          <span>{t('inbox.state')}</span>
          <select name="state" value={params.get('state') ?? ''} onChange={(e) => go({ state: e.target.value })}>
            <option value="">{t('inbox.stateAll')}</option>
            <option value="open">{t('inbox.stateOpen')}</option>
            {REQUEST_STATES.map((st) => (
              <option key={st} value={st}>
                {label(t, 'rstate', st)}
              </option>
            ))}
          </select>
        </label>
        {box === 'received' && organ && (
          <label>
            <span>{t('inbox.assignee')}</span>
            <select name="assignee_id" value={params.get('assignee_id') ?? ''} onChange={(e) => go({ assignee_id: e.target.value })}>
              <option value="">{t('inbox.assigneeAll')}</option>
              <option value="unassigned">{t('inbox.unassigned')}</option>
              <StaffOptions organ={organ} staff={staff.data} />
            </select>
          </label>
        )}
        <label>
          <span>{t('inbox.sort')}</span>
          <select name="sort" value={params.get('sort') ?? 'newest'} onChange={(e) => go({ sort: e.target.value === 'newest' ? null : e.target.value })}>
            <option value="newest">{t('inbox.sortNewest')}</option>
            <option value="due">{t('inbox.sortDue')}</option>
          </select>
        </label>
        <label className="check">
          <input type="checkbox" name="overdue" checked={params.get('overdue') === 'true'} onChange={(e) => go({ overdue: e.target.checked ? 'true' : null })} />
          <span>{t('inbox.overdueOnly')}</span>
        </label>
        {filtered && (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setQ('');
              go(Object.fromEntries(FILTER_KEYS.map((k) => [k, null])));
            }}
          >
            {t('inbox.clear')}
          </button>
        )}
      </div>
    </form>
  );
}

/** The tracker: what I asked, and, for an organ, what was asked of it. */
export function Requests() {
  const { t } = useI18n();
  const { api, me, loading } = useSession();
  const params = useSearchParams();
  const isOrgan = me?.gov?.kind === 'institutional';
  const box = (params.get('box') as 'sent' | 'received' | null) ?? (isOrgan ? 'received' : 'sent');
  const query: Record<string, string> = { box };
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    // Whom an organ gives requests to is its own business: the sent box never filters by it.
    if (v && !(k === 'assignee_id' && box !== 'received')) query[k] = v;
  }
  const list = usePaged<ServiceRequest>(api, me ? '/api/v1/gov/requests' : null, query, [me?.id]);
  useTitle(t('requests.title'));
  if (loading) return <Loading />;
  if (!me)
    return (
      <div className="card">
        <h1 tabIndex={-1}>{t('requests.title')}</h1>
        <p>{t('common.signinNeeded')}</p>
      </div>
    );
  return (
    <>
      <PageTitle>{t('requests.title')}</PageTitle>
      <nav className="tabs" aria-label={t('requests.box')}>
        {(isOrgan ? (['received', 'sent'] as const) : (['sent'] as const)).map((b) => (
          <Link key={b} to={`/web/requests?box=${b}`} aria-current={b === box ? 'page' : undefined} className={b === box ? 'current' : undefined}>
            {t(`requests.${b}`)}
          </Link>
        ))}
      </nav>
      <InboxFilters key={box} params={params} box={box} organ={isOrgan ? me : null} />
      <ErrorBox error={list.error} />
      {!list.loading && list.items.length === 0 && !list.error && <p className="muted">{FILTER_KEYS.some((k) => params.has(k)) ? t('inbox.none') : t('requests.empty')}</p>}
      <ul className="plain-list">
        {list.items.map((r) => (
          <RequestRow key={r.id} r={r} side={box} />
        ))}
      </ul>
      <LoadMore hasMore={list.hasMore} loading={list.loading} onMore={list.loadMore} count={list.items.length} />
    </>
  );
}

const EVENT_KEYS: Record<string, 'event.submit' | 'event.accept' | 'event.respond' | 'event.resolve' | 'event.rate'> = {
  submit: 'event.submit',
  submitted: 'event.submit',
  accept: 'event.accept',
  accepted: 'event.accept',
  respond: 'event.respond',
  responded: 'event.respond',
  resolve: 'event.resolve',
  resolved: 'event.resolve',
  rate: 'event.rate',
  rated: 'event.rate',
};

/** One request with its history; the organ's side acts on it, the citizen rates it once resolved. */
export function RequestDetail({ id }: { id: string }) {
  const { t } = useI18n();
  const { api, me } = useSession();
  const req = useLoad(() => api.get<ServiceRequest>(`/api/v1/gov/requests/${encodeURIComponent(id)}`), [api, id]);
  const [response, setResponse] = useState('');
  const [score, setScore] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const rid = useId();
  useTitle(t('request.title', { id }));

  if (req.loading && !req.data) return <Loading />;
  if (!req.data)
    return (
      <div className="card">
        <h1 tabIndex={-1}>{t('common.notFound')}</h1>
        <ErrorBox error={req.error} />
      </div>
    );
  const r = req.data;
  const organSide = me?.id === r.account_id;
  const citizen = me?.id === r.citizen_account_id;
  /** Who took a step, as the caller may know: the staff member for the organ's side and reviewers, else the party. */
  const actorName = (e: RequestEvent) => {
    if (e.operator) return t('event.by', { name: staffName(e.operator) });
    const party = e.account_id === r.account_id ? r.organ : e.account_id === r.citizen_account_id ? r.citizen : null;
    return party ? t('event.byOrgan', { name: party.display_name || party.username }) : null;
  };

  const act = async (action: 'accept' | 'respond' | 'resolve' | 'rate' | 'assign' | 'unassign', body: unknown = {}) => {
    setBusy(true);
    setError(null);
    try {
      req.setData(await api.post<ServiceRequest>(`/api/v1/gov/requests/${r.id}/${action}`, body));
      if (action === 'respond') setResponse('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle actions={<StatePill state={r.state} text={label(t, 'rstate', r.state)} />}>{t('request.title', { id: r.id })}</PageTitle>
      <section className="card">
        <dl className="facts">
          <div>
            <dt>{t('request.category')}</dt>
            <dd>{label(t, 'category', r.category)}</dd>
          </div>
          <div>
            <dt>{t('request.to')}</dt>
            <dd>{r.organ ? <AccountName account={r.organ} /> : `#${r.account_id}`}</dd>
          </div>
          <div>
            <dt>{t('request.from')}</dt>
            <dd>{r.citizen ? <AccountName account={r.citizen} /> : `#${r.citizen_account_id}`}</dd>
          </div>
          <div>
            <dt>{t('request.visibility')}</dt>
            <dd>{r.visibility === 'public' ? t('request.public') : t('request.private')}</dd>
          </div>
          <div>
            <dt>{t('request.due')}</dt>
            <dd>
              <Time iso={r.due_at} />
              {r.overdue && <span className="pill pill-overdue">{t('request.overdue')}</span>}
              {r.due_soon && <span className="pill pill-due-soon">{t('request.dueSoon')}</span>}
            </dd>
          </div>
          {(organSide || r.assignee) && (
            <div>
              <dt>{t('request.assignee')}</dt>
              <dd data-testid="request-assignee">{r.assignee ? staffName(r.assignee) : t('request.unassigned')}</dd>
            </div>
          )}
        </dl>
        <p className="request-text big">{r.text}</p>
        {r.response && (
          <div className="response">
            <h2>{t('request.response')}</h2>
            <p>{r.response}</p>
          </div>
        )}
        {r.rating !== null && (
          <p className="rating" aria-label={t('request.rated', { n: r.rating })}>
            {'★'.repeat(r.rating)}
            {'☆'.repeat(5 - r.rating)} {t('request.rated', { n: r.rating })}
          </p>
        )}
      </section>

      <ol className="progress" aria-label={t('request.history')}>
        {REQUEST_STATES.map((s, i) => (
          <li key={s} className={REQUEST_STATES.indexOf(r.state) >= i ? 'done' : undefined}>
            {label(t, 'rstate', s)}
          </li>
        ))}
      </ol>

      <ErrorBox error={error} shownFields={['text', 'score', 'assignee_id']} />
      {organSide && r.organ && <AssignControl request={r} organ={r.organ} busy={busy} error={error} onAssign={(id) => void act('assign', { assignee_id: id })} onUnassign={() => void act('unassign')} />}
      {organSide && r.state !== 'resolved' && (
        <section className="card actions-card">
          {r.state === 'submitted' && (
            <button type="button" disabled={busy} onClick={() => void act('accept')}>
              {t('request.accept')}
            </button>
          )}
          {(r.state === 'accepted' || r.state === 'responded') && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void act('respond', { text: response });
              }}
            >
              <Field label={t('request.responseText')} name="text" error={error}>
                {(p) => <textarea {...p} rows={4} maxLength={REQUEST_TEXT_MAX} value={response} onChange={(e) => setResponse(e.target.value)} />}
              </Field>
              <div className="row">
                <button type="submit" disabled={busy || !response.trim()}>
                  {t('request.respond')}
                </button>
                {r.state === 'responded' && (
                  <button type="button" className="secondary" disabled={busy} onClick={() => void act('resolve')}>
                    {t('request.resolve')}
                  </button>
                )}
              </div>
            </form>
          )}
        </section>
      )}
      {citizen && r.state === 'resolved' && r.rating === null && (
        <form
          className="card"
          onSubmit={(e) => {
            e.preventDefault();
            if (score) void act('rate', { score });
          }}
        >
          <fieldset className="choice stars">
            <legend id={`${rid}-legend`}>{t('request.rateLabel')}</legend>
            {[1, 2, 3, 4, 5].map((n) => (
              <label key={n} className="radio">
                <input type="radio" name="score" value={n} checked={score === n} onChange={() => setScore(n)} />
                {n} {'★'.repeat(n)}
              </label>
            ))}
          </fieldset>
          <button type="submit" disabled={busy || !score}>
            {t('request.rate')}
          </button>
        </form>
      )}

      <section className="card">
        <h2>{t('request.history')}</h2>
        <ol className="history">
          {r.events.map((e) => (
            <li key={e.id}>
              <strong>{EVENT_KEYS[e.type] ? t(EVENT_KEYS[e.type] as 'event.submit') : e.type}</strong> · <Time iso={e.created_at} />
              {actorName(e) && <span className="muted"> · {actorName(e)}</span>}
              {e.text && <p>{e.text}</p>}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

/** The organ's side gives a request to one of its staff (or the organ account), or takes it back. */
function AssignControl({ request: r, organ, busy, error, onAssign, onUnassign }: { request: ServiceRequest; organ: Account; busy: boolean; error: unknown; onAssign: (id: string) => void; onUnassign: () => void }) {
  const { t } = useI18n();
  const staff = useStaff(organ, true);
  const [choice, setChoice] = useState(r.assignee_id ?? '');
  return (
    <form
      className="card actions-card assign-form"
      aria-label={t('request.assign')}
      onSubmit={(e) => {
        e.preventDefault();
        if (choice) onAssign(choice);
      }}
    >
      <Field label={t('request.assignTo')} name="assignee_id" error={error}>
        {(p) => (
          <select {...p} value={choice} onChange={(e) => setChoice(e.target.value)}>
            <option value="">{t('request.unassigned')}</option>
            <StaffOptions organ={organ} staff={staff.data} />
          </select>
        )}
      </Field>
      <div className="row">
        <button type="submit" disabled={busy || !choice || choice === r.assignee_id}>
          {t('request.assign')}
        </button>
        {r.assignee_id && (
          <button type="button" className="secondary" disabled={busy} onClick={onUnassign}>
            {t('request.unassign')}
          </button>
        )}
      </div>
    </form>
  );
}

export function StatsCards({ stats }: { stats: ServiceStats }) {
  const { t, lang } = useI18n();
  return (
    <div className="stats">
      <div className="stat">
        <span className="stat-label">{t('service.total')}</span>
        <strong>{formatNumber(lang, stats.total)}</strong>
      </div>
      <div className="stat">
        <span className="stat-label">{t('service.responseRate')}</span>
        <strong>{formatPercent(lang, stats.response_rate)}</strong>
      </div>
      <div className="stat">
        <span className="stat-label">{t('service.median')}</span>
        <strong>{stats.median_hours_to_first_response === null ? '—' : t('service.hours', { n: formatNumber(lang, stats.median_hours_to_first_response, 1) })}</strong>
      </div>
      <div className="stat">
        <span className="stat-label">{t('service.rating')}</span>
        <strong>{stats.average_rating === null ? '—' : `${formatNumber(lang, stats.average_rating, 2)} / 5`}</strong>
        <span className="muted small">{t('service.ratings', { n: stats.ratings })}</span>
      </div>
    </div>
  );
}

/** An organ's public record: its statistics and its public requests. */
export function ServiceRecord({ username }: { username: string }) {
  const { t } = useI18n();
  const { api } = useSession();
  const organ = useAccount(username);
  const o = organ.data;
  const stats = useLoad(() => (o ? api.get<ServiceStats>(`/api/v1/gov/accounts/${o.id}/service_stats`) : Promise.resolve(null)), [api, o?.id]);
  const list = usePaged<ServiceRequest>(api, o ? `/api/v1/gov/accounts/${o.id}/requests` : null, undefined, []);
  const name = o ? o.display_name || o.username : username;
  useTitle(t('service.title', { name }));
  if (organ.loading) return <Loading />;
  if (!o) return <ErrorBox error={organ.error} />;
  return (
    <>
      <PageTitle actions={<Link to={`/web/@${o.username}`}>{t('common.back')}</Link>}>{t('service.title', { name })}</PageTitle>
      <ErrorBox error={stats.error} />
      {stats.data && (
        <section className="card" aria-label={t('profile.serviceRecord')}>
          <StatsCards stats={stats.data} />
          <h2>{t('service.byState')}</h2>
          <ul className="state-counts">
            {REQUEST_STATES.map((s) => (
              <li key={s}>
                <StatePill state={s} text={label(t, 'rstate', s)} /> {stats.data?.counts[s] ?? 0}
              </li>
            ))}
          </ul>
        </section>
      )}
      <h2 className="section-title">{t('service.public')}</h2>
      <ErrorBox error={list.error} />
      <ul className="plain-list">
        {list.items.map((r) => (
          <RequestRow key={r.id} r={r} side="public" />
        ))}
      </ul>
      <LoadMore hasMore={list.hasMore} loading={list.loading} onMore={list.loadMore} count={list.items.length} />
    </>
  );
}
