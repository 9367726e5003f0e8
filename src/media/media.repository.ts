import { type Insertable, type RawBuilder, type Selectable, type SqlBool, type Updateable, sql } from 'kysely';
import type { Executor } from '../db/database.js';
import type { MediaAttachmentsTable } from './media.table.js';

export type MediaRow = Selectable<MediaAttachmentsTable>;

export async function insertMedia(db: Executor, row: Insertable<MediaAttachmentsTable>): Promise<MediaRow> {
  return db.insertInto('media_attachments').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findMedia(db: Executor, id: number): Promise<MediaRow | undefined> {
  return db.selectFrom('media_attachments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateMedia(db: Executor, id: number, patch: Updateable<MediaAttachmentsTable>): Promise<MediaRow | undefined> {
  return db.updateTable('media_attachments').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function deleteMediaRows(db: Executor, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.deleteFrom('media_attachments').where('id', 'in', ids).execute();
}

/** The account's unattached uploads among `ids`. */
export async function unattachedOf(db: Executor, accountId: number, ids: readonly number[]): Promise<MediaRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('media_attachments').selectAll().where('account_id', '=', accountId).where('status_id', 'is', null).where('id', 'in', ids).execute();
}

/** Attaches one upload at its place; false if it was attached meanwhile (the row is checked again in the update). */
export async function attachOne(db: Executor, id: number, statusId: number, position: number): Promise<boolean> {
  const r = await db.updateTable('media_attachments').set({ status_id: statusId, position }).where('id', '=', id).where('status_id', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The attachments of these statuses, each status's in its order. */
export async function mediaOfStatuses(db: Executor, statusIds: readonly number[]): Promise<Map<number, MediaRow[]>> {
  const out = new Map<number, MediaRow[]>();
  if (statusIds.length === 0) return out;
  const rows = await db.selectFrom('media_attachments').selectAll().where('status_id', 'in', statusIds).orderBy('status_id').orderBy('position').orderBy('id').execute();
  for (const r of rows) {
    const sid = Number(r.status_id);
    const list = out.get(sid);
    if (list) list.push(r);
    else out.set(sid, [r]);
  }
  return out;
}

/** Unattached uploads untouched since before `before` (uploaded, edited or freed by a deleted status), oldest first. */
export async function staleUnattached(db: Executor, before: string, limit: number): Promise<MediaRow[]> {
  return db.selectFrom('media_attachments').selectAll().where('status_id', 'is', null).where('updated_at', '<', before).orderBy('updated_at').limit(limit).execute();
}

/** Frees the attachments of deleted statuses: unattached again from `now`, so that a redraft may take them. */
export async function detachFromStatuses(db: Executor, statusIds: readonly number[], now: string): Promise<void> {
  if (statusIds.length === 0) return;
  await db.updateTable('media_attachments').set({ status_id: null, position: 0, updated_at: now }).where('status_id', 'in', statusIds).execute();
}

/** Deletes those of `ids` still unattached (one attached meanwhile stays), returning the deleted rows' file keys. */
export async function deleteUnattached(db: Executor, ids: readonly number[]): Promise<{ file_key: string; preview_key: string }[]> {
  if (ids.length === 0) return [];
  return db.deleteFrom('media_attachments').where('id', 'in', ids).where('status_id', 'is', null).returning(['file_key', 'preview_key']).execute();
}

/** The condition "this status has media" on `statusIdColumn`, for the query that cuts a page (only_media: STYLE.md 17). */
export function hasMediaSql(statusIdColumn: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`exists (select 1 from media_attachments where media_attachments.status_id = ${sql.ref(statusIdColumn)})`;
}
