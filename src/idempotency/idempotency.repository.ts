import type { Executor } from '../db/database.js';
import type { IdempotencyKeysTable } from './idempotency.table.js';

export type IdempotencyRow = { kind: IdempotencyKeysTable['kind']; result_id: number | null; created_at: string };

/** Claims a key for an account; false when it is already held. Lapsed keys (settled an hour ago, or claimed a minute ago by a request that never finished) are dropped first. */
export async function claimKey(db: Executor, accountId: number, key: string, now: string, lapsed: { settledBefore: string; pendingBefore: string }): Promise<boolean> {
  await db
    .deleteFrom('idempotency_keys')
    .where((eb) => eb.or([eb('created_at', '<', lapsed.settledBefore), eb.and([eb('kind', 'is', null), eb('created_at', '<', lapsed.pendingBefore)])]))
    .execute();
  const r = await db
    .insertInto('idempotency_keys')
    .values({ account_id: accountId, key, kind: null, result_id: null, created_at: now })
    .onConflict((oc) => oc.columns(['account_id', 'key']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function findKey(db: Executor, accountId: number, key: string): Promise<IdempotencyRow | undefined> {
  return db.selectFrom('idempotency_keys').select(['kind', 'result_id', 'created_at']).where('account_id', '=', accountId).where('key', '=', key).executeTakeFirst();
}

export async function settleKey(db: Executor, accountId: number, key: string, kind: 'status' | 'scheduled', resultId: number): Promise<void> {
  await db.updateTable('idempotency_keys').set({ kind, result_id: resultId }).where('account_id', '=', accountId).where('key', '=', key).execute();
}

export async function releaseKey(db: Executor, accountId: number, key: string): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('account_id', '=', accountId).where('key', '=', key).where('kind', 'is', null).execute();
}
