import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/dialects.js';
import { citizen } from '../../../test/factories.js';
import { type TestServer, testServer } from '../../../test/http.js';
import { photoJpeg } from '../../../test/images.js';
import { migrator } from '../../../test/migrator.js';

/** 0008 adds media attachments and the accounts' pictures; down takes them away again, and up restores the schema. */
describe.each(DIALECTS)('migration 0008_media (%s)', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(dialect);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('goes down to 0007 and up again, with statuses and accounts intact', async () => {
    const alice = await citizen(s);
    const m = await s.call('POST', '/api/v2/media', { token: alice.token, multipart: { file: { data: await photoJpeg(64, 48), name: 'a.jpg', type: 'image/jpeg' } } });
    const post = await s.call('POST', '/api/v1/statuses', { token: alice.token, body: { status: '带图', media_ids: [m.json.id] } });
    expect(post.status).toBe(200);
    const db = s.ctx.db as unknown as Kysely<any>;
    const down = await (await migrator(db)).migrateTo('0007_gov_standing');
    expect(down.error).toBeUndefined();
    expect((await db.selectFrom('statuses').select('text').where('id', '=', Number(post.json.id)).executeTakeFirst())?.text).toBe('带图');
    await expect(db.selectFrom('media_attachments').selectAll().execute()).rejects.toThrow();
    const up = await (await migrator(db)).migrateToLatest();
    expect(up.error).toBeUndefined();
    s.ctx.cache.statuses.forget([Number(post.json.id)]);
    const again = await s.call('GET', `/api/v1/statuses/${post.json.id}`);
    expect([again.status, again.json.media_attachments, again.json.sensitive]).toEqual([200, [], false]);
    expect((await s.call('GET', `/api/v1/accounts/${alice.id}`)).json.avatar).toMatch(/\/avatars\/\d+\.png$/);
  });
});
