import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/dialects.js';
import { citizen } from '../../../test/factories.js';
import { type TestServer, testServer } from '../../../test/http.js';
import { migrator } from '../../../test/migrator.js';

/** 0019 adds blocks, mutes and the users' domain blocks; down takes them away with accounts and follows intact, up brings them back. */
describe.each(DIALECTS)('migration 0019_blocks (%s)', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(dialect);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('goes down to 0018 and up again', async () => {
    const a = await citizen(s);
    const b = await citizen(s);
    expect((await s.call('POST', `/api/v1/accounts/${b.id}/mute`, { token: a.token })).status).toBe(200);
    expect((await s.call('POST', `/api/v1/accounts/${a.id}/block`, { token: b.token })).status).toBe(200);
    const db = s.ctx.db as unknown as Kysely<any>;
    // Down to the one before it, through any migration registered after it.
    const down = await (await migrator(db)).migrateTo('0018_extras');
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName).at(-1)).toBe('0019_blocks');
    for (const table of ['blocks', 'mutes', 'account_domain_blocks']) await expect(db.selectFrom(table).selectAll().execute(), table).rejects.toThrow();
    expect(await db.selectFrom('accounts').select('id').where('id', 'in', [Number(a.id), Number(b.id)]).execute()).toHaveLength(2);
    const up = await (await migrator(db)).migrateToLatest();
    expect(up.error).toBeUndefined();
    expect(await db.selectFrom('blocks').selectAll().execute()).toEqual([]);
    expect((await s.call('POST', `/api/v1/accounts/${b.id}/block`, { token: a.token })).status).toBe(200);
  });
});
