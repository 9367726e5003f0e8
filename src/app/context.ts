import { pino, type Logger } from 'pino';
import { type Connection, type Dialect, connect } from '../db/connect.js';
import type { DB } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { type Clock, systemClock } from './clock.js';
import type { Config } from './config.js';
import { type CacheBus, startCacheBus } from './cache-bus.js';
import { EntityCache } from './entity-cache.js';
import type { RenderedAccount } from '../accounts/accounts.presenter.js';
import type { CachedStatus } from '../statuses/status-cache.js';
import type { Exclusions } from '../social/exclusions.js';
import { LoginCache } from '../oauth/login-cache.js';
import { HomePageCache } from '../timelines/home-pages.js';
import { type MediaStore, mediaStoreFor } from '../media/store.js';
import { type Streaming, createStreaming } from '../streaming/streaming.js';

/** What this process keeps presented in memory (src/app/entity-cache.ts). */
export interface Caches {
  accounts: EntityCache<RenderedAccount>;
  statuses: EntityCache<CachedStatus>;
  /** Each reader's blocks, mutes and domain blocks, by the reader's id (src/social/exclusions.ts). */
  exclusions: EntityCache<Exclusions>;
  /** Live bearer tokens and their accounts' rows, by the token's digest (src/oauth/login-cache.ts). */
  logins: LoginCache;
  /** Home timeline pages as presented, by reader (src/timelines/home-pages.ts). */
  homes: HomePageCache;
}

/** Sizes that hold a busy provider's recent statuses and their authors in a few hundred MB at most. */
const CACHED_ACCOUNTS = 50_000;
const CACHED_STATUSES = 100_000;
const CACHED_EXCLUSIONS = 50_000;
const CACHED_LOGINS = 50_000;

export function createCaches(config: Config): Caches {
  const ttl = config.cacheTtl * 1000;
  const caches = {
    accounts: new EntityCache<RenderedAccount>(CACHED_ACCOUNTS, ttl),
    statuses: new EntityCache<CachedStatus>(CACHED_STATUSES, ttl),
    exclusions: new EntityCache<Exclusions>(CACHED_EXCLUSIONS, ttl),
    logins: new LoginCache(CACHED_LOGINS, ttl),
    homes: new HomePageCache(config.homePagesMb * 1024 * 1024, ttl),
  };
  // A changed account row ends the logins that carry it; a changed status,
  // account or reader's exclusions, the home pages that show them.
  caches.accounts.alsoForget((ids) => {
    caches.logins.forgetAccountsHere(ids);
    caches.homes.forgetAccountsHere(ids);
  });
  caches.statuses.alsoForget((ids) => caches.homes.forgetStatusesHere(ids));
  caches.exclusions.alsoForget((ids) => caches.homes.forgetHere(ids));
  return caches;
}

/** Everything a use case may touch, built once and passed explicitly. */
export interface Context {
  config: Config;
  db: DB;
  dialect: Dialect;
  clock: Clock;
  log: Logger;
  cache: Caches;
  /** Where uploaded files are kept (src/media/store.ts). */
  media: MediaStore;
  /** The streaming API's bus and this process's open streams (src/streaming/). */
  streaming: Streaming;
  close(): Promise<void>;
}

export interface ContextOverrides {
  clock?: Clock;
  log?: Logger;
  /** An already-open connection (tests share one per dialect). */
  connection?: Connection;
  /** Options for a new connection. */
  schema?: string;
  /** A media store other than the config's. */
  media?: MediaStore;
}

/** The composition root: opens the database, applies migrations, wires the rest. */
export async function createContext(config: Config, overrides: ContextOverrides = {}): Promise<Context> {
  const connection =
    overrides.connection ?? connect(config.db, overrides.schema !== undefined ? { schema: overrides.schema } : {});
  const log = overrides.log ?? pino({ level: config.logLevel });
  const cache = createCaches(config);
  let bus: CacheBus | null = null;
  try {
    await migrateToLatest(connection.db);
    // Other processes on the same PostgreSQL database hear what this one forgets.
    if (connection.dialect === 'postgres' && config.cacheTtl > 0) bus = await startCacheBus(config.db, { ...cache }, log);
  } catch (err) {
    if (!overrides.connection) await connection.close();
    throw err;
  }
  const ctx: Context = {
    config,
    db: connection.db,
    dialect: connection.dialect,
    clock: overrides.clock ?? systemClock,
    log,
    cache,
    media: overrides.media ?? mediaStoreFor(config),
    streaming: null as unknown as Streaming,
    close: async () => {
      await ctx.streaming.close();
      await bus?.close();
      if (!overrides.connection) await connection.close();
    },
  };
  // The hub renders with the context it belongs to.
  ctx.streaming = createStreaming(ctx);
  return ctx;
}
