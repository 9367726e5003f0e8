import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/dialects.js';
import { citizen } from '../../../test/factories.js';
import { type TestServer, testServer } from '../../../test/http.js';
import { migrator } from '../../../test/migrator.js';

/** 0020 adds lists, filters, followed and featured tags, follow options and posting preferences; down takes them away, up brings them back. */
describe.each(DIALECTS)('migration 0020_lists_filters (%s)', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(dialect);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('goes down and up again, accounts, follows and statuses intact', async () => {
    const alice = await citizen(s);
    const bob = await citizen(s);
    await s.call('POST', `/api/v1/accounts/${bob.id}/follow`, { token: alice.token, body: { notify: true } });
    await s.call('POST', '/api/v1/lists', { token: alice.token, body: { title: '列表' } });
    await s.call('POST', '/api/v2/filters', { token: alice.token, body: { title: '过滤', context: ['home'], keywords_attributes: [{ keyword: 'x' }] } });
    const post = await s.call('POST', '/api/v1/statuses', { token: alice.token, body: { status: '留言 #标签#' } });
    const db = s.ctx.db as unknown as Kysely<any>;
    const down = await (await migrator(db)).migrateTo('0018_extras');
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName)).toContain('0020_lists_filters');
    for (const table of ['lists', 'list_accounts', 'custom_filters', 'custom_filter_keywords', 'custom_filter_statuses', 'tag_follows', 'featured_tags']) {
      await expect(db.selectFrom(table).selectAll().execute(), table).rejects.toThrow();
    }
    expect((await db.selectFrom('statuses').select('text').where('id', '=', Number(post.json.id)).executeTakeFirst())?.text).toBe('留言 #标签#');
    expect(await db.selectFrom('follows').select('id').where('account_id', '=', Number(alice.id)).execute()).toHaveLength(1);
    const up = await (await migrator(db)).migrateToLatest();
    expect(up.error).toBeUndefined();
    const me = await db.selectFrom('accounts').select(['filters_count', 'default_privacy']).where('id', '=', Number(alice.id)).executeTakeFirstOrThrow();
    expect(Number(me.filters_count)).toBe(0);
    expect(me.default_privacy).toBe('public');
    const rel = (await s.call('GET', `/api/v1/accounts/relationships?id[]=${bob.id}`, { token: alice.token })).json[0];
    expect(rel).toMatchObject({ following: true, notifying: false, showing_reblogs: true });
    expect((await s.call('GET', '/api/v1/lists', { token: alice.token })).json).toEqual([]);
  });
});
