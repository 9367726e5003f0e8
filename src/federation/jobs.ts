import type { Context } from '../app/context.js';
import { type JobHandler, PermanentJobError } from '../jobs/runner.js';
import { federationOf } from './federation.js';
import { FEDERATION_JOB_KINDS, type FederationQueueName } from './message-queue.js';
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
  async run(ctx: Context, payload: unknown) {
    const f = federationOf(ctx);
    if (!f) throw new PermanentJobError('federation is off (GOVBLOG_FEDERATION)');
    f.startQueues();
    if (name === 'fanout' && isSendRequest(payload)) return runSendRequest(ctx, f, payload);
    await f.queues[name].deliver(payload);
  },
}));
