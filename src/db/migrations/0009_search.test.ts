import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/dialects.js';
import { citizen, staffUser, verifiedOrgan } from '../../../test/factories.js';
import { type TestServer, testServer } from '../../../test/http.js';
import { migrator } from '../../../test/migrator.js';

/** Accounts and statuses that existed before search are indexed by the migration, exactly as the live code indexes them. */
describe.each(DIALECTS)('migration 0009_search (%s)', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(dialect);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('backfills the index with the same rows the live code writes', async () => {
    const reviewer = await staffUser(s, 'reviewer');
    const organ = await verifiedOrgan(s, reviewer.token);
    const someone = await citizen(s, 'Zhang_Mig');
    await s.call('POST', '/api/v1/statuses', { token: organ.token, body: { status: '#平安提示# 雪天路滑，Drive carefully！', spoiler_text: '天气' } });
    await s.call('POST', '/api/v1/statuses', { token: someone.token, body: { status: '私下说说', visibility: 'private' } });
    const gone = await s.call('POST', '/api/v1/statuses', { token: someone.token, body: { status: '删掉的' } });
    await s.call('DELETE', `/api/v1/statuses/${gone.json.id}`, { token: someone.token });
    const db = s.ctx.db as Kysely<any>;
    const snapshot = async () => ({
      accounts: await db.selectFrom('search_accounts').selectAll().orderBy('account_id').execute(),
      accountTerms: await db.selectFrom('search_account_terms').selectAll().orderBy('term').orderBy('rank').orderBy('account_id').execute(),
      statuses: await db.selectFrom('search_statuses').selectAll().orderBy('status_id').execute(),
      statusTerms: await db.selectFrom('search_status_terms').selectAll().orderBy('term').orderBy('status_id').execute(),
    });
    const live = await snapshot();
    expect(live.accounts.length).toBeGreaterThanOrEqual(3);
    expect(live.statuses).toHaveLength(2);

    const m = await migrator(s.ctx.db);
    expect((await m.migrateTo('0007_gov_standing')).error).toBeUndefined();
    expect((await m.migrateToLatest()).error).toBeUndefined();
    const backfilled = await snapshot();
    const norm = (x: Awaited<ReturnType<typeof snapshot>>) => JSON.parse(JSON.stringify(x, (_k, v) => (typeof v === 'bigint' || (typeof v === 'string' && /^\d+$/.test(v)) ? Number(v) : v)));
    expect(norm(backfilled)).toEqual(norm(live));

    const found = await s.call('GET', `/api/v2/search?q=${encodeURIComponent('路滑')}&type=statuses`, { token: someone.token });
    expect(found.json.statuses).toHaveLength(1);
  });
});
