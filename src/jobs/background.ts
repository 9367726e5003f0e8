import { ConfigError } from '../app/config.js';
import type { Context } from '../app/context.js';
import { type JobHandler, startJobRunner } from './runner.js';
import { pushJobHandler } from '../push/deliver-push.js';
import { pollExpiryHandler } from '../polls/poll-expiry.js';
import { cardJobHandler } from '../cards/fetch-card.js';
import { annualReportJobHandler } from '../annual-reports/generate-annual-report.js';
import { startMediaSweeper } from '../media/sweep-media.js';
import { startEvidenceSweeper } from '../verification/evidence.js';
import { startScheduler } from '../statuses/scheduled/scheduler.js';
import { muteExpiryHandler } from '../moderation/mute-expiry.js';
import { FEDERATION_JOB_HANDLERS } from '../federation/jobs.js';
import { distributeJobHandler } from '../federation/distribute.js';

/** Every kind of job the queue runs; a feature that queues work adds its handler here. */
export const JOB_HANDLERS: readonly JobHandler[] = [pushJobHandler, pollExpiryHandler, cardJobHandler, annualReportJobHandler, muteExpiryHandler, distributeJobHandler, ...FEDERATION_JOB_HANDLERS];

/**
 * The provider's background work, in one place: the job queue's runner
 * (federation delivery and incoming activities, push delivery, link cards,
 * expiries), the publisher of scheduled statuses and the sweeps of unattached
 * uploads (media, and verification evidence files). `serve` runs it in its process (its
 * first worker under --workers), `govblog worker` runs only this.
 */
export function startBackgroundWork(ctx: Context, options: { pollMs?: number; leaseMs?: number } = {}): { stop(): Promise<void> } {
  const runner = startJobRunner(ctx, JOB_HANDLERS, { concurrency: ctx.config.jobConcurrency, ...options });
  const scheduler = startScheduler(ctx);
  const sweeper = startMediaSweeper(ctx);
  // Evidence files an application never took: private scans are not kept longer than they serve.
  const evidenceSweeper = startEvidenceSweeper(ctx);
  return {
    async stop() {
      scheduler.stop();
      sweeper.stop();
      evidenceSweeper.stop();
      await runner.stop();
    },
  };
}

/**
 * How long a claimed job is held before another runner may take it again,
 * from GOVBLOG_JOB_LEASE_MS (default 60 s; renewed while the job runs). Tests
 * that kill processes shorten it, so that a job the dead process held comes
 * back in seconds rather than a minute.
 */
export function jobLeaseFromEnv(env: NodeJS.ProcessEnv = process.env): { leaseMs?: number } {
  const value = env.GOVBLOG_JOB_LEASE_MS;
  if (value === undefined) return {};
  const leaseMs = Number(value);
  if (!(Number.isInteger(leaseMs) && leaseMs >= 100 && leaseMs <= 3_600_000)) {
    throw new ConfigError([`GOVBLOG_JOB_LEASE_MS: must be milliseconds from 100 to 3600000 (got ${JSON.stringify(value)})`]);
  }
  return { leaseMs };
}
