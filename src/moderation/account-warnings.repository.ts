import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { AccountWarningsTable } from './moderation.table.js';

export type AccountWarningRow = Selectable<AccountWarningsTable>;

export async function insertAccountWarning(db: Executor, row: Insertable<AccountWarningsTable>): Promise<AccountWarningRow> {
  return db.insertInto('account_warnings').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findAccountWarnings(db: Executor, ids: readonly number[]): Promise<AccountWarningRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('account_warnings').selectAll().where('id', 'in', [...ids]).execute();
}
