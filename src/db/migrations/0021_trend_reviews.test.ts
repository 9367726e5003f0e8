import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/dialects.js';
import { citizen } from '../../../test/factories.js';
import { type TestServer, testServer } from '../../../test/http.js';
import { MIGRATIONS } from './index.js';
import { migrator } from '../../../test/migrator.js';

/** 0021 adds the trend decisions (tags, statuses, cards) and the publishers of links; down takes them away, up brings them back. */
describe.each(DIALECTS)('migration 0021_trend_reviews (%s)', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(dialect);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('goes down to the one before and up again, statuses and tags intact, nothing decided', async () => {
    const alice = await citizen(s);
    const post = await s.call('POST', '/api/v1/statuses', { token: alice.token, body: { status: '#春运# 留言' } });
    const db = s.ctx.db as unknown as Kysely<any>;
    const before = Object.keys(MIGRATIONS).sort().filter((n) => n < '0021_trend_reviews').at(-1) as string;
    const down = await (await migrator(db)).migrateTo(before);
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName)).toContain('0021_trend_reviews');
    await expect(db.selectFrom('preview_card_providers').selectAll().execute()).rejects.toThrow();
    await expect(db.selectFrom('statuses').select('trendable').execute()).rejects.toThrow();
    const up = await (await migrator(db)).migrateToLatest();
    expect(up.error).toBeUndefined();
    const row = await db.selectFrom('statuses').select(['text', 'trendable']).where('id', '=', Number(post.json.id)).executeTakeFirstOrThrow();
    expect([row.text, row.trendable]).toEqual(['#春运# 留言', null]);
    const tag = await db.selectFrom('tags').select(['name', 'trendable', 'reviewed_at']).executeTakeFirstOrThrow();
    expect(tag).toEqual({ name: '春运', trendable: null, reviewed_at: null });
    expect(await db.selectFrom('preview_card_providers').selectAll().execute()).toEqual([]);
  });
});
