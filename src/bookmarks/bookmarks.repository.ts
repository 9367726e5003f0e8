import { sql } from 'kysely';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { Executor } from '../db/database.js';
import type { IdWindow } from '../statuses/statuses.repository.js';
import { visibleToSql } from '../statuses/visibility.js';

/** Records a bookmark; false when the account had bookmarked the status already. */
export async function insertBookmark(db: Executor, accountId: number, statusId: number, at: string): Promise<boolean> {
  const row = await db
    .insertInto('bookmarks')
    .values({ account_id: accountId, status_id: statusId, created_at: at })
    .onConflict((oc) => oc.columns(['account_id', 'status_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Removes a bookmark; false when there was none. */
export async function deleteBookmark(db: Executor, accountId: number, statusId: number): Promise<boolean> {
  const gone = await db.deleteFrom('bookmarks').where('account_id', '=', accountId).where('status_id', '=', statusId).executeTakeFirst();
  return Number(gone.numDeletedRows) > 0;
}

export async function hasBookmark(db: Executor, accountId: number, statusId: number): Promise<boolean> {
  return (await db.selectFrom('bookmarks').select('id').where('account_id', '=', accountId).where('status_id', '=', statusId).executeTakeFirst()) !== undefined;
}

/** One entry of a reader's kept statuses: the mark's id (what the page's cursor is) and the status. */
export interface KeptStatus {
  id: number;
  statusId: number;
}

/**
 * One window of the statuses a reader bookmarked or favourited, paged by the
 * mark's id (Mastodon pages these lists by bookmark and favourite id, not by
 * status id), newest mark first, leaving out what was deleted and what the
 * reader may no longer see, in the query that cuts the page (STYLE.md §17).
 */
export async function keptStatuses(db: Executor, table: 'bookmarks' | 'favourites', viewer: AccountRow, w: IdWindow): Promise<KeptStatus[]> {
  const mark = sql.ref(`k.id`);
  const { rows } = await sql<{ id: number; status_id: number }>`
    select k.id as id, k.status_id as status_id from ${sql.table(table)} k
    inner join statuses s on s.id = k.status_id
    where k.account_id = ${Number(viewer.id)} and s.deleted_at is null and ${visibleToSql(viewer, 's')}
    ${w.maxId !== undefined ? sql`and ${mark} < ${w.maxId}` : sql``}
    ${w.sinceId !== undefined ? sql`and ${mark} > ${w.sinceId}` : sql``}
    ${w.minId !== undefined ? sql`and ${mark} > ${w.minId} order by ${mark} asc` : sql`order by ${mark} desc`}
    limit ${w.limit}`.execute(db);
  return rows.map((r) => ({ id: Number(r.id), statusId: Number(r.status_id) })).sort((a, b) => b.id - a.id);
}
