import type { Context } from '../app/context.js';
import { privateAddressOf } from '../app/private-address.js';
import { mayFederateWith } from '../moderation/domain-policy.js';
import { enqueueNow } from '../jobs/enqueue.js';
import { DeferJobError, type JobHandler, type JobInfo, PermanentJobError } from '../jobs/runner.js';
import { federationOf } from './federation.js';
import { hostSlots } from './host-slots.js';
import { FEDERATION_JOB_ATTEMPTS, FEDERATION_JOB_KINDS, type FederationQueueName } from './message-queue.js';
import { ORDERING, markOfOrderingKey, mustWait } from './ordering.js';
import { isSendRequest, runSendRequest } from './send.js';

/**
 * The job handlers of federation's three queues (listed in JOB_HANDLERS).
 * Each hands its message to Fedify, which retries failed deliveries and
 * activities itself (OUTBOX_RETRY, INBOX_RETRY) by queueing a new job; an
 * error that escapes Fedify (our database failing under it) is left to the
 * job's own FEDERATION_JOB_ATTEMPTS.
 */
export const FEDERATION_JOB_HANDLERS: readonly JobHandler[] = (Object.keys(FEDERATION_JOB_KINDS) as FederationQueueName[]).map((name) => ({
  kind: FEDERATION_JOB_KINDS[name],
  async run(ctx: Context, payload: unknown, job: JobInfo) {
    const f = federationOf(ctx);
    if (!f) throw new PermanentJobError('federation is off (GOVBLOG_FEDERATION)');
    f.startQueues();
    if (name !== 'inbox' && (await heldBack(ctx, job.id, FEDERATION_JOB_KINDS[name], payload))) return;
    if (name === 'fanout' && isSendRequest(payload)) return runSendRequest(ctx, f, payload);
    if (name !== 'outbox') return f.queues[name].deliver(payload);
    const host = (await refusePrivateInbox(ctx, payload)).host;
    // A server's share of the slots (host-slots.ts): a slow one cannot hold up deliveries to the others.
    const slot = hostSlots(ctx).take(host);
    if ('waitMs' in slot) throw new DeferJobError(`${host} has its share of delivery slots`, slot.waitMs);
    try {
      await f.queues.outbox.deliver(payload);
    } finally {
      slot.release();
    }
  },
}));

/**
 * A send request or delivery that must wait for an earlier one about the
 * same thing (src/federation/ordering.ts) is queued again a little later,
 * as itself, and this job ends: true then.
 */
async function heldBack(ctx: Context, jobId: number, kind: string, payload: unknown): Promise<boolean> {
  const mark = markOfOrderingKey((payload as { orderingKey?: unknown } | null)?.orderingKey);
  if (!mark || !(await mustWait(ctx, jobId, mark))) return false;
  await enqueueNow(ctx, [{ kind, payload, runAt: new Date(ctx.clock.now().getTime() + ORDERING.waitMs), maxAttempts: FEDERATION_JOB_ATTEMPTS }]);
  return true;
}

/**
 * Every delivery passes here, one inbox each: not to a domain the provider
 * does not federate with (domain blocks, limited federation), and only https
 * to public addresses unless --allow-private-peers (tests, the demo). Checked when
 * the POST is due, where the name is resolved, so that a follower's inbox
 * cannot point the provider at its own network.
 */
async function refusePrivateInbox(ctx: Context, payload: unknown): Promise<URL> {
  const inbox = (payload as { inbox?: unknown } | null)?.inbox;
  let url: URL;
  try {
    url = new URL(String(inbox));
  } catch {
    throw new PermanentJobError('the delivery names no inbox URL');
  }
  // A domain suspended since the activity was queued, or not allowed in limited-federation mode, gets nothing.
  if (!(await mayFederateWith(ctx, url.host))) throw new PermanentJobError(`refused: the provider does not federate with ${url.host}`);
  if (ctx.config.allowPrivatePeers) return url;
  if (url.protocol !== 'https:') throw new PermanentJobError(`refused: ${url.origin} is not https`);
  const address = await privateAddressOf(url.hostname);
  if (address !== null) throw new PermanentJobError(`refused: ${url.hostname} is a private or loopback address (${address})`);
  return url;
}
