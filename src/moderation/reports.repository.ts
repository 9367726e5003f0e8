import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { ReportsTable } from './moderation.table.js';

export type ReportRow = Selectable<ReportsTable>;

/** The ids a JSON column holds; a malformed column reads as none. */
export function idList(text: string | null): number[] {
  if (text === null) return [];
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is number => Number.isSafeInteger(x)) : [];
  } catch {
    return [];
  }
}

export async function insertReport(db: Executor, row: Insertable<ReportsTable>): Promise<ReportRow> {
  return db.insertInto('reports').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findReport(db: Executor, id: number): Promise<ReportRow | undefined> {
  return db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findReports(db: Executor, ids: readonly number[]): Promise<ReportRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('reports').selectAll().where('id', 'in', [...new Set(ids)]).execute();
}

/** Whether another open report about the same account waits already (Mastodon then tells the moderators nothing new). */
export async function hasOpenSiblings(db: Executor, report: Pick<ReportRow, 'id' | 'target_account_id'>): Promise<boolean> {
  const row = await db
    .selectFrom('reports')
    .select('id')
    .where('target_account_id', '=', Number(report.target_account_id))
    .where('id', '<>', Number(report.id))
    .where('action_taken_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

export async function updateReport(db: Executor, id: number, patch: Updateable<ReportsTable>): Promise<ReportRow | undefined> {
  return db.updateTable('reports').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
}

export interface ReportQuery {
  resolved: boolean;
  accountId?: number | undefined;
  targetAccountId?: number | undefined;
  /** Targets the reader may not see reports about (themself, organs they operate or operated). */
  excludeTargets: readonly number[];
  maxId?: number | undefined;
  sinceId?: number | undefined;
  minId?: number | undefined;
  limit: number;
}

/** A page of the queue, newest first (min_id reads the page just above the cursor). */
export async function listReports(db: Executor, q: ReportQuery): Promise<ReportRow[]> {
  let query = db.selectFrom('reports').selectAll().where('action_taken_at', q.resolved ? 'is not' : 'is', null);
  if (q.accountId !== undefined) query = query.where('account_id', '=', q.accountId);
  if (q.targetAccountId !== undefined) query = query.where('target_account_id', '=', q.targetAccountId);
  if (q.excludeTargets.length > 0) query = query.where('target_account_id', 'not in', [...q.excludeTargets]);
  if (q.maxId !== undefined) query = query.where('id', '<', q.maxId);
  if (q.sinceId !== undefined) query = query.where('id', '>', q.sinceId);
  if (q.minId === undefined) return query.orderBy('id', 'desc').limit(q.limit).execute();
  const rows = await query.where('id', '>', q.minId).orderBy('id', 'asc').limit(q.limit).execute();
  return rows.reverse();
}

/** Resolves every open report about the account (an action other than a warning answers them all, as Mastodon). */
export async function resolveOpenReportsAbout(db: Executor, targetId: number, by: number, now: string): Promise<ReportRow[]> {
  return db
    .updateTable('reports')
    .set({ action_taken_at: now, action_taken_by_account_id: by, updated_at: now })
    .where('target_account_id', '=', targetId)
    .where('action_taken_at', 'is', null)
    .returningAll()
    .execute();
}

/**
 * The moderators to tell of a new report about `targetId`: open, enabled
 * reviewers and admins, less the target itself and whoever operates or
 * operated it (they may not see the report).
 */
export async function moderatorsToTell(db: Executor, targetId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('accounts')
    .select('id')
    .where('role', 'in', ['reviewer', 'admin'])
    .where('closed_at', 'is', null)
    .where('disabled_at', 'is', null)
    .where('id', '<>', targetId)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('operators').select('operators.id').whereRef('operators.operator_account_id', '=', 'accounts.id').where('operators.organ_account_id', '=', targetId))))
    .execute();
  return rows.map((r) => Number(r.id));
}
