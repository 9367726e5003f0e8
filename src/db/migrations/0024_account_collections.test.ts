import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/dialects.js';
import { citizen } from '../../../test/factories.js';
import { type TestServer, testServer } from '../../../test/http.js';
import { MIGRATIONS } from './index.js';
import { migrator } from '../../../test/migrator.js';

/** 0024 adds collections and their items; down takes them away (with their rows), up brings them back empty. */
describe.each(DIALECTS)('migration 0024_account_collections (%s)', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(dialect);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('goes down to the one before and up again, accounts intact', async () => {
    const alice = await citizen(s);
    expect((await s.call('POST', '/api/v1/collections', { token: alice.token, body: { name: '政务' } })).status).toBe(200);
    const db = s.ctx.db as unknown as Kysely<any>;
    const before = Object.keys(MIGRATIONS).sort().filter((n) => n < '0024_account_collections').at(-1) as string;
    const down = await (await migrator(db)).migrateTo(before);
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName)).toContain('0024_account_collections');
    await expect(db.selectFrom('account_collections').selectAll().execute()).rejects.toThrow();
    const up = await (await migrator(db)).migrateToLatest();
    expect(up.error).toBeUndefined();
    expect(await db.selectFrom('account_collections').selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('account_collection_items').selectAll().execute()).toEqual([]);
    expect((await db.selectFrom('accounts').select('id').where('id', '=', Number(alice.id)).execute()).length).toBe(1);
  });
});
