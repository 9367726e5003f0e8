import type { Context } from '../app/context.js';
import { type JobHandler, startJobRunner } from './runner.js';
import { pushJobHandler } from '../push/deliver-push.js';
import { pollExpiryHandler } from '../polls/poll-expiry.js';
import { cardJobHandler } from '../cards/fetch-card.js';
import { annualReportJobHandler } from '../annual-reports/generate-annual-report.js';
import { startMediaSweeper } from '../media/sweep-media.js';
import { startScheduler } from '../statuses/scheduled/scheduler.js';
import { muteExpiryHandler } from '../moderation/mute-expiry.js';
import { FEDERATION_JOB_HANDLERS } from '../federation/jobs.js';
import { distributeJobHandler } from '../federation/distribute.js';

/** Every kind of job the queue runs; a feature that queues work adds its handler here. */
export const JOB_HANDLERS: readonly JobHandler[] = [pushJobHandler, pollExpiryHandler, cardJobHandler, annualReportJobHandler, muteExpiryHandler, distributeJobHandler, ...FEDERATION_JOB_HANDLERS];

/**
 * The provider's background work, in one place: the job queue's runner
 * (federation delivery and incoming activities, push delivery, link cards,
 * expiries), the publisher of scheduled statuses and the sweep of unattached
 * uploads. `serve` runs it in its process (its
 * first worker under --workers), `govblog worker` runs only this.
 */
export function startBackgroundWork(ctx: Context, options: { pollMs?: number; leaseMs?: number } = {}): { stop(): Promise<void> } {
  const runner = startJobRunner(ctx, JOB_HANDLERS, { concurrency: ctx.config.jobConcurrency, ...options });
  const scheduler = startScheduler(ctx);
  const sweeper = startMediaSweeper(ctx);
  return {
    async stop() {
      scheduler.stop();
      sweeper.stop();
      await runner.stop();
    },
  };
}
