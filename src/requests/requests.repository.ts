import { type Insertable, type Selectable, type Updateable, sql } from 'kysely';
import type { Executor } from '../db/database.js';
import type { RequestSort, RequestState } from '../domain/service-request.js';
import type { RequestEventsTable, ServiceRequestsTable } from './requests.table.js';

export type RequestRow = Selectable<ServiceRequestsTable>;
export type RequestEventRow = Selectable<RequestEventsTable>;

export async function insertRequest(db: Executor, row: Insertable<ServiceRequestsTable>): Promise<RequestRow> {
  return db.insertInto('service_requests').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findRequest(db: Executor, id: number): Promise<RequestRow | undefined> {
  return db.selectFrom('service_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Applies a step to a request still in `from` (and, for a rating, not yet
 * rated); undefined when another step got there first.
 */
export async function transitionRequest(
  db: Executor,
  id: number,
  from: RequestState,
  patch: Updateable<ServiceRequestsTable>,
  opts: { unrated?: boolean } = {},
): Promise<RequestRow | undefined> {
  let q = db.updateTable('service_requests').set(patch).where('id', '=', id).where('state', '=', from);
  if (opts.unrated) q = q.where('rated_at', 'is', null);
  return q.returningAll().executeTakeFirst();
}

export async function insertRequestEvent(db: Executor, row: Insertable<RequestEventsTable>): Promise<void> {
  await db.insertInto('request_events').values(row).execute();
}

/** The latest direct message of a request's thread, which the next step's message answers. */
export async function lastRequestMessageId(db: Executor, requestId: number): Promise<number | null> {
  const row = await db.selectFrom('request_events').select('status_id').where('request_id', '=', requestId).where('status_id', 'is not', null).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row?.status_id == null ? null : Number(row.status_id);
}

/** The histories of these requests, keyed by request id, oldest step first: one query for a page. */
export async function loadRequestEvents(db: Executor, requestIds: readonly number[]): Promise<Map<number, RequestEventRow[]>> {
  const out = new Map<number, RequestEventRow[]>();
  if (requestIds.length === 0) return out;
  const rows = await db.selectFrom('request_events').selectAll().where('request_id', 'in', [...new Set(requestIds)]).orderBy('id', 'asc').execute();
  for (const r of rows) {
    const key = Number(r.request_id);
    const list = out.get(key) ?? [];
    list.push(r);
    out.set(key, list);
  }
  return out;
}

/** Where a page sorted by due time starts: after this request (its due time, then its id, breaking ties). */
export interface DueCursor {
  dueAt: string;
  id: number;
}

export interface RequestQuery {
  organId?: number;
  citizenId?: number;
  /** Only public requests (an organ's record as the public sees it). */
  publicOnly?: boolean;
  /** One state, or `open`: every state but resolved. */
  state?: RequestState | 'open';
  /** Given to this account, or `none`: to nobody. */
  assignee?: number | 'none';
  /** Only open requests past their due time at this instant (ISO). */
  overdueAt?: string;
  /** Words the request's text or the organ's response contains (case-insensitive). */
  text?: string;
  sort?: RequestSort;
  /** sort=due only: the page after this request. */
  after?: DueCursor;
  maxId?: number;
  sinceId?: number;
  minId?: number;
  limit: number;
}

/** `like` matches its pattern's % and _ as wildcards; a search for them means the characters. */
function likeContaining(words: string): string {
  return `%${words.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Requests newest first (Mastodon paging: min_id reads the page just above
 * the cursor), or soonest due first (paging by `after`). Every filter is in
 * the query that applies the limit, so that a page is full and its cursor right.
 */
export async function listRequests(db: Executor, q: RequestQuery): Promise<RequestRow[]> {
  let query = db.selectFrom('service_requests').selectAll();
  if (q.organId !== undefined) query = query.where('organ_account_id', '=', q.organId);
  if (q.citizenId !== undefined) query = query.where('citizen_account_id', '=', q.citizenId);
  if (q.publicOnly) query = query.where('visibility', '=', 'public');
  if (q.state === 'open') query = query.where('state', '!=', 'resolved');
  else if (q.state) query = query.where('state', '=', q.state);
  if (q.assignee === 'none') query = query.where('assignee_id', 'is', null);
  else if (q.assignee !== undefined) query = query.where('assignee_id', '=', q.assignee);
  if (q.overdueAt !== undefined) query = query.where('state', '!=', 'resolved').where('due_at', '<', q.overdueAt);
  if (q.text !== undefined && q.text !== '') {
    const pattern = likeContaining(q.text);
    query = query.where((eb) =>
      eb.or([
        eb(sql`lower(${sql.ref('text')})`, 'like', sql`${pattern} escape '\\'`),
        eb(sql`lower(coalesce(${sql.ref('response')}, ''))`, 'like', sql`${pattern} escape '\\'`),
      ]),
    );
  }
  if (q.maxId !== undefined) query = query.where('id', '<', q.maxId);
  if (q.sinceId !== undefined) query = query.where('id', '>', q.sinceId);
  if (q.sort === 'due') {
    const after = q.after;
    if (after) query = query.where((eb) => eb.or([eb('due_at', '>', after.dueAt), eb.and([eb('due_at', '=', after.dueAt), eb('id', '>', after.id)])]));
    return query.orderBy('due_at', 'asc').orderBy('id', 'asc').limit(q.limit).execute();
  }
  if (q.minId === undefined) return query.orderBy('id', 'desc').limit(q.limit).execute();
  const rows = await query.where('id', '>', q.minId).orderBy('id', 'asc').limit(q.limit).execute();
  return rows.reverse();
}

/** Gives a request to an account of the organ's side, or to nobody (null). */
export async function setRequestAssignee(db: Executor, id: number, assigneeId: number | null, at: string): Promise<RequestRow | undefined> {
  return db
    .updateTable('service_requests')
    .set({ assignee_id: assigneeId, assigned_at: assigneeId === null ? null : at, updated_at: at })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** What service statistics need of an organ's requests, public and private alike, optionally by creation time. */
export async function serviceRowsOf(db: Executor, organId: number, range: { fromIso?: string; toIso?: string } = {}) {
  let query = db
    .selectFrom('service_requests')
    .select(['state', 'created_at', 'first_response_at', 'rating'])
    .where('organ_account_id', '=', organId);
  if (range.fromIso !== undefined) query = query.where('created_at', '>=', range.fromIso);
  if (range.toIso !== undefined) query = query.where('created_at', '<', range.toIso);
  return query.execute();
}
