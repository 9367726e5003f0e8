/**
 * What the database benchmarks share: `--dialect`/`--full` flags, a throwaway
 * database per dialect (an SQLite file under the temp folder, or a fresh
 * PostgreSQL schema, both removed afterwards) and chunked multi-row inserts.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Insertable, sql } from 'kysely';
import pg from 'pg';
import { type Config, testConfig } from '../src/app/config.js';
import { type Context, createContext } from '../src/app/context.js';
import type { Database, Executor } from '../src/db/database.js';

export type BenchDialect = 'sqlite' | 'postgres';

export const PG_URL = process.env.GOVBLOG_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

export function flag(name: string): boolean {
  return process.argv.includes(`--${name}`);
}

export function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}

export function numberOption(name: string, fallback: number): number {
  const raw = option(name);
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isSafeInteger(v) || v <= 0) throw new Error(`--${name}: expected a positive integer`);
  return v;
}

export function dialectsOf(raw = option('dialect') ?? 'both'): BenchDialect[] {
  if (raw === 'both') return ['sqlite', 'postgres'];
  if (raw === 'sqlite' || raw === 'postgres') return [raw];
  throw new Error('--dialect: expected sqlite, postgres or both');
}

/** A throwaway database; `config` and `schema` are what a server child needs to open it again. */
export interface BenchDatabase {
  dialect: BenchDialect;
  config: Config;
  schema: string | undefined;
  open(): Promise<Context>;
  drop(): Promise<void>;
}

export function benchConfig(db: string): Config {
  // As a provider runs in production: no strict answer checks (tests turn them on).
  return testConfig({ db, provider: 'bench.example', publicUrl: 'http://bench.example', rateLimit: false, logLevel: 'silent', checkResponses: false });
}

/** A federating provider on loopback (`serve --federation on --allow-private-peers` at 127.0.0.1:PORT), as bench/federation-server.ts runs it. */
export function providerConfig(db: string, port: number): Config {
  const url = `http://127.0.0.1:${port}`;
  return { ...benchConfig(db), federation: true, allowPrivatePeers: true, publicUrl: url, provider: `127.0.0.1:${port}`, port, host: '127.0.0.1' };
}

export async function benchDatabase(dialect: BenchDialect, name: string): Promise<BenchDatabase> {
  const tag = randomBytes(4).toString('hex');
  if (dialect === 'sqlite') {
    const path = join(tmpdir(), `govblog-bench-${name}-${tag}.sqlite`);
    const config = benchConfig(path);
    return {
      dialect,
      config,
      schema: undefined,
      open: () => createContext(config),
      drop: async () => {
        for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
      },
    };
  }
  const schema = `bench_${name}_${tag}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create schema "${schema}"`);
  const config = benchConfig(PG_URL);
  return {
    dialect,
    config,
    schema,
    open: () => createContext(config, { schema }),
    drop: () => admin(`drop schema "${schema}" cascade`),
  };
}

/**
 * Inserts rows in multi-row statements of `chunk` rows, `perTransaction`
 * statements to a transaction (SQLite allows 32,766 parameters a statement,
 * PostgreSQL 65,535: keep chunk × columns below both).
 */
export async function insertChunked<T extends keyof Database & string>(
  ctx: Context,
  table: T,
  rows: Iterable<Insertable<Database[T]>>,
  chunk = 1000,
  perTransaction = 20,
): Promise<number> {
  let count = 0;
  let batch: Insertable<Database[T]>[] = [];
  let pending: Insertable<Database[T]>[][] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const statements = pending;
    pending = [];
    await ctx.db.transaction().execute(async (trx: Executor) => {
      for (const values of statements) await trx.insertInto(table).values(values as never).execute();
    });
  };
  for (const row of rows) {
    batch.push(row);
    count++;
    if (batch.length === chunk) {
      pending.push(batch);
      batch = [];
      if (pending.length === perTransaction) await flush();
    }
  }
  if (batch.length) pending.push(batch);
  await flush();
  return count;
}

/** Statistics as a long-running PostgreSQL would have them after autovacuum; SQLite keeps none unless asked, as in production. */
export async function settle(ctx: Context, tables: readonly (keyof Database & string)[]): Promise<void> {
  if (ctx.dialect !== 'postgres') return;
  for (const t of tables) await sql`vacuum analyze ${sql.table(t)}`.execute(ctx.db);
}

export function ms(from: number): number {
  return Math.round((performance.now() - from) * 10) / 10;
}
