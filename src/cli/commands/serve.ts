import type { Command } from 'commander';
import { loadConfig } from '../../app/config.js';
import { createContext } from '../../app/context.js';
import { buildApp } from '../../http/app.js';
import { startScheduler } from '../../statuses/scheduler.js';

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
}

/** Starts one provider and serves until SIGINT or SIGTERM; returns a function that stops it. */
export async function startProvider(opts: ServeOptions, io: { out: (line: string) => void } = { out: (l) => process.stdout.write(l + '\n') }) {
  const config = loadConfig({
    port: opts.port,
    host: opts.host,
    db: opts.db,
    provider: opts.provider,
    publicUrl: opts.publicUrl,
    rateLimit: opts.rateLimit,
    logLevel: opts.logLevel,
    reportPath: opts.report,
    cacheTtl: opts.cacheTtl,
  });
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
  const scheduler = startScheduler(ctx);
  io.out(`govblog provider ${config.provider} listening on http://${config.host}:${port} (database: ${ctx.dialect === 'postgres' ? 'PostgreSQL' : config.db})`);
  return {
    port,
    async stop() {
      scheduler.stop();
      await app.close();
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
    .action(async (opts: ServeOptions) => {
      const server = await startProvider(opts);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await server.stop();
    });
}
