import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/dialects.js';
import { citizen } from '../../../test/factories.js';
import { type TestServer, testServer } from '../../../test/http.js';
import { MIGRATIONS } from './index.js';
import { migrator } from '../../../test/migrator.js';

/** 0026 adds the columns of remote accounts, statuses, follows and media; down takes them away, up brings them back empty, local rows intact. */
describe.each(DIALECTS)('migration 0026_remote (%s)', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(dialect);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('refuses a second account or status with the same ActivityPub id, and takes many without one', async () => {
    const db = s.ctx.db as unknown as Kysely<any>;
    const now = '2026-12-03T00:00:00.000Z';
    const base = { display_name: '', note: '', email: null, password_hash: null, role: 'user', locale: 'und', discoverable: 0, locked: 0, bot: 0, last_status_at: null, created_at: now, updated_at: now, closed_at: null };
    await db.insertInto('accounts').values({ ...base, username: 'a', username_key: 'a@one.example', domain: 'one.example', uri: 'https://one.example/users/a' }).execute();
    await expect(db.insertInto('accounts').values({ ...base, username: 'a', username_key: 'a@two.example', domain: 'two.example', uri: 'https://one.example/users/a' }).execute()).rejects.toThrow();
    // The same name on another server is another account; on the same server it is the same key.
    await db.insertInto('accounts').values({ ...base, username: 'a', username_key: 'a@two.example', domain: 'two.example', uri: 'https://two.example/users/a' }).execute();
    await expect(db.insertInto('accounts').values({ ...base, username: 'A', username_key: 'a@two.example', domain: 'two.example', uri: 'https://two.example/users/A' }).execute()).rejects.toThrow();
    await citizen(s);
    await citizen(s);
    expect((await db.selectFrom('accounts').select('id').where('uri', 'is', null).execute()).length).toBeGreaterThanOrEqual(2);
    await db.deleteFrom('search_accounts').where('account_id', 'in', db.selectFrom('accounts').select('id').where('domain', 'is not', null)).execute();
    await db.deleteFrom('accounts').where('domain', 'is not', null).execute();
  });

  it('goes down to the one before and up again, local accounts intact, the new columns empty', async () => {
    const alice = await citizen(s);
    const db = s.ctx.db as unknown as Kysely<any>;
    const before = Object.keys(MIGRATIONS).sort().filter((n) => n < '0026_remote').at(-1) as string;
    const down = await (await migrator(db)).migrateTo(before);
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName)).toContain('0026_remote');
    await expect(db.selectFrom('accounts').select('domain').execute()).rejects.toThrow();
    await expect(db.selectFrom('statuses').select('uri').execute()).rejects.toThrow();
    await expect(db.selectFrom('follows').select('uri').execute()).rejects.toThrow();
    await expect(db.selectFrom('media_attachments').select('remote_url').execute()).rejects.toThrow();
    const up = await (await migrator(db)).migrateToLatest();
    expect(up.error).toBeUndefined();
    const row = await db.selectFrom('accounts').select(['username', 'domain', 'uri', 'remote_gov', 'fetched_at']).where('id', '=', Number(alice.id)).executeTakeFirstOrThrow();
    expect(row).toEqual({ username: alice.username, domain: null, uri: null, remote_gov: null, fetched_at: null });
    expect((await s.call('GET', `/api/v1/accounts/lookup?acct=${alice.username}`)).json.id).toBe(alice.id);
  });
});
