import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { PushSubscriptionsTable, VapidKeysTable } from './push.table.js';

export type PushSubscriptionRow = Selectable<PushSubscriptionsTable>;

export async function findVapidKeys(db: Executor): Promise<Selectable<VapidKeysTable> | undefined> {
  return db.selectFrom('vapid_keys').selectAll().where('id', '=', 1).executeTakeFirst();
}

export async function insertVapidKeysOnce(db: Executor, row: Omit<Insertable<VapidKeysTable>, 'id'>): Promise<void> {
  await db.insertInto('vapid_keys').values({ id: 1, ...row }).onConflict((oc) => oc.column('id').doNothing()).execute();
}

export async function findSubscriptionOfToken(db: Executor, tokenId: number): Promise<PushSubscriptionRow | undefined> {
  return db.selectFrom('push_subscriptions').selectAll().where('token_id', '=', tokenId).executeTakeFirst();
}

export async function findSubscription(db: Executor, id: number): Promise<PushSubscriptionRow | undefined> {
  return db.selectFrom('push_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Replaces the token's subscription (one per token, as in Mastodon). */
export async function replaceSubscriptionOfToken(db: Executor, row: Insertable<PushSubscriptionsTable>): Promise<PushSubscriptionRow> {
  await db.deleteFrom('push_subscriptions').where('token_id', '=', row.token_id).execute();
  return db.insertInto('push_subscriptions').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateSubscriptionData(db: Executor, id: number, data: { alerts: string; policy: PushSubscriptionRow['policy']; updated_at: string }): Promise<PushSubscriptionRow> {
  return db.updateTable('push_subscriptions').set(data).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteSubscriptionOfToken(db: Executor, tokenId: number): Promise<void> {
  await db.deleteFrom('push_subscriptions').where('token_id', '=', tokenId).execute();
}

export async function deleteSubscriptionsOfTokens(db: Executor, tokenIds: readonly number[]): Promise<void> {
  if (tokenIds.length === 0) return;
  await db.deleteFrom('push_subscriptions').where('token_id', 'in', [...tokenIds]).execute();
}

export async function deleteSubscription(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('push_subscriptions').where('id', '=', id).execute();
}

/** The subscriptions of these accounts (the recipients of new notifications). */
export async function subscriptionsOfAccounts(db: Executor, accountIds: readonly number[]): Promise<Pick<PushSubscriptionRow, 'id' | 'account_id' | 'alerts' | 'policy'>[]> {
  if (accountIds.length === 0) return [];
  return db.selectFrom('push_subscriptions').select(['id', 'account_id', 'alerts', 'policy']).where('account_id', 'in', [...new Set(accountIds)]).execute();
}
