import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { StatusEditsTable } from './history.table.js';

export type StatusEditRow = Selectable<StatusEditsTable>;

export async function insertStatusEdit(db: Executor, row: Insertable<StatusEditsTable>): Promise<void> {
  await db.insertInto('status_edits').values(row).execute();
}

/** A status's versions, the oldest (the original) first. */
export async function editsOf(db: Executor, statusId: number): Promise<StatusEditRow[]> {
  return db.selectFrom('status_edits').selectAll().where('status_id', '=', statusId).orderBy('id').execute();
}

export async function hasEdits(db: Executor, statusId: number): Promise<boolean> {
  return (await db.selectFrom('status_edits').select('id').where('status_id', '=', statusId).limit(1).executeTakeFirst()) !== undefined;
}
