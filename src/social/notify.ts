import type { Executor } from '../db/database.js';
import { publishAfterCommit } from '../streaming/streaming.js';
import { deleteNotificationsAboutStatuses, insertNotifications } from './notifications.repository.js';
import type { NotificationType } from './social.table.js';
import { queuePushes } from '../push/queue-pushes.js';

export interface NewNotification {
  /** Who is told. */
  accountId: number;
  /** Whose act it was. */
  fromAccountId: number;
  type: NotificationType;
  statusId?: number | null;
  requestId?: number | null;
  /** The account warning of a `moderation_warning`. */
  accountWarningId?: number | null;
  /** The report of an `admin.report`. */
  reportId?: number | null;
  at: string;
}

/**
 * Records notifications in the same transaction as the act, with their pushes
 * queued (nobody is notified of their own act); once committed, they go to the
 * recipients' streams. `push: false` for a notification that doubles another
 * one already pushed (a service request's step mirrored as a mention).
 */
export async function notify(db: Executor, items: readonly NewNotification[], options: { push?: boolean } = {}): Promise<void> {
  const inserted = await insertNotifications(
    db,
    items
      // A moderation warning has no other party: as in Mastodon, the account itself stands as its author.
      .filter((n) => n.accountId !== n.fromAccountId || n.type === 'moderation_warning')
      .map((n) => ({
        account_id: n.accountId,
        from_account_id: n.fromAccountId,
        type: n.type,
        status_id: n.statusId ?? null,
        request_id: n.requestId ?? null,
        account_warning_id: n.accountWarningId ?? null,
        report_id: n.reportId ?? null,
        created_at: n.at,
        dismissed_at: null,
      })),
  );
  if (inserted.length > 0) publishAfterCommit(db, { t: 'notification', n: inserted.map((r) => [r.id, r.account_id]) });
  const at = items[0]?.at;
  if (inserted.length > 0 && at !== undefined && options.push !== false) await queuePushes(db, inserted, new Date(at));
}

/** Withdraws every notification about these statuses (deleted, or a reblog undone). */
export async function withdrawStatusNotifications(db: Executor, statusIds: readonly number[]): Promise<void> {
  await deleteNotificationsAboutStatuses(db, statusIds);
}
