import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/dialects.js';
import { citizen } from '../../../test/factories.js';
import { type TestServer, testServer } from '../../../test/http.js';
import { MIGRATIONS } from './index.js';
import { migrator } from '../../../test/migrator.js';

/** 0027 adds the actors' key pairs and Fedify's key-value store; down drops both, up brings them back empty. */
describe.each(DIALECTS)('migration 0027_federation (%s)', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(dialect, { federation: true });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('goes down to the one before and up again', async () => {
    const alice = await citizen(s);
    expect((await s.call('GET', `/users/${alice.username}`, { headers: { accept: 'application/activity+json' } })).status).toBe(200);
    const db = s.ctx.db as unknown as Kysely<any>;
    expect((await db.selectFrom('actor_keys').select('algorithm').execute()).map((r) => r.algorithm).sort()).toEqual(['Ed25519', 'RSASSA-PKCS1-v1_5']);
    const before = Object.keys(MIGRATIONS).sort().filter((n) => n < '0027_federation').at(-1) as string;
    const down = await (await migrator(db)).migrateTo(before);
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName)).toContain('0027_federation');
    await expect(db.selectFrom('actor_keys').select('account_id').execute()).rejects.toThrow();
    await expect(db.selectFrom('federation_kv').select('key').execute()).rejects.toThrow();
    const up = await (await migrator(db)).migrateToLatest();
    expect(up.error).toBeUndefined();
    expect(await db.selectFrom('actor_keys').select('account_id').execute()).toEqual([]);
    expect(await db.selectFrom('federation_kv').select('key').execute()).toEqual([]);
  });
});
