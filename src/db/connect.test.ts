import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshConnection } from '../../test/dialects.js';
import { TEST_PG_URL } from '../../test/pg-url.js';
import type { Connection } from './connect.js';

/**
 * PostgreSQL statements are prepared once per connection under a name
 * (src/db/connect.ts). A newer govblog may migrate the database while this
 * one runs; a prepared `select *` whose table gained a column must still
 * answer, with the new column, rather than fail.
 */
describe('named PostgreSQL statements', () => {
  let c: Connection;
  let schema: string;
  beforeAll(async () => {
    const fresh = await freshConnection('postgres');
    c = fresh.connection;
    schema = fresh.schema!;
    await sql`create table notes (id bigint primary key, body text not null)`.execute(c.db);
    await sql`insert into notes values (1, '通知')`.execute(c.db);
  });
  afterAll(async () => {
    await c?.close();
  });

  const read = async () => (await sql<Record<string, unknown>>`select * from notes where id = ${1}`.execute(c.db)).rows[0];

  it('reuse one plan, and survive a column added under them', async () => {
    expect(await read()).toEqual({ id: 1, body: '通知' });
    expect(await read()).toEqual({ id: 1, body: '通知' });
    const other = new pg.Client({ connectionString: TEST_PG_URL });
    await other.connect();
    await other.query(`alter table "${schema}".notes add column level text not null default 'county'`);
    await other.end();
    expect(await read()).toEqual({ id: 1, body: '通知', level: 'county' });
    expect(await read()).toEqual({ id: 1, body: '通知', level: 'county' });
  });
});
