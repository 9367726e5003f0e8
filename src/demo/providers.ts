import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { type Config, loadConfig } from '../app/config.js';
import { type Context, createContext } from '../app/context.js';
import { buildApp } from '../http/app.js';
import { startBackgroundWork } from '../jobs/background.js';
import { DEMO_PROVIDERS } from './calibration.js';
import { DEMO_SEED, buildPopulation } from './population.js';
import { seedAccounts, seedLife, seedStaff } from './seed.js';

/** Bump when the population or its seeding changes, so that `govblog demo` rebuilds old data. */
export const DEMO_DATA_VERSION = 4;

export interface DemoProvider {
  host: string;
  zh: string;
  en: string;
  url: string;
  db: string;
  ctx: Context;
  app: FastifyInstance;
}

interface Marker {
  version: number;
  seed: number;
  providers: Record<string, { accounts: number; statuses: number; follows: number; requests: number }>;
}

export function demoDbPath(dataDir: string, host: string): string {
  return join(dataDir, `${host}.sqlite`);
}

function markerPath(dataDir: string): string {
  return join(dataDir, 'population.json');
}

/** Whether a previous run left a complete population of this version: later runs reuse it. */
export function populationReady(dataDir: string): boolean {
  try {
    const m = JSON.parse(readFileSync(markerPath(dataDir), 'utf8')) as Marker;
    return m.version === DEMO_DATA_VERSION && m.seed === DEMO_SEED && DEMO_PROVIDERS.every((p) => existsSync(demoDbPath(dataDir, p.host)));
  } catch {
    return false;
  }
}

function providerConfig(dataDir: string, host: string, port: number, reportPath: string): Config {
  return loadConfig({ db: demoDbPath(dataDir, host), provider: host, port: String(port), host: '127.0.0.1', rateLimit: 'off', trendableByDefault: 'on', logLevel: 'warn', reportPath, mediaDir: join(dataDir, 'media', host) }, {});
}

/**
 * Builds the four providers' databases from the calibrated population: the
 * accounts and their verifications in bulk, then a live sample of posts,
 * follows and service requests made through the use cases. Old files go first.
 */
export async function buildDemoData(dataDir: string, say: (line: string) => void): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  rmSync(markerPath(dataDir), { force: true });
  const t0 = Date.now();
  const pop = buildPopulation();
  say(`demo: population of ${pop.accounts.length.toLocaleString('en')} verified government accounts built (${Date.now() - t0} ms)`);
  const marker: Marker = { version: DEMO_DATA_VERSION, seed: pop.seed, providers: {} };
  for (const [i, p] of DEMO_PROVIDERS.entries()) {
    const db = demoDbPath(dataDir, p.host);
    for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    const ctx = await createContext(providerConfig(dataDir, p.host, 0, join(dataDir, 'report.json')));
    try {
      // A bulk load: a 64 MiB page cache (SQLite's default is 2 MiB) keeps the search index's pages at hand while it grows.
      await sql`pragma cache_size = -65536`.execute(ctx.db);
      const mine = pop.accounts.filter((a) => a.provider === p.host);
      const { reviewer } = await seedStaff(ctx, '2009-08-01T00:00:00Z');
      let last = 0;
      await seedAccounts(ctx, mine, Number(reviewer.id), (done) => {
        if (done - last >= 20_000 || done === mine.length) {
          say(`demo: ${p.host}: ${done.toLocaleString('en')} / ${mine.length.toLocaleString('en')} accounts`);
          last = done;
        }
      });
      const life = await seedLife(ctx, mine, pop.seed + i);
      say(`demo: ${p.host}: ${life.statuses} posts, ${life.follows} follows, ${life.requests} service requests`);
      marker.providers[p.host] = { accounts: mine.length, ...life };
    } finally {
      await ctx.close();
    }
  }
  writeFileSync(markerPath(dataDir), JSON.stringify(marker, null, 2));
}

/** Starts the four providers on consecutive ports from `port`, each with its background work. */
export async function startDemoProviders(dataDir: string, port: number, reportPath: string): Promise<DemoProvider[]> {
  const started: DemoProvider[] = [];
  try {
    for (const [i, p] of DEMO_PROVIDERS.entries()) {
      const config = providerConfig(dataDir, p.host, port + i, reportPath);
      const ctx = await createContext(config);
      const app = await buildApp(ctx);
      // Each provider runs its own background work: the job queue (pushes), scheduled statuses, the media sweep.
      const background = startBackgroundWork(ctx);
      app.addHook('onClose', async () => {
        await background.stop();
      });
      await app.listen({ port: port + i, host: '127.0.0.1' });
      started.push({ host: p.host, zh: p.zh, en: p.en, url: `http://127.0.0.1:${port + i}`, db: config.db, ctx, app });
    }
  } catch (err) {
    await stopDemoProviders(started);
    throw err;
  }
  return started;
}

export async function stopDemoProviders(providers: readonly DemoProvider[]): Promise<void> {
  for (const p of providers) {
    await p.app.close();
    await p.ctx.close();
  }
}
