import { type Insertable, type Selectable, sql } from 'kysely';
import { changed } from '../app/transaction.js';
import type { Executor } from '../db/database.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { StatusesTable } from './statuses.table.js';
import { indexStatuses, unindexStatuses } from '../search/search-index.repository.js';

export type StatusRow = Selectable<StatusesTable>;

export async function insertStatus(db: Executor, row: Insertable<StatusesTable>): Promise<StatusRow> {
  const inserted = await db.insertInto('statuses').values(row).returningAll().executeTakeFirstOrThrow();
  // Searchable from the same transaction on (reblogs are skipped there).
  await indexStatuses(db, [{ ...inserted, id: Number(inserted.id), reblog_of_id: inserted.reblog_of_id === null ? null : Number(inserted.reblog_of_id) }]);
  return inserted;
}

/** A status that has not been deleted. */
export async function findStatus(db: Executor, id: number): Promise<StatusRow | undefined> {
  return db.selectFrom('statuses').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
}

/** A remote status by its ActivityPub id, deleted or not (a Delete that came first leaves its tombstone). Local statuses have none stored (local-uris.ts). */
export async function findStatusByUri(db: Executor, uri: string): Promise<StatusRow | undefined> {
  return db.selectFrom('statuses').selectAll().where('uri', '=', uri).executeTakeFirst();
}

export async function findStatuses(db: Executor, ids: readonly number[]): Promise<StatusRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('statuses').selectAll().where('id', 'in', [...new Set(ids)]).where('deleted_at', 'is', null).execute();
}

/**
 * The ids up the reply chain from `parentId` (itself first, then its parent…),
 * at most `limit` of them: a recursive walk by in_reply_to_id that reads one
 * row per step, however large the thread.
 */
export async function ancestorIds(db: Executor, parentId: number, limit: number): Promise<number[]> {
  const { rows } = await sql<{ id: number; depth: number }>`
    with recursive up(id, parent, depth) as (
      select s.id, s.in_reply_to_id, 1 from statuses s where s.id = ${parentId} and s.deleted_at is null
      union all
      select s.id, s.in_reply_to_id, up.depth + 1 from up cross join statuses s
      where s.id = up.parent and s.deleted_at is null and up.depth < ${limit}
    )
    select id, depth from up limit ${limit}`.execute(db);
  return rows.sort((a, b) => Number(a.depth) - Number(b.depth)).map((r) => Number(r.id));
}

/**
 * Replies below `rootId`, breadth first, at most `limit` of them and at most
 * `maxDepth` levels down: the recursive walk stops as soon as the outer limit
 * is met, so a thread of any size costs about `limit` index reads. Each row
 * comes after its parent. (Reblogs never reply, so need no test here.) The
 * cross joins keep SQLite from driving the step from the statuses table: it
 * then scanned every status for each row walked.
 */
export async function descendantRows(db: Executor, rootId: number, limit: number, maxDepth: number): Promise<{ id: number; in_reply_to_id: number }[]> {
  const { rows } = await sql<{ id: number; in_reply_to_id: number }>`
    with recursive down(id, in_reply_to_id, depth) as (
      select s.id, s.in_reply_to_id, 1 from statuses s
      where s.in_reply_to_id = ${rootId} and s.deleted_at is null
      union all
      select s.id, s.in_reply_to_id, down.depth + 1 from down cross join statuses s
      where s.in_reply_to_id = down.id and s.deleted_at is null and down.depth < ${maxDepth}
    )
    select id, in_reply_to_id from down limit ${limit}`.execute(db);
  return rows.map((r) => ({ id: Number(r.id), in_reply_to_id: Number(r.in_reply_to_id) }));
}

export async function findReblog(db: Executor, accountId: number, statusId: number): Promise<StatusRow | undefined> {
  return db
    .selectFrom('statuses')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('reblog_of_id', '=', statusId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** A new thread's root is its own conversation. */
export async function setConversation(db: Executor, id: number, conversationId: number): Promise<StatusRow> {
  return db.updateTable('statuses').set({ conversation_id: conversationId }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function insertMentions(db: Executor, statusId: number, accountIds: readonly number[]): Promise<void> {
  if (accountIds.length === 0) return;
  await db.insertInto('mentions').values(accountIds.map((id) => ({ status_id: statusId, account_id: id }))).execute();
}

/** Tags a status with its hashtags, creating the tags not seen before (by their lower-cased name). */
export async function attachTags(db: Executor, statusId: number, tags: readonly string[]): Promise<void> {
  for (const display of tags) {
    const name = display.toLowerCase();
    await db.insertInto('tags').values({ name, display }).onConflict((oc) => oc.column('name').doNothing()).execute();
    const tag = await db.selectFrom('tags').select(['id', 'usable']).where('name', '=', name).executeTakeFirstOrThrow();
    // Staff made it unusable (src/tags/update-admin-tag.ts): the text keeps it, the post is not filed under it.
    if (tag.usable === 0) continue;
    await db.insertInto('status_tags').values({ status_id: statusId, tag_id: tag.id }).onConflict((oc) => oc.doNothing()).execute();
  }
}

/** The reblogs of a status not yet deleted, with their authors. */
export async function liveReblogsOf(db: Executor, statusId: number): Promise<{ id: number; account_id: number }[]> {
  return db.selectFrom('statuses').select(['id', 'account_id']).where('reblog_of_id', '=', statusId).where('deleted_at', 'is', null).execute();
}

/** The accounts that reblogged a status, latest first (GET /api/v1/statuses/:id/reblogged_by). */
export async function rebloggersOf(db: Executor, statusId: number, limit: number, excludedIds: readonly number[] = []): Promise<AccountRow[]> {
  let q = db
    .selectFrom('statuses')
    .innerJoin('accounts', 'accounts.id', 'statuses.account_id')
    .selectAll('accounts')
    .where('statuses.reblog_of_id', '=', statusId)
    .where('statuses.deleted_at', 'is', null);
  // Those the viewer blocks, mutes or is blocked by (src/social/exclusions.ts).
  if (excludedIds.length > 0) q = q.where('accounts.id', 'not in', [...excludedIds]);
  return q
    .orderBy('statuses.id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * What visibility needs of a viewer for a batch of statuses, in one query:
 * which of their authors (`authorIds`) the viewer follows, and which of them
 * (`statusIds`) mention the viewer.
 */
export async function viewerFacts(db: Executor, viewerId: number, authorIds: readonly number[], statusIds: readonly number[]): Promise<{ followed: Set<number>; mentioned: Set<number> }> {
  const followed = new Set<number>();
  const mentioned = new Set<number>();
  if (statusIds.length === 0) return { followed, mentioned };
  const { rows } = await sql<{ id: number; kind: number }>`
    select target_account_id as id, 0 as kind from follows where account_id = ${viewerId} and target_account_id in (${sql.join([...authorIds])})
    union all
    select status_id as id, 1 as kind from mentions where account_id = ${viewerId} and status_id in (${sql.join([...statusIds])})`.execute(db);
  for (const f of rows) (Number(f.kind) === 0 ? followed : mentioned).add(Number(f.id));
  return { followed, mentioned };
}

export type StatusCounter = 'replies_count' | 'reblogs_count' | 'favourites_count' | 'quotes_count';

/** Adds `by` (may be negative) to a status's counter, never below zero (as bumpAccountCounter does for accounts). */
export async function bumpStatusCounter(db: Executor, id: number, counter: StatusCounter, by: number): Promise<void> {
  await db
    .updateTable('statuses')
    .set((eb) => ({ [counter]: sql<number>`case when ${eb.ref(counter)} + ${by} < 0 then 0 else ${eb.ref(counter)} + ${by} end` }))
    .where('id', '=', id)
    .execute();
  changed(db, 'statuses', [id]);
}

/** Marks statuses deleted (their rows stay, for the record and for replies that point at them). */
export async function markStatusesDeleted(db: Executor, ids: readonly number[], at: string): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('statuses').set({ deleted_at: at }).where('id', 'in', [...ids]).execute();
  changed(db, 'statuses', ids);
  await unindexStatuses(db, ids);
}

/** Mentioned account ids per status. */
export async function mentionsOf(db: Executor, statusIds: readonly number[]): Promise<Map<number, number[]>> {
  const map = new Map<number, number[]>();
  if (statusIds.length === 0) return map;
  const rows = await db.selectFrom('mentions').select(['status_id', 'account_id']).where('status_id', 'in', [...statusIds]).execute();
  for (const r of rows) {
    const list = map.get(Number(r.status_id)) ?? [];
    list.push(Number(r.account_id));
    map.set(Number(r.status_id), list);
  }
  return map;
}

export async function tagsOf(db: Executor, statusIds: readonly number[]): Promise<Map<number, string[]>> {
  const map = new Map<number, string[]>();
  if (statusIds.length === 0) return map;
  const rows = await db
    .selectFrom('status_tags')
    .innerJoin('tags', 'tags.id', 'status_tags.tag_id')
    .select(['status_tags.status_id', 'tags.display'])
    .where('status_tags.status_id', 'in', [...statusIds])
    .execute();
  for (const r of rows) {
    const list = map.get(Number(r.status_id)) ?? [];
    list.push(r.display);
    map.set(Number(r.status_id), list);
  }
  return map;
}

/**
 * Of these statuses, the ones the viewer favourited, reblogged, bookmarked
 * and pinned, and those in a thread the viewer muted: one query, written as
 * SQL: it runs for every page of every timeline. Pins are looked for only
 * among `ownIds` (the viewer's own statuses in the batch: only those can be
 * pinned by them), which on most pages is none, and the query is a branch
 * shorter. Mutes likewise only with `threads` (each status's thread,
 * conversation-mutes.repository.ts threadOf), given for readers who muted any:
 * looked up by the mutes' own index, without joining statuses.
 */
export async function viewerMarks(db: Executor, viewerId: number, statusIds: readonly number[], ownIds: readonly number[] = statusIds, threads: ReadonlyMap<number, number> = new Map()) {
  const favourited = new Set<number>();
  const reblogged = new Set<number>();
  const bookmarked = new Set<number>();
  const pinned = new Set<number>();
  const muted = new Set<number>();
  if (statusIds.length === 0) return { favourited, reblogged, bookmarked, pinned, muted };
  const ids = sql.join([...new Set(statusIds)]);
  const pins = ownIds.length === 0 ? sql`` : sql`
    union all
    select status_id as id, 3 as kind from status_pins where account_id = ${viewerId} and status_id in (${sql.join([...new Set(ownIds)])})`;
  const threadIds = [...new Set(threads.values())];
  const mutes = threadIds.length === 0 ? sql`` : sql`
    union all
    select conversation_id as id, 4 as kind from conversation_mutes where account_id = ${viewerId} and conversation_id in (${sql.join(threadIds)})`;
  const { rows } = await sql<{ id: number; kind: number }>`
    select status_id as id, 1 as kind from favourites where account_id = ${viewerId} and status_id in (${ids})
    union all
    select reblog_of_id as id, 0 as kind from statuses where account_id = ${viewerId} and reblog_of_id in (${ids}) and deleted_at is null
    union all
    select status_id as id, 2 as kind from bookmarks where account_id = ${viewerId} and status_id in (${ids})${pins}${mutes}`.execute(db);
  const mutedThreads = new Set<number>();
  const into = [reblogged, favourited, bookmarked, pinned, mutedThreads];
  for (const r of rows) into[Number(r.kind)]?.add(Number(r.id));
  if (mutedThreads.size) for (const [statusId, thread] of threads) if (mutedThreads.has(thread)) muted.add(statusId);
  return { favourited, reblogged, bookmarked, pinned, muted };
}

/** Statuses by id whether deleted or not (what a stream needs to say whom a deletion concerns). */
export async function findStatusesAnyState(db: Executor, ids: readonly number[]): Promise<StatusRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('statuses').selectAll().where('id', 'in', [...new Set(ids)]).execute();
}

/**
 * Which of `accountIds` have favourited, reblogged, bookmarked or pinned each
 * of `statusIds` (the viewer-specific flags of a status, for many viewers at once).
 */
export async function marksAmong(db: Executor, statusIds: readonly number[], accountIds: readonly number[]) {
  type Mark = { statusId: number; accountId: number };
  const favourited: Mark[] = [];
  const reblogged: Mark[] = [];
  const bookmarked: Mark[] = [];
  const pinned: Mark[] = [];
  if (statusIds.length === 0 || accountIds.length === 0) return { favourited, reblogged, bookmarked, pinned };
  const into = [reblogged, favourited, bookmarked, pinned];
  const sids = sql.join([...new Set(statusIds)]);
  for (let i = 0; i < accountIds.length; i += 900) {
    const aids = sql.join(accountIds.slice(i, i + 900));
    const { rows } = await sql<{ id: number; account_id: number; kind: number }>`
      select status_id as id, account_id, 1 as kind from favourites where status_id in (${sids}) and account_id in (${aids})
      union all
      select reblog_of_id as id, account_id, 0 as kind from statuses where reblog_of_id in (${sids}) and account_id in (${aids}) and deleted_at is null
      union all
      select status_id as id, account_id, 2 as kind from bookmarks where status_id in (${sids}) and account_id in (${aids})
      union all
      select status_id as id, account_id, 3 as kind from status_pins where status_id in (${sids}) and account_id in (${aids})`.execute(db);
    for (const r of rows) into[Number(r.kind)]?.push({ statusId: Number(r.id), accountId: Number(r.account_id) });
  }
  return { favourited, reblogged, bookmarked, pinned };
}

/** Page window in Mastodon's terms over an id column; `min_id` reads the adjacent newer page. */
export interface IdWindow {
  maxId?: number | undefined;
  sinceId?: number | undefined;
  minId?: number | undefined;
  limit: number;
}

/** Sets (or clears) the poll a status carries. */
export async function setStatusPoll(db: Executor, id: number, pollId: number | null): Promise<StatusRow> {
  const row = await db.updateTable('statuses').set({ poll_id: pollId }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  changed(db, 'statuses', [id]);
  return row;
}

/** What an edit replaces on a status row; the row as it now is. */
export async function updateStatusText(
  db: Executor,
  id: number,
  patch: Pick<StatusRow, 'text' | 'content' | 'spoiler_text' | 'sensitive' | 'language' | 'edited_at' | 'poll_id'>,
): Promise<StatusRow> {
  const row = await db.updateTable('statuses').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  changed(db, 'statuses', [id]);
  return row;
}

export async function deleteMentions(db: Executor, statusId: number, accountIds: readonly number[]): Promise<void> {
  if (accountIds.length === 0) return;
  await db.deleteFrom('mentions').where('status_id', '=', statusId).where('account_id', 'in', [...accountIds]).execute();
}

/** Takes every hashtag off a status (an edit then attaches those of its new text). */
export async function detachTags(db: Executor, statusId: number): Promise<void> {
  await db.deleteFrom('status_tags').where('status_id', '=', statusId).execute();
}
