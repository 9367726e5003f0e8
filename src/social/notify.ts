import type { Executor } from '../db/database.js';
import { publishAfterCommit } from '../streaming/streaming.js';
import { deleteNotificationsAboutStatuses, insertNotifications } from './notifications.repository.js';
import type { NotificationType } from './social.table.js';
import { queuePushes } from '../push/queue-pushes.js';
import { applyNotificationPolicies } from '../notification-requests/apply-policies.js';
import { pairsInMutedThreads } from '../statuses/conversation-mutes.repository.js';

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
 * Records notifications in the same transaction as the act (less those the
 * recipient's notification policy holds back or drops), with their pushes
 * queued (nobody is notified of their own act); once committed, they go to the
 * recipients' streams. `push: false` for a notification that doubles another
 * one already pushed (a service request's step mirrored as a mention);
 * `includeSelf` for news that is nobody's act (the end of one's own poll).
 */
export async function notify(db: Executor, items: readonly NewNotification[], options: { push?: boolean; includeSelf?: boolean } = {}): Promise<void> {
  const muted = await inMutedThreads(db, items);
  const inserted = await insertNotifications(
    db,
    await applyNotificationPolicies(db, items
      // A moderation warning has no other party: as in Mastodon, the account itself stands as its author.
      .filter((n) => options.includeSelf === true || n.accountId !== n.fromAccountId || n.type === 'moderation_warning')
      .filter((n) => !muted(n))
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
    ),
  );
  if (inserted.length > 0) publishAfterCommit(db, { t: 'notification', n: inserted.map((r) => [r.id, r.account_id]) });
  const at = items[0]?.at;
  if (inserted.length > 0 && at !== undefined && options.push !== false) await queuePushes(db, inserted, new Date(at));
}

/** Withdraws every notification about these statuses (deleted, or a reblog undone). */
export async function withdrawStatusNotifications(db: Executor, statusIds: readonly number[]): Promise<void> {
  await deleteNotificationsAboutStatuses(db, statusIds);
}

/**
 * Whether a notification is about a status in a thread its recipient muted
 * (POST /api/v1/statuses/:id/mute): Mastodon drops those. Looked up once for
 * the batch, and only for notifications that name a status.
 */
async function inMutedThreads(db: Executor, items: readonly NewNotification[]): Promise<(n: NewNotification) => boolean> {
  const pairs = items.flatMap((n) => (n.statusId != null && n.accountId !== n.fromAccountId ? [{ accountId: n.accountId, statusId: n.statusId }] : []));
  if (pairs.length === 0) return () => false;
  const keys = await pairsInMutedThreads(db, pairs);
  return (n) => n.statusId != null && keys.has(`${n.accountId}:${n.statusId}`);
}
