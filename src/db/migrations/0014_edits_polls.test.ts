import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/dialects.js';
import { citizen } from '../../../test/factories.js';
import { type TestServer, testServer } from '../../../test/http.js';
import { MIGRATIONS } from './index.js';
import { migrator } from '../../../test/migrator.js';

/** 0014 adds edits and polls; down takes them away with statuses intact, and up restores the schema. */
describe.each(DIALECTS)('migration 0014_edits_polls (%s)', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(dialect);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('goes down to the one before and up again', async () => {
    const alice = await citizen(s);
    const post = await s.call('POST', '/api/v1/statuses', { token: alice.token, body: { status: '有投票', poll: { options: ['是', '否'], expires_in: 600 } } });
    expect(post.status).toBe(200);
    expect((await s.call('PUT', `/api/v1/statuses/${post.json.id}`, { token: alice.token, body: { status: '改过', poll: { options: ['是', '否'], expires_in: 600 } } })).status).toBe(200);
    const names = Object.keys(MIGRATIONS);
    const before = names[names.indexOf('0014_edits_polls') - 1] as string;
    const db = s.ctx.db as unknown as Kysely<any>;
    const down = await (await migrator(db)).migrateTo(before);
    expect(down.error).toBeUndefined();
    expect((await db.selectFrom('statuses').select('text').where('id', '=', Number(post.json.id)).executeTakeFirst())?.text).toBe('改过');
    await expect(db.selectFrom('polls').selectAll().execute()).rejects.toThrow();
    const up = await (await migrator(db)).migrateToLatest();
    expect(up.error).toBeUndefined();
    s.ctx.cache.statuses.forget([Number(post.json.id)]);
    const again = await s.call('GET', `/api/v1/statuses/${post.json.id}`);
    expect([again.status, again.json.poll, again.json.content]).toEqual([200, null, '<p>改过</p>']);
  });
});
