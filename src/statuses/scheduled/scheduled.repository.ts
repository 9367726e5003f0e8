import type { Executor } from '../../db/database.js';

/** A status kept to be posted later; `params` is the checked status as JSON. */
export interface ScheduledRow {
  id: number;
  account_id: number;
  operator_id: number | null;
  params: string;
  scheduled_at: string;
  created_at: string;
}

export async function insertScheduled(db: Executor, row: Omit<ScheduledRow, 'id'>): Promise<ScheduledRow> {
  return (await db.insertInto('scheduled_statuses').values(row).returningAll().executeTakeFirstOrThrow()) as ScheduledRow;
}

/** An account's scheduled statuses, newest first. */
export async function scheduledOf(db: Executor, accountId: number, page: { maxId?: number | undefined; limit: number }): Promise<ScheduledRow[]> {
  let q = db.selectFrom('scheduled_statuses').selectAll().where('account_id', '=', accountId);
  if (page.maxId !== undefined) q = q.where('id', '<', page.maxId);
  return (await q.orderBy('id', 'desc').limit(page.limit).execute()) as ScheduledRow[];
}

/** One scheduled status, only if it is the account's own. */
export async function findScheduledOf(db: Executor, accountId: number, id: number): Promise<ScheduledRow | undefined> {
  return (await db.selectFrom('scheduled_statuses').selectAll().where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst()) as
    | ScheduledRow
    | undefined;
}

export async function setScheduledAt(db: Executor, id: number, scheduledAt: string): Promise<ScheduledRow> {
  return (await db.updateTable('scheduled_statuses').set({ scheduled_at: scheduledAt }).where('id', '=', id).returningAll().executeTakeFirstOrThrow()) as ScheduledRow;
}

/** Deletes one; whether it was still there (a scheduler claims a due status this way). */
export async function deleteScheduled(db: Executor, id: number): Promise<boolean> {
  const r = await db.deleteFrom('scheduled_statuses').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Those due at `now`, oldest first. */
export async function dueScheduled(db: Executor, now: string, limit: number): Promise<ScheduledRow[]> {
  return (await db.selectFrom('scheduled_statuses').selectAll().where('scheduled_at', '<=', now).orderBy('scheduled_at').limit(limit).execute()) as ScheduledRow[];
}
