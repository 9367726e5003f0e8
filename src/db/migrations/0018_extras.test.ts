import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/dialects.js';
import { citizen } from '../../../test/factories.js';
import { type TestServer, testServer } from '../../../test/http.js';
import { migrator } from '../../../test/migrator.js';

/** 0018 adds thread mutes (and the accounts' count of them), sign-up blocks and annual reports; down takes them away, up brings them back. */
describe.each(DIALECTS)('migration 0018_extras (%s)', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(dialect);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('goes down one step and up again, accounts and statuses intact', async () => {
    const alice = await citizen(s);
    const post = await s.call('POST', '/api/v1/statuses', { token: alice.token, body: { status: '留言' } });
    await s.call('POST', `/api/v1/statuses/${post.json.id}/mute`, { token: alice.token });
    const db = s.ctx.db as unknown as Kysely<any>;
    // Down to the one before it, through any migration registered after it.
    const down = await (await migrator(db)).migrateTo('0017_discovery');
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName).at(-1)).toBe('0018_extras');
    await expect(db.selectFrom('conversation_mutes').selectAll().execute()).rejects.toThrow();
    expect((await db.selectFrom('statuses').select('text').where('id', '=', Number(post.json.id)).executeTakeFirst())?.text).toBe('留言');
    const up = await (await migrator(db)).migrateToLatest();
    expect(up.error).toBeUndefined();
    const me = await db.selectFrom('accounts').select('muted_conversations').where('id', '=', Number(alice.id)).executeTakeFirstOrThrow();
    expect(Number(me.muted_conversations)).toBe(0);
    expect((await s.call('GET', `/api/v1/statuses/${post.json.id}`, { token: alice.token })).json.muted).toBe(false);
  });
});
