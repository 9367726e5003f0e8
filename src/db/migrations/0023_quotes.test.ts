import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/dialects.js';
import { citizen } from '../../../test/factories.js';
import { type TestServer, testServer } from '../../../test/http.js';
import { MIGRATIONS } from './index.js';
import { migrator } from '../../../test/migrator.js';

/** 0023 adds quote posts (the quotes table, and on statuses their count, policy and flag); down takes them away with the statuses intact, up brings them back empty. */
describe.each(DIALECTS)('migration 0023_quotes (%s)', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(dialect);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('goes down to the one before and up again, statuses intact, no quote left', async () => {
    const alice = await citizen(s);
    const quoted = await s.call('POST', '/api/v1/statuses', { token: alice.token, body: { status: '供暖通知' } });
    expect(quoted.status).toBe(200);
    const quoting = await s.call('POST', '/api/v1/statuses', { token: alice.token, body: { status: '转告', quoted_status_id: quoted.json.id } });
    expect(quoting.status, quoting.body).toBe(200);
    const db = s.ctx.db as unknown as Kysely<any>;
    const before = Object.keys(MIGRATIONS).sort().filter((n) => n < '0023_quotes').at(-1) as string;
    const down = await (await migrator(db)).migrateTo(before);
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName)).toContain('0023_quotes');
    await expect(db.selectFrom('quotes').selectAll().execute()).rejects.toThrow();
    await expect(db.selectFrom('statuses').select('quoting').execute()).rejects.toThrow();
    const up = await (await migrator(db)).migrateToLatest();
    expect(up.error).toBeUndefined();
    const rows = await db.selectFrom('statuses').select(['id', 'text', 'quoting', 'quotes_count', 'quote_approval_policy']).orderBy('id').execute();
    expect(rows.map((r) => [r.text, Number(r.quoting), Number(r.quotes_count), r.quote_approval_policy])).toEqual([
      ['供暖通知', 0, 0, 'public'],
      ['转告', 0, 0, 'public'],
    ]);
    expect(await db.selectFrom('quotes').selectAll().execute()).toEqual([]);
  });
});
