import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { VerificationState } from '../domain/verification-state.js';
import type { VerificationsTable } from './verification.table.js';

export type VerificationRow = Selectable<VerificationsTable>;

export async function insertVerification(db: Executor, row: Insertable<VerificationsTable>): Promise<VerificationRow> {
  return db.insertInto('verifications').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findVerification(db: Executor, id: number): Promise<VerificationRow | undefined> {
  return db.selectFrom('verifications').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function hasPendingVerification(db: Executor, accountId: number): Promise<boolean> {
  const row = await db
    .selectFrom('verifications')
    .select('id')
    .where('account_id', '=', accountId)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return row !== undefined;
}

/** Moves an application from one state to the next; returns undefined if it was no longer in `from` (a concurrent decision won). */
export async function transitionVerification(
  db: Executor,
  id: number,
  from: VerificationState,
  patch: { state: VerificationState; reason: string | null; reviewer_id: number | null; decided_at: string; updated_at: string },
): Promise<VerificationRow | undefined> {
  return db.updateTable('verifications').set(patch).where('id', '=', id).where('state', '=', from).returningAll().executeTakeFirst();
}

export async function approvedVerificationsOf(db: Executor, accountId: number): Promise<VerificationRow[]> {
  return db.selectFrom('verifications').selectAll().where('account_id', '=', accountId).where('state', '=', 'approved').execute();
}

export interface VerificationQuery {
  state?: VerificationState;
  accountId?: number;
  maxId?: number;
  sinceId?: number;
  minId?: number;
  limit: number;
  /** The reviewer queue reads oldest first; everything else newest first. */
  order: 'asc' | 'desc';
}

export async function listVerifications(db: Executor, q: VerificationQuery): Promise<VerificationRow[]> {
  let query = db.selectFrom('verifications').selectAll();
  if (q.state) query = query.where('state', '=', q.state);
  if (q.accountId !== undefined) query = query.where('account_id', '=', q.accountId);
  if (q.maxId !== undefined) query = query.where('id', '<', q.maxId);
  if (q.sinceId !== undefined) query = query.where('id', '>', q.sinceId);
  if (q.minId !== undefined) query = query.where('id', '>', q.minId);
  // Paging back (min_id in a newest-first list, max_id in an oldest-first one) takes the page
  // adjacent to the cursor, as Mastodon does: read it the other way round, then restore the order.
  const back = q.order === 'desc' ? q.minId !== undefined : q.maxId !== undefined;
  if (!back) return query.orderBy('id', q.order).limit(q.limit).execute();
  const rows = await query.orderBy('id', q.order === 'desc' ? 'asc' : 'desc').limit(q.limit).execute();
  return rows.reverse();
}
