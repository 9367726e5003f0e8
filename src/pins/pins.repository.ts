import { PostgresAdapter, sql } from 'kysely';
import type { Executor } from '../db/database.js';

/** Records a pin; false when the status was pinned already. */
export async function insertPin(db: Executor, accountId: number, statusId: number, operatorId: number | null, at: string): Promise<boolean> {
  const row = await db
    .insertInto('status_pins')
    .values({ account_id: accountId, status_id: statusId, operator_id: operatorId, created_at: at })
    .onConflict((oc) => oc.columns(['account_id', 'status_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Removes a pin; false when there was none. */
export async function deletePin(db: Executor, accountId: number, statusId: number): Promise<boolean> {
  const gone = await db.deleteFrom('status_pins').where('account_id', '=', accountId).where('status_id', '=', statusId).executeTakeFirst();
  return Number(gone.numDeletedRows) > 0;
}

/** How many statuses the account has pinned that still stand (a deleted status's pin does not count). */
export async function countPins(db: Executor, accountId: number): Promise<number> {
  const row = await db
    .selectFrom('status_pins')
    .innerJoin('statuses', 'statuses.id', 'status_pins.status_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status_pins.account_id', '=', accountId)
    .where('statuses.deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function isPinned(db: Executor, accountId: number, statusId: number): Promise<boolean> {
  return (await db.selectFrom('status_pins').select('id').where('account_id', '=', accountId).where('status_id', '=', statusId).executeTakeFirst()) !== undefined;
}

/**
 * Holds the account's pins still until the transaction ends, so that two
 * pins at once (two operators of one organ) cannot both pass the limit. On
 * PostgreSQL, a row lock on the account; SQLite has one writer at a time already.
 */
export async function lockPinsOf(trx: Executor, accountId: number): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`select id from accounts where id = ${accountId} for update`.execute(trx);
}
