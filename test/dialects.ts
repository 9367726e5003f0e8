import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Clock } from '../src/app/clock.js';
import { type Config, testConfig } from '../src/app/config.js';
import { type Context, createContext } from '../src/app/context.js';
import { type Connection, connect } from '../src/db/connect.js';
import { TEST_PG_URL } from './pg-url.js';

export type DialectName = 'sqlite' | 'postgres';

/** Every storage and HTTP test runs once per dialect in this list. */
export const DIALECTS: DialectName[] = ['sqlite', 'postgres'];

/** A fresh, empty database of that dialect: in-memory SQLite, or a new PostgreSQL schema. */
export async function freshConnection(dialect: DialectName): Promise<{ url: string; connection: Connection; schema?: string }> {
  if (dialect === 'sqlite') return { url: ':memory:', connection: connect(':memory:') };
  const schema = `${process.env.GOVBLOG_TEST_RUN ?? 'gbt_manual'}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`create schema "${schema}"`);
  await admin.end();
  return { url: TEST_PG_URL, connection: connect(TEST_PG_URL, { schema, poolSize: 4 }), schema };
}

/** A migrated context on a fresh database of that dialect. */
export async function testContext(dialect: DialectName, config: Partial<Config> = {}, clock?: Clock): Promise<Context> {
  const { url, connection } = await freshConnection(dialect);
  const ctx = await createContext(testConfig({ db: url, ...config }), { connection, ...(clock ? { clock } : {}) });
  return {
    ...ctx,
    close: async () => {
      await ctx.close();
      await connection.close();
      // The test's own media folder (testConfig makes one per context), if anything was uploaded.
      if (ctx.config.mediaDir.startsWith(join(tmpdir(), 'govblog-test-media-'))) rmSync(ctx.config.mediaDir, { recursive: true, force: true });
    },
  };
}
