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
  patch: {
    state: VerificationState;
    reason: string | null;
    reviewer_id: number | null;
    decided_at: string | null;
    updated_at: string;
    display_name?: string | null;
    decision_undo?: string | null;
  },
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

/** Another account's verification that shares a name or a credit code with an application. */
export interface DuplicateRow {
  verification_id: number;
  account_id: number;
  field: 'organ_name' | 'credit_code';
}

/**
 * Approved verifications of other accounts with the same organ name or credit
 * code as these applications, in two queries whatever the number of applications.
 */
export async function approvedDuplicatesOf(db: Executor, apps: readonly Pick<VerificationRow, 'id' | 'account_id' | 'organ_name' | 'credit_code'>[]): Promise<Map<number, DuplicateRow[]>> {
  const out = new Map<number, DuplicateRow[]>();
  if (apps.length === 0) return out;
  const names = [...new Set(apps.map((a) => a.organ_name))];
  const codes = [...new Set(apps.flatMap((a) => (a.credit_code === null ? [] : [a.credit_code])))];
  const byName = await db.selectFrom('verifications').select(['id', 'account_id', 'organ_name']).where('state', '=', 'approved').where('organ_name', 'in', names).execute();
  const byCode = codes.length === 0 ? [] : await db.selectFrom('verifications').select(['id', 'account_id', 'credit_code']).where('state', '=', 'approved').where('credit_code', 'in', codes).execute();
  for (const a of apps) {
    const list: DuplicateRow[] = [];
    for (const r of byName) if (r.organ_name === a.organ_name && Number(r.account_id) !== Number(a.account_id)) list.push({ verification_id: Number(r.id), account_id: Number(r.account_id), field: 'organ_name' });
    for (const r of byCode) if (a.credit_code !== null && r.credit_code === a.credit_code && Number(r.account_id) !== Number(a.account_id)) list.push({ verification_id: Number(r.id), account_id: Number(r.account_id), field: 'credit_code' });
    out.set(Number(a.id), list);
  }
  return out;
}

/** Whether the account has a pending application other than this one. */
export async function hasOtherPendingVerification(db: Executor, accountId: number, exceptId: number): Promise<boolean> {
  const row = await db.selectFrom('verifications').select('id').where('account_id', '=', accountId).where('state', '=', 'pending').where('id', '!=', exceptId).executeTakeFirst();
  return row !== undefined;
}

export async function findVerifications(db: Executor, ids: readonly number[]): Promise<VerificationRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('verifications').selectAll().where('id', 'in', [...new Set(ids)]).execute();
}
