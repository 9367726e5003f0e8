import type { Executor } from '../db/database.js';
import { enqueue } from '../jobs/enqueue.js';
import type { NotificationType } from '../social/social.table.js';
import { ALERT_OF, readAlerts } from './alerts.js';
import { subscriptionsOfAccounts } from './push.repository.js';

/** The job that sends one notification to one subscription (src/push/deliver-push.ts). */
export const PUSH_JOB = 'push.deliver';

/** What a push job carries: ids only, so that what is sent is what holds when it is sent. */
export interface PushJobPayload {
  subscription: number;
  notification: number;
}

/**
 * Queues one push job per subscription whose alerts take the notification's
 * type, in the transaction that records the notifications (src/jobs/enqueue.ts
 * says why there). The subscription's policy (followed, follower) is judged
 * when the job runs, as Mastodon judges it.
 */
export async function queuePushes(trx: Executor, notifications: readonly { id: number; account_id: number; type: NotificationType }[], now: Date): Promise<void> {
  const subs = await subscriptionsOfAccounts(trx, notifications.map((n) => n.account_id));
  if (subs.length === 0) return;
  const jobs = notifications.flatMap((n) =>
    subs
      .filter((s) => Number(s.account_id) === n.account_id && s.policy !== 'none' && readAlerts(s.alerts)[ALERT_OF[n.type]])
      .map((s) => ({ kind: PUSH_JOB, payload: { subscription: Number(s.id), notification: n.id } satisfies PushJobPayload })),
  );
  await enqueue(trx, now, jobs);
}
