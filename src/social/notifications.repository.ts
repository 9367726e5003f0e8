import type { Insertable, Selectable } from 'kysely';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { Executor } from '../db/database.js';
import type { IdWindow } from '../statuses/statuses.repository.js';
import { visibleToSql } from '../statuses/visibility.js';
import type { NotificationType, NotificationsTable } from './social.table.js';

export type NotificationRow = Selectable<NotificationsTable>;

export interface NotificationFilter {
  types?: NotificationType[] | undefined;
  excludeTypes?: NotificationType[] | undefined;
  fromAccountId?: number | undefined;
  /** Created at or after this time (ISO), before `createdBefore` (a notification group's hour). */
  createdFrom?: string | undefined;
  createdBefore?: string | undefined;
  /** About this status, or a reblog of it (a group of favourites or reblogs). */
  aboutStatusId?: number | undefined;
}

/** Inserts them; returns each new notification's id, whom it is for and its type. */
export async function insertNotifications(db: Executor, rows: readonly Insertable<NotificationsTable>[]): Promise<{ id: number; account_id: number; type: NotificationType }[]> {
  if (rows.length === 0) return [];
  const out = await db.insertInto('notifications').values([...rows]).returning(['id', 'account_id', 'type']).execute();
  return out.map((r) => ({ id: Number(r.id), account_id: Number(r.account_id), type: r.type }));
}

/** Notifications by id, not dismissed. */
export async function findNotificationsByIds(db: Executor, ids: readonly number[]): Promise<NotificationRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('notifications').selectAll().where('id', 'in', [...ids]).where('dismissed_at', 'is', null).execute();
}

/** Removes the notifications of one kind that one account's act on one status (or none) gave another. */
export async function deleteNotifications(db: Executor, f: { type: NotificationType; fromAccountId: number; accountId?: number; statusId?: number }): Promise<void> {
  let q = db.deleteFrom('notifications').where('type', '=', f.type).where('from_account_id', '=', f.fromAccountId);
  if (f.accountId !== undefined) q = q.where('account_id', '=', f.accountId);
  if (f.statusId !== undefined) q = q.where('status_id', '=', f.statusId);
  await q.execute();
}

/**
 * A page of the account's notifications, not dismissed, newest first. Those
 * the presenter would drop (a status deleted or not for this reader, a sender
 * gone) are left out here, where the page is cut.
 */
export async function pageNotifications(db: Executor, account: AccountRow, f: NotificationFilter, w: IdWindow): Promise<NotificationRow[]> {
  let q = db.selectFrom('notifications').selectAll().where('account_id', '=', account.id).where('dismissed_at', 'is', null);
  if (f.types?.length) q = q.where('type', 'in', f.types);
  if (f.excludeTypes?.length) q = q.where('type', 'not in', f.excludeTypes);
  if (f.fromAccountId !== undefined) q = q.where('from_account_id', '=', f.fromAccountId);
  if (f.createdFrom !== undefined) q = q.where('created_at', '>=', f.createdFrom);
  if (f.createdBefore !== undefined) q = q.where('created_at', '<', f.createdBefore);
  if (f.aboutStatusId !== undefined) {
    const about = f.aboutStatusId;
    q = q.where((eb) =>
      eb.or([eb('notifications.status_id', '=', about), eb('notifications.status_id', 'in', eb.selectFrom('statuses as rs').select('rs.id').where('rs.reblog_of_id', '=', about))]),
    );
  }
  q = q
    .where((eb) => eb.exists(eb.selectFrom('accounts as na').select('na.id').whereRef('na.id', '=', 'notifications.from_account_id')))
    .where((eb) =>
      eb.or([
        eb('notifications.status_id', 'is', null),
        eb.exists(
          eb
            .selectFrom('statuses as ns')
            .select('ns.id')
            .whereRef('ns.id', '=', 'notifications.status_id')
            .where('ns.deleted_at', 'is', null)
            .where(visibleToSql(account, 'ns')),
        ),
      ]),
    );
  if (w.maxId !== undefined) q = q.where('id', '<', w.maxId);
  if (w.sinceId !== undefined) q = q.where('id', '>', w.sinceId);
  if (w.minId !== undefined) q = q.where('id', '>', w.minId);
  const rows = await q.orderBy('id', w.minId !== undefined ? 'asc' : 'desc').limit(w.limit).execute();
  return w.minId !== undefined ? rows.reverse() : rows;
}

/** Dismisses these notifications of the account. */
export async function dismissNotificationRows(db: Executor, accountId: number, ids: readonly number[], at: string): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('notifications').set({ dismissed_at: at }).where('account_id', '=', accountId).where('id', 'in', [...ids]).where('dismissed_at', 'is', null).execute();
}

/** One of the account's notifications, unless dismissed. */
export async function findNotification(db: Executor, accountId: number, id: number): Promise<NotificationRow | undefined> {
  return db.selectFrom('notifications').selectAll().where('id', '=', id).where('account_id', '=', accountId).where('dismissed_at', 'is', null).executeTakeFirst();
}

/** Dismisses one of the account's notifications; false when it has none of that id. */
export async function dismissNotificationRow(db: Executor, accountId: number, id: number, at: string): Promise<boolean> {
  const r = await db.updateTable('notifications').set({ dismissed_at: at }).where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Dismisses every notification of the account not dismissed yet. */
export async function dismissAllNotifications(db: Executor, accountId: number, at: string): Promise<void> {
  await db.updateTable('notifications').set({ dismissed_at: at }).where('account_id', '=', accountId).where('dismissed_at', 'is', null).execute();
}

/** Removes every notification about these statuses (they are deleted, or a reblog is undone); for the statuses feature. */
export async function deleteNotificationsAboutStatuses(db: Executor, statusIds: readonly number[]): Promise<void> {
  if (statusIds.length === 0) return;
  await db.deleteFrom('notifications').where('status_id', 'in', [...statusIds]).execute();
}

/** Withdraws what applicants were told of a decision on these applications (the decision was undone). */
export async function deleteVerificationDecisionNotifications(db: Executor, verificationIds: readonly number[]): Promise<void> {
  if (verificationIds.length === 0) return;
  await db.deleteFrom('notifications').where('type', '=', 'gov.verification_decision').where('verification_id', 'in', [...verificationIds]).execute();
}
