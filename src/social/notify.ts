import type { Executor } from '../db/database.js';
import type { VerificationState } from '../domain/verification-state.js';
import { publishAfterCommit } from '../streaming/streaming.js';
import { deleteNotificationsAboutStatuses, insertNotifications } from './notifications.repository.js';
import type { NotificationType } from './social.table.js';
import { queuePushes } from '../push/queue-pushes.js';
import { applyNotificationPolicies } from '../notification-requests/apply-policies.js';
import { pairsInMutedThreads } from '../statuses/conversation-mutes.repository.js';
import { recipientsExcluding } from '../moderation/blocks.repository.js';
import type { NotificationType as Kind } from './social.table.js';

export interface NewNotification {
  /** Who is told. */
  accountId: number;
  /** Whose act it was. */
  fromAccountId: number;
  type: NotificationType;
  statusId?: number | null;
  requestId?: number | null;
  /** The step of the service request a `gov.request_update` tells of. */
  requestStep?: string | null;
  /** The account warning of a `moderation_warning`. */
  accountWarningId?: number | null;
  /** The report of an `admin.report`. */
  reportId?: number | null;
  /** The application of a `gov.verification_decision`. */
  verificationId?: number | null;
  /** The state the decision of a `gov.verification_decision` led to. */
  verificationState?: VerificationState | null;
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
export async function notify(db: Executor, all: readonly NewNotification[], options: { push?: boolean; includeSelf?: boolean } = {}): Promise<void> {
  if (all.length === 0) return;
  // Another server's account is told by its server (federation delivers the act), never by a notification here.
  const remote = await remoteAmong(db, all.map((n) => n.accountId));
  const items = remote.size === 0 ? all : all.filter((n) => !remote.has(n.accountId));
  if (items.length === 0) return;
  const muted = await inMutedThreads(db, items);
  const silenced = await silencedByBlocks(db, items);
  const inserted = await insertNotifications(
    db,
    await applyNotificationPolicies(db, items
      // A moderation warning has no other party: as in Mastodon, the account itself stands as its author.
      .filter((n) => options.includeSelf === true || n.accountId !== n.fromAccountId || n.type === 'moderation_warning')
      .filter((n) => !muted(n) && !silenced(n))
      .map((n) => ({
        account_id: n.accountId,
        from_account_id: n.fromAccountId,
        type: n.type,
        status_id: n.statusId ?? null,
        request_id: n.requestId ?? null,
        request_step: n.requestStep ?? null,
        account_warning_id: n.accountWarningId ?? null,
        report_id: n.reportId ?? null,
        verification_id: n.verificationId ?? null,
        verification_state: n.verificationState ?? null,
        created_at: n.at,
        dismissed_at: null,
      })),
    ),
  );
  if (inserted.length > 0) publishAfterCommit(db, { t: 'notification', n: inserted.map((r) => [r.id, r.account_id]) });
  const at = items[0]?.at;
  if (inserted.length > 0 && at !== undefined && options.push !== false) await queuePushes(db, inserted, new Date(at));
}

/** Those of these accounts that belong to another server. */
async function remoteAmong(db: Executor, ids: readonly number[]): Promise<Set<number>> {
  const rows = await db.selectFrom('accounts').select('id').where('id', 'in', [...new Set(ids)]).where('domain', 'is not', null).execute();
  return new Set(rows.map((r) => Number(r.id)));
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

/**
 * Kinds that pass through blocks and mutes: service requests (an organ cannot
 * block a citizen out of public service, README "Blocks and mutes"),
 * verification and the moderators' own notices.
 */
const THROUGH_BLOCKS = new Set<Kind>(['gov.request', 'gov.request_update', 'gov.verification', 'gov.verification_decision', 'moderation_warning', 'admin.report']);

/**
 * Whether a notification is dropped because its recipient blocks the sender,
 * the sender blocks the recipient, or the recipient mutes the sender with
 * notifications hidden (Mastodon's NotifyService): read from the rows, one
 * query per sender in the batch.
 */
async function silencedByBlocks(db: Executor, items: readonly NewNotification[]): Promise<(n: NewNotification) => boolean> {
  const bySender = new Map<number, number[]>();
  for (const n of items) {
    if (THROUGH_BLOCKS.has(n.type) || n.accountId === n.fromAccountId) continue;
    const list = bySender.get(n.fromAccountId) ?? [];
    list.push(n.accountId);
    bySender.set(n.fromAccountId, list);
  }
  if (bySender.size === 0) return () => false;
  const at = items[0]?.at ?? new Date().toISOString();
  const out = new Set<string>();
  for (const [from, recipients] of bySender) {
    for (let i = 0; i < recipients.length; i += 900) {
      for (const id of await recipientsExcluding(db, from, recipients.slice(i, i + 900), at)) out.add(`${from}:${id}`);
    }
  }
  return (n) => !THROUGH_BLOCKS.has(n.type) && out.has(`${n.fromAccountId}:${n.accountId}`);
}
