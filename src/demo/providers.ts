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
import { type Leader, federationKeys, leadingOrgans } from './federate.js';
import { seedAccounts, seedLife, seedStaff } from './seed.js';

/** Bump when the population or its seeding changes, so that `govblog demo` rebuilds old data. */
export const DEMO_DATA_VERSION = 7;

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
  /**
   * The first provider's port the data was made for. Stored links (hashtags and mentions in posts)
   * and every federation identity (actor ids, other providers' accounts, follows across them) name
   * the ports, so another --port rebuilds the data.
   */
  port: number;
  providers: Record<string, { accounts: number; statuses: number; follows: number; requests: number }>;
  /** Each provider's leading organs, which federate with the others (federate.ts). */
  leaders: Record<string, Leader[]>;
}

export function demoDbPath(dataDir: string, host: string): string {
  return join(dataDir, `${host}.sqlite`);
}

function markerPath(dataDir: string): string {
  return join(dataDir, 'population.json');
}

function readMarker(dataDir: string): Marker | null {
  try {
    return JSON.parse(readFileSync(markerPath(dataDir), 'utf8')) as Marker;
  } catch {
    return null;
  }
}

/**
 * Whether a previous run left a complete population of this version, made for
 * these ports: later runs reuse it. Otherwise, why it must be built.
 */
export function demoData(dataDir: string, port: number): { ready: true; leaders: Record<string, Leader[]> } | { ready: false; why: string } {
  const m = readMarker(dataDir);
  if (!m || m.version !== DEMO_DATA_VERSION || m.seed !== DEMO_SEED || !DEMO_PROVIDERS.every((p) => existsSync(demoDbPath(dataDir, p.host)))) return { ready: false, why: 'no population of this version yet' };
  if (m.port !== port) return { ready: false, why: `its data was made for ports ${m.port}…${m.port + 3}, whose numbers its links and federated accounts carry` };
  return { ready: true, leaders: m.leaders };
}

/**
 * A demo provider's settings: its census name (weibo.example) as `provider`,
 * and as its public URL the loopback port it listens on, which its links
 * and its federation identity (actors at 127.0.0.1:P) name. It federates
 * with the other three over plain http on loopback (allowPrivatePeers).
 */
function providerConfig(dataDir: string, host: string, port: number, reportPath: string): Config {
  return loadConfig(
    {
      db: demoDbPath(dataDir, host),
      provider: host,
      port: String(port),
      host: '127.0.0.1',
      publicUrl: `http://127.0.0.1:${port}`,
      federation: 'on',
      allowPrivatePeers: 'on',
      rateLimit: 'off',
      // Four providers in one process deliver to each other: more jobs at once keep more deliveries to each in flight.
      jobConcurrency: '16',
      trendableByDefault: 'on',
      logLevel: 'warn',
      reportPath,
      mediaDir: join(dataDir, 'media', host),
    },
    {},
  );
}

/**
 * Builds the four providers' databases from the calibrated population: the
 * accounts and their verifications in bulk, then a live sample of posts,
 * follows and service requests made through the use cases. Old files go first.
 */
export async function buildDemoData(dataDir: string, port: number, say: (line: string) => void): Promise<Record<string, Leader[]>> {
  mkdirSync(dataDir, { recursive: true });
  rmSync(markerPath(dataDir), { force: true });
  // What other providers stored of these (remote accounts' avatars) goes with them.
  rmSync(join(dataDir, 'media'), { recursive: true, force: true });
  const t0 = Date.now();
  const pop = buildPopulation();
  say(`demo: population of ${pop.accounts.length.toLocaleString('en')} verified government accounts built (${Date.now() - t0} ms)`);
  const marker: Marker = { version: DEMO_DATA_VERSION, seed: pop.seed, port, providers: {}, leaders: {} };
  // The federating accounts' keys are made off the main thread while the next provider is written.
  const keys: Promise<void>[] = [];
  for (const [i, p] of DEMO_PROVIDERS.entries()) {
    const db = demoDbPath(dataDir, p.host);
    for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    const ctx = await createContext(providerConfig(dataDir, p.host, port + i, join(dataDir, 'report.json')));
    let closing = true;
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
      const leaders = leadingOrgans(mine);
      marker.leaders[p.host] = leaders;
      keys.push(federationKeys(ctx, leaders).finally(() => ctx.close()));
      closing = false;
    } finally {
      if (closing) await ctx.close();
    }
  }
  await Promise.all(keys);
  writeFileSync(markerPath(dataDir), JSON.stringify(marker, null, 2));
  return marker.leaders;
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
