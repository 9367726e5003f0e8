import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { TEST_PG_URL } from './pg-url.js';

/**
 * Once per `vitest run`: checks that PostgreSQL answers (its tests are real
 * tests, not optional ones) and, at the end, drops the schemas this run made.
 */
export default async function setup() {
  const run = `gbt_${randomBytes(4).toString('hex')}`;
  process.env.GOVBLOG_TEST_RUN = run;
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (err) {
    throw new Error(`PostgreSQL is not reachable at ${TEST_PG_URL} (set GOVBLOG_TEST_PG): ${(err as Error).message}`);
  } finally {
    await client.end().catch(() => {});
  }
  return async () => {
    const c = new pg.Client({ connectionString: TEST_PG_URL });
    await c.connect();
    const { rows } = await c.query<{ nspname: string }>('select nspname from pg_namespace where nspname like $1', [`${run}%`]);
    for (const r of rows) await c.query(`drop schema "${r.nspname}" cascade`);
    await c.end();
  };
}
