import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freshConnection } from '../../test/dialects.js';
import { TEST_PG_URL } from '../../test/pg-url.js';
import { migrateToLatest } from './migrate.js';

/**
 * Several govblog schemas share one PostgreSQL database (parallel test runs,
 * several providers). Migrating one must not depend on the others: Kysely's
 * catalogue reader resolved every table of every schema by name, and a run
 * that dropped its schemas meanwhile made migrations elsewhere fail with
 * "schema … does not exist".
 */
describe('migrations on a database shared by several schemas', () => {
  it('go through while other schemas come and go', async () => {
    const churner = new pg.Client({ connectionString: TEST_PG_URL });
    await churner.connect();
    let stop = false;
    const churn = (async () => {
      for (let i = 0; !stop; i++) {
        const s = `gbt_churn_${process.pid}_${i}`;
        await churner.query(`create schema "${s}"; create table "${s}".t (id serial primary key, a text, b text, c text)`);
        await churner.query(`drop schema "${s}" cascade`);
      }
    })();
    try {
      for (let round = 0; round < 6; round++) {
        const mine = await freshConnection('postgres');
        try {
          await migrateToLatest(mine.connection.db);
          const { rows } = await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(mine.connection.db);
          expect(rows[0]!.n).toBeGreaterThan(0);
        } finally {
          await mine.connection.close();
        }
      }
    } finally {
      stop = true;
      await churn;
      await churner.end();
    }
  });
});
