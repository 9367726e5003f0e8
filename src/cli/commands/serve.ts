import cluster from 'node:cluster';
import type { Command } from 'commander';
import { type Config, loadConfig } from '../../app/config.js';
import { type Context, createContext } from '../../app/context.js';
import { buildApp } from '../../http/app.js';
import { jobLeaseFromEnv, startBackgroundWork } from '../../jobs/background.js';
import { isFirstWorker, runPrimary, runWorker } from '../cluster.js';
import { CliExit } from '../errors.js';

export interface ServeOptions {
  port?: string;
  host?: string;
  db?: string;
  provider?: string;
  publicUrl?: string;
  rateLimit?: string;
  logLevel?: string;
  report?: string;
  cacheTtl?: string;
  homePagesMb?: string;
  redis?: string;
  workers?: string;
  jobs?: string;
  allowPrivatePeers?: boolean;
  federation?: string;
}

export function serveConfig(opts: ServeOptions): Config {
  return loadConfig({
    port: opts.port,
    host: opts.host,
    db: opts.db,
    provider: opts.provider,
    publicUrl: opts.publicUrl,
    rateLimit: opts.rateLimit,
    logLevel: opts.logLevel,
    reportPath: opts.report,
    cacheTtl: opts.cacheTtl,
    homePagesMb: opts.homePagesMb,
    redis: opts.redis,
    workers: opts.workers,
    jobs: opts.jobs,
    allowPrivatePeers: opts.allowPrivatePeers ? 'on' : undefined,
    federation: opts.federation,
  });
}

/** Starts one provider (one process) and returns how to stop it. */
export async function startProvider(
  opts: ServeOptions,
  io: { out: (line: string) => void } = { out: (l) => process.stdout.write(l + '\n') },
  options: { scheduler?: boolean; announce?: boolean } = {},
): Promise<{ port: number; ctx: Context; stop(): Promise<void> }> {
  const config = serveConfig(opts);
  const lease = jobLeaseFromEnv();
  const ctx = await createContext(config);
  const app = await buildApp(ctx);
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await ctx.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  // The job queue and scheduled statuses: in this process unless another runs them (--jobs off, `govblog worker`).
  const background = options.scheduler === false || !config.jobs ? null : startBackgroundWork(ctx, lease);
  if (options.announce !== false) io.out(`govblog provider ${config.provider} listening on http://${config.host}:${port} (database: ${ctx.dialect === 'postgres' ? 'PostgreSQL' : config.db})`);
  return {
    port,
    ctx,
    async stop() {
      await app.close();
      // After the last request: what they queued is run or released before the database closes.
      await background?.stop();
      await ctx.close();
    },
  };
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run one provider (the microblog service)')
    .option('--port <port>', 'port to listen on (GOVBLOG_PORT)', undefined)
    .option('--host <host>', 'address to listen on (GOVBLOG_HOST)', undefined)
    .option('--db <path|url>', 'SQLite file or postgres:// URL (GOVBLOG_DB)', undefined)
    .option('--provider <name>', "the provider's public host name shown in the API (GOVBLOG_PROVIDER)", undefined)
    .option('--public-url <url>', 'base URL clients use to reach this provider (GOVBLOG_PUBLIC_URL)', undefined)
    .option('--rate-limit <on|off>', 'Mastodon default rate limits (GOVBLOG_RATE_LIMIT)', undefined)
    .option('--log-level <level>', 'fatal|error|warn|info|debug|trace|silent (GOVBLOG_LOG_LEVEL)', undefined)
    .option('--report <file>', 'the census report (JSON) the dashboard shows (GOVBLOG_REPORT)', undefined)
    .option('--cache-ttl <seconds>', 'how long presented accounts and statuses stay cached in this process, 0 for none (GOVBLOG_CACHE_TTL)', undefined)
    .option('--home-pages-mb <MiB>', 'memory for presented home timeline pages in this process, 0 for none; about 30 KB a page (GOVBLOG_HOME_PAGES_MB)', undefined)
    .option('--redis <url>', 'count rate limits in this Redis, shared by every process (GOVBLOG_REDIS)', undefined)
    .option('--workers <n>', 'processes answering on the port, e.g. one per core; above 1 needs --redis or --rate-limit off (GOVBLOG_WORKERS)', undefined)
    .option('--jobs <on|off>', 'run the background work (job queue, scheduled statuses) in this provider; off when `govblog worker` runs it (GOVBLOG_JOBS)', undefined)
    .option('--federation <on|off>', 'take part in ActivityPub federation: WebFinger, actors, inboxes, delivery (GOVBLOG_FEDERATION, default on)', undefined)
    .option('--allow-private-peers', 'tests and the demo only: push endpoints (and peers) on loopback or private addresses, over http (GOVBLOG_ALLOW_PRIVATE_PEERS)')
    .action(async (opts: ServeOptions) => {
      const config = serveConfig(opts);
      if (config.workers > 1 && cluster.isPrimary) {
        // The database is opened and migrated once, here, before any worker starts: an unreachable
        // database is reported as itself, and workers never race to migrate.
        await (await createContext(config)).close();
        const code = await runPrimary({
          workers: config.workers,
          announce: (port) =>
            process.stdout.write(
              `govblog provider ${config.provider} listening on http://${config.host}:${port} (${config.workers} processes; database: ${/^postgres/i.test(config.db) ? 'PostgreSQL' : config.db})\n`,
            ),
          err: (line) => process.stderr.write(line + '\n'),
        });
        if (code !== 0) throw new CliExit(1);
        return;
      }
      if (cluster.isWorker) {
        let server: Awaited<ReturnType<typeof startProvider>>;
        try {
          server = await startProvider(opts, undefined, { scheduler: isFirstWorker(), announce: false });
        } catch (err) {
          // Let go of the primary, or the open channel would keep this process alive after the error is reported.
          cluster.worker?.disconnect();
          throw err;
        }
        await runWorker(server.port, server.ctx.cache);
        await server.stop();
        process.exit(0);
      }
      const server = await startProvider(opts);
      if (server.ctx.config.allowPrivatePeers) server.ctx.log.warn('--allow-private-peers is on: requests may go to loopback and private addresses (tests and the demo only)');
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await server.stop();
    });
}
