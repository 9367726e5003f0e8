import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { FilteredNotificationsTable, NotificationRequestsTable, PolicyKey } from './notification-requests.table.js';
import { DEFAULT_POLICY, type NotificationPolicy } from './notification-policy.js';
import { POLICY_KEYS } from './notification-requests.table.js';

export type NotificationRequestRow = Selectable<NotificationRequestsTable>;

/** The policies of these accounts that differ from accept-all, by account. */
export async function policiesOf(db: Executor, accountIds: readonly number[]): Promise<Map<number, NotificationPolicy>> {
  if (accountIds.length === 0) return new Map();
  const rows = await db.selectFrom('notification_policies').selectAll().where('account_id', 'in', [...accountIds]).execute();
  return new Map(rows.map((r) => [Number(r.account_id), Object.fromEntries(POLICY_KEYS.map((k) => [k, r[k]])) as NotificationPolicy]));
}

export async function policyOf(db: Executor, accountId: number): Promise<NotificationPolicy> {
  return (await policiesOf(db, [accountId])).get(accountId) ?? { ...DEFAULT_POLICY };
}

export async function savePolicy(db: Executor, accountId: number, policy: NotificationPolicy, now: string): Promise<void> {
  const values = { account_id: accountId, ...policy, updated_at: now };
  await db
    .insertInto('notification_policies')
    .values(values)
    .onConflict((oc) => oc.column('account_id').doUpdateSet({ ...(policy as Record<PolicyKey, string>), updated_at: now } as never))
    .execute();
}

/** Pairs (recipient, sender) among these where the recipient accepted the sender's notifications. */
export async function permittedPairs(db: Executor, pairs: readonly [number, number][]): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const rows = await db
    .selectFrom('notification_permissions')
    .select(['account_id', 'from_account_id'])
    .where('account_id', 'in', [...new Set(pairs.map((p) => p[0]))])
    .where('from_account_id', 'in', [...new Set(pairs.map((p) => p[1]))])
    .execute();
  return new Set(rows.map((r) => `${r.account_id}:${r.from_account_id}`));
}

export async function insertPermission(db: Executor, accountId: number, fromAccountId: number, now: string): Promise<void> {
  await db
    .insertInto('notification_permissions')
    .values({ account_id: accountId, from_account_id: fromAccountId, created_at: now })
    .onConflict((oc) => oc.columns(['account_id', 'from_account_id']).doNothing())
    .execute();
}

/** Holds a notification back in its sender's request (made on the first one), counting it. */
export async function holdNotification(db: Executor, n: Omit<Insertable<FilteredNotificationsTable>, 'notification_request_id'>): Promise<void> {
  const request = await db
    .insertInto('notification_requests')
    .values({ account_id: n.account_id, from_account_id: n.from_account_id, last_status_id: n.status_id ?? null, notifications_count: 1, created_at: n.created_at, updated_at: n.created_at })
    .onConflict((oc) =>
      oc.columns(['account_id', 'from_account_id']).doUpdateSet((eb) => ({
        notifications_count: eb(eb.ref('notification_requests.notifications_count'), '+', 1),
        updated_at: n.created_at,
        ...(n.status_id ? { last_status_id: n.status_id } : {}),
      })),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('filtered_notifications').values({ ...n, notification_request_id: Number(request.id) }).execute();
}

/** The account's requests, the most recently updated first, paged by id as Mastodon pages them. */
export async function pageRequests(db: Executor, accountId: number, w: { maxId?: number | undefined; sinceId?: number | undefined; minId?: number | undefined; limit: number }): Promise<NotificationRequestRow[]> {
  let q = db.selectFrom('notification_requests').selectAll().where('account_id', '=', accountId);
  if (w.maxId !== undefined) q = q.where('id', '<', w.maxId);
  if (w.sinceId !== undefined) q = q.where('id', '>', w.sinceId);
  if (w.minId !== undefined) q = q.where('id', '>', w.minId);
  const rows = await q.orderBy('id', w.minId !== undefined ? 'asc' : 'desc').limit(w.limit).execute();
  return w.minId !== undefined ? rows.reverse() : rows;
}

export async function findRequests(db: Executor, accountId: number, ids: readonly number[]): Promise<NotificationRequestRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('notification_requests').selectAll().where('account_id', '=', accountId).where('id', 'in', [...ids]).execute();
}

export async function heldNotifications(db: Executor, requestId: number) {
  return db.selectFrom('filtered_notifications').selectAll().where('notification_request_id', '=', requestId).orderBy('id').execute();
}

/** Removes requests (their held notifications go with them). */
export async function deleteRequests(db: Executor, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.deleteFrom('notification_requests').where('id', 'in', [...ids]).execute();
}

export async function requestSummary(db: Executor, accountId: number): Promise<{ requests: number; notifications: number }> {
  const r = await db
    .selectFrom('notification_requests')
    .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('notifications_count').as('total')])
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return { requests: Number(r.n), notifications: Number(r.total ?? 0) };
}
