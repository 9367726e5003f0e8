import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/dialects.js';
import { citizen } from '../../../test/factories.js';
import { type TestServer, testServer } from '../../../test/http.js';
import { MIGRATIONS } from './index.js';
import { migrator } from '../../../test/migrator.js';

/** 0025 adds the staff settings of a hashtag (usable, listable); down takes them away, up brings them back unset. */
describe.each(DIALECTS)('migration 0025_tag_admin (%s)', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(dialect);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('goes down to the one before and up again, tags intact, nothing set', async () => {
    const alice = await citizen(s);
    expect((await s.call('POST', '/api/v1/statuses', { token: alice.token, body: { status: '通知 #Heating' } })).status).toBe(200);
    const db = s.ctx.db as unknown as Kysely<any>;
    const before = Object.keys(MIGRATIONS).sort().filter((n) => n < '0025_tag_admin').at(-1) as string;
    const down = await (await migrator(db)).migrateTo(before);
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName)).toContain('0025_tag_admin');
    await expect(db.selectFrom('tags').select('usable').execute()).rejects.toThrow();
    const up = await (await migrator(db)).migrateToLatest();
    expect(up.error).toBeUndefined();
    const row = await db.selectFrom('tags').select(['display', 'usable', 'listable']).where('name', '=', 'heating').executeTakeFirstOrThrow();
    expect([row.display, row.usable, row.listable]).toEqual(['Heating', null, null]);
  });
});
