import type { Selectable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { VouchesTable } from '../operators/operators.table.js';
import type { VerificationRow } from './verifications.repository.js';

export type VouchRow = Selectable<VouchesTable>;

/** Records the organ's vouch once; returns false when it had already vouched. */
export async function insertVouch(db: Executor, row: { verification_id: number; organ_account_id: number; operator_id: number | null; created_at: string }): Promise<boolean> {
  const inserted = await db
    .insertInto('vouches')
    .values(row)
    .onConflict((oc) => oc.columns(['verification_id', 'organ_account_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** The vouches of these applications, keyed by application id, oldest first: one query for a page. */
export async function loadVouches(db: Executor, verificationIds: readonly number[]): Promise<Map<number, VouchRow[]>> {
  const out = new Map<number, VouchRow[]>();
  if (verificationIds.length === 0) return out;
  const rows = await db.selectFrom('vouches').selectAll().where('verification_id', 'in', [...new Set(verificationIds)]).orderBy('id', 'asc').execute();
  for (const r of rows) {
    const key = Number(r.verification_id);
    const list = out.get(key) ?? [];
    list.push(r);
    out.set(key, list);
  }
  return out;
}

/** Pending applications that name the organ as employer, newest first. */
export async function listPendingNamingOrgan(db: Executor, organAccountId: number, q: { maxId?: number; minId?: number; limit: number }): Promise<VerificationRow[]> {
  let query = db.selectFrom('verifications').selectAll().where('organ_account_id', '=', organAccountId).where('state', '=', 'pending');
  if (q.maxId !== undefined) query = query.where('id', '<', q.maxId);
  if (q.minId === undefined) return query.orderBy('id', 'desc').limit(q.limit).execute();
  // min_id takes the page just above the cursor, shown newest first like every page.
  const rows = await query.where('id', '>', q.minId).orderBy('id', 'asc').limit(q.limit).execute();
  return rows.reverse();
}
