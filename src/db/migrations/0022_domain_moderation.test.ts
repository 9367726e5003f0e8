import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/dialects.js';
import { citizen, staffUser } from '../../../test/factories.js';
import { type TestServer, testServer } from '../../../test/http.js';
import { MIGRATIONS } from './index.js';
import { migrator } from '../../../test/migrator.js';

/** 0022 adds the domain blocks and allows; down takes them away, up brings them back, the rest intact. */
describe.each(DIALECTS)('migration 0022_domain_moderation (%s)', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(dialect);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('goes down and up again, accounts and statuses intact', async () => {
    const admin = await staffUser(s, 'admin');
    const alice = await citizen(s);
    const post = await s.call('POST', '/api/v1/statuses', { token: alice.token, body: { status: '留言' } });
    expect((await s.call('POST', '/api/v1/admin/domain_blocks', { token: admin.token, body: { domain: 'spam.example' } })).status).toBe(200);
    const db = s.ctx.db as unknown as Kysely<any>;
    const names = Object.keys(MIGRATIONS).sort();
    const down = await (await migrator(db)).migrateTo(names[names.indexOf('0022_domain_moderation') - 1]!);
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName).at(-1)).toBe('0022_domain_moderation');
    await expect(db.selectFrom('domain_blocks').selectAll().execute()).rejects.toThrow();
    await expect(db.selectFrom('domain_allows').selectAll().execute()).rejects.toThrow();
    const up = await (await migrator(db)).migrateToLatest();
    expect(up.error).toBeUndefined();
    expect((await s.call('GET', `/api/v1/statuses/${post.json.id}`, { token: alice.token })).json.content).toContain('留言');
    expect((await s.call('GET', '/api/v1/admin/domain_blocks', { token: admin.token })).json).toEqual([]);
    expect((await s.call('POST', '/api/v1/admin/domain_blocks', { token: admin.token, body: { domain: 'spam.example', severity: 'suspend' } })).json.severity).toBe('suspend');
  });
});
