import type { Command } from 'commander';
import { loadConfig } from '../../app/config.js';
import { createContext } from '../../app/context.js';
import { jobLeaseFromEnv, startBackgroundWork } from '../../jobs/background.js';

export interface WorkerOptions {
  db?: string;
  redis?: string;
  provider?: string;
  publicUrl?: string;
  logLevel?: string;
  concurrency?: string;
  allowPrivatePeers?: boolean;
  federation?: string;
}

/**
 * `govblog worker`: only the background work (the job queue: federation
 * delivery and incoming activities, push delivery, link cards, poll and mute
 * expiry, annual reports; scheduled statuses) for a provider whose
 * web processes run elsewhere, over the same database. Any number may run
 * (on PostgreSQL; on SQLite they share one file's single writer). SIGTERM or
 * SIGINT: no new jobs are taken, running ones get a few seconds to finish,
 * the rest are handed back to the queue, and the process exits 0.
 */
export function registerWorker(program: Command, out: (line: string) => void): void {
  program
    .command('worker')
    .description('run only the background work (federation delivery, incoming activities, push delivery and the rest of the job queue, scheduled statuses)')
    .option('--db <path|url>', 'the provider\'s SQLite file or postgres:// URL (GOVBLOG_DB)', undefined)
    .option('--redis <url>', 'the Redis the provider\'s processes share (GOVBLOG_REDIS); the job queue itself lives in the database', undefined)
    .option('--provider <name>', "the provider's public host name (GOVBLOG_PROVIDER)", undefined)
    .option('--public-url <url>', 'base URL the provider is reached at, for links in pushes and federation ids (GOVBLOG_PUBLIC_URL); the same as its serve processes\'', undefined)
    .option('--log-level <level>', 'fatal|error|warn|info|debug|trace|silent (GOVBLOG_LOG_LEVEL)', undefined)
    .option('--concurrency <n>', 'jobs run at once (GOVBLOG_JOB_CONCURRENCY, default 4)', undefined)
    .option('--federation <on|off>', 'deliver and take ActivityPub activities, as the provider\'s serve processes do (GOVBLOG_FEDERATION, default on)', undefined)
    .option('--allow-private-peers', 'tests and the demo only: federation peers, link pages and push endpoints on loopback or private addresses, over http (GOVBLOG_ALLOW_PRIVATE_PEERS)')
    .action(async (opts: WorkerOptions) => {
      const config = loadConfig({
        db: opts.db,
        redis: opts.redis,
        provider: opts.provider,
        publicUrl: opts.publicUrl,
        logLevel: opts.logLevel,
        jobConcurrency: opts.concurrency,
        allowPrivatePeers: opts.allowPrivatePeers ? 'on' : undefined,
        federation: opts.federation,
      });
      const lease = jobLeaseFromEnv();
      const ctx = await createContext(config);
      if (config.allowPrivatePeers) ctx.log.warn('--allow-private-peers is on: requests may go to loopback and private addresses (tests and the demo only)');
      const work = startBackgroundWork(ctx, lease);
      out(`govblog worker for ${config.provider} running background work (database: ${ctx.dialect === 'postgres' ? 'PostgreSQL' : config.db}; ${config.jobConcurrency} jobs at once)`);
      // The queue's timers do not hold the process (serve's server does, there); on SQLite
      // nothing else would, and an idle worker would quietly exit. This keeps it until a signal.
      const alive = setInterval(() => {}, 1 << 30);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      clearInterval(alive);
      await work.stop();
      await ctx.close();
      out('govblog worker stopped');
    });
}
