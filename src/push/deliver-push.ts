import type { Context } from '../app/context.js';
import { PrivateAddressError } from '../app/private-address.js';
import { findAccountById } from '../accounts/accounts.repository.js';
import { type JobHandler, PermanentJobError, RetryJobError } from '../jobs/runner.js';
import { retryAfterMs } from '../jobs/retry.js';
import { tokenStillValid } from '../oauth/authenticate.js';
import { isFollowing } from '../social/follows.repository.js';
import { findNotification } from '../social/notifications.repository.js';
import { findStatus } from '../statuses/statuses.repository.js';
import { ALERT_OF, readAlerts } from './alerts.js';
import { pushPayload } from './payload.js';
import { deleteSubscription, findSubscription, type PushSubscriptionRow } from './push.repository.js';
import { PUSH_JOB, type PushJobPayload } from './queue-pushes.js';
import { unsealToken } from './seal.js';
import { sendPush } from './send.js';
import { vapidKeys } from './vapid.js';

/** The VAPID `sub` claim: how a push service reaches the provider's operator (an https URL, else a mailto:). */
export function vapidSubject(publicUrl: string, provider: string): string {
  return publicUrl.startsWith('https://') ? publicUrl : `mailto:push@${provider.replace(/:\d+$/, '')}`;
}

function isPayload(p: unknown): p is PushJobPayload {
  const o = p as PushJobPayload;
  return typeof o === 'object' && o !== null && Number.isSafeInteger(o.subscription) && Number.isSafeInteger(o.notification);
}

/** Whether the subscription's policy lets a notification from that account through (Mastodon's push policy). */
async function policyAllows(ctx: Context, sub: PushSubscriptionRow, recipientId: number, fromId: number): Promise<boolean> {
  switch (sub.policy) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'followed':
      return isFollowing(ctx.db, recipientId, fromId);
    case 'follower':
      return isFollowing(ctx.db, fromId, recipientId);
  }
}

/**
 * Sends one notification to one subscription, judged as it stands now: a
 * subscription gone, its token revoked, the notification dismissed or
 * withdrawn, its alert turned off since, or its policy refusing the sender:
 * nothing is sent. The push service's answer decides the rest: 2xx done;
 * 404 or 410 (the browser unsubscribed) removes the subscription; 408, 429
 * and 5xx are retried with backoff (after Retry-After, if given); any other
 * answer is final for this push (dead, kept for inspection).
 */
export async function deliverPush(ctx: Context, payload: unknown, job: { signal: AbortSignal }): Promise<void> {
  if (!isPayload(payload)) throw new PermanentJobError('not a push job payload');
  const sub = await findSubscription(ctx.db, payload.subscription);
  if (!sub) return;
  if (!(await tokenStillValid(ctx.db, Number(sub.token_id)))) {
    await deleteSubscription(ctx.db, Number(sub.id));
    return;
  }
  const recipientId = Number(sub.account_id);
  const notification = await findNotification(ctx.db, recipientId, payload.notification);
  if (!notification || notification.dismissed_at) return;
  if (!readAlerts(sub.alerts)[ALERT_OF[notification.type]]) return;
  const fromId = Number(notification.from_account_id);
  if (!(await policyAllows(ctx, sub, recipientId, fromId))) return;
  const [recipient, from] = await Promise.all([findAccountById(ctx.db, recipientId), findAccountById(ctx.db, fromId)]);
  if (!recipient || !from) return;
  const status = notification.status_id === null ? undefined : await findStatus(ctx.db, Number(notification.status_id));
  const vapid = await vapidKeys(ctx);
  const body = pushPayload(ctx.config, { notification, recipient, from, status, accessToken: unsealToken(sub.sealed_token, vapid.privateKey) ?? '' });
  const answer = await sendPush(
    { endpoint: sub.endpoint, p256dh: sub.key_p256dh, auth: sub.key_auth, standard: sub.standard === 1 },
    JSON.stringify(body),
    vapid,
    vapidSubject(ctx.config.publicUrl, ctx.config.provider),
    { allowPrivate: ctx.config.allowPrivatePeers, signal: job.signal },
  );
  if ('error' in answer) {
    if (answer.error instanceof PrivateAddressError) {
      // The endpoint's name has come to lead somewhere it must not: the subscription is no good.
      await deleteSubscription(ctx.db, Number(sub.id));
      throw new PermanentJobError(`${answer.error.message}; subscription removed`);
    }
    throw new RetryJobError(answer.error.message);
  }
  const { status: code } = answer;
  if (code >= 200 && code < 300) return;
  if (code === 404 || code === 410) {
    await deleteSubscription(ctx.db, Number(sub.id));
    return;
  }
  const why = `the push service answered ${code}${answer.body ? `: ${answer.body.slice(0, 200)}` : ''}`;
  if (code === 408 || code === 429 || (code >= 500 && code <= 599)) throw new RetryJobError(why, retryAfterMs(answer.retryAfter, ctx.clock.now().getTime()));
  throw new PermanentJobError(why);
}

/** The queue's handler for push jobs: five attempts, backoff from 10 s to 10 min. */
export const pushJobHandler: JobHandler = {
  kind: PUSH_JOB,
  retry: { baseMs: 10_000, capMs: 10 * 60_000 },
  run: (ctx, payload, job) => deliverPush(ctx, payload, job),
};
