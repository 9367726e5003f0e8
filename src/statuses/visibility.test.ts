import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../app/clock.js';
import { findAccountById } from '../accounts/accounts.repository.js';
import { DIALECTS } from '../../test/dialects.js';
import { citizen } from '../../test/factories.js';
import { type TestServer, testServer } from '../../test/http.js';
import { visibleTo, visibleToSql } from './visibility.js';

/** The SQL form of the visibility rule gives the same answers as the plain one (STYLE.md §16), and shows no one what mayView hides. */
describe.each(DIALECTS)('visibleToSql against visibleTo (%s)', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(dialect, {}, fixedClock('2012-12-01T08:00:00Z'));
  });
  afterAll(async () => {
    await s?.close();
  });

  it('agrees for the author, a follower, a mentioned account, a stranger and anonymous readers on every visibility', async () => {
    const author = await citizen(s, 'vis_author');
    const follower = await citizen(s, 'vis_follower');
    const mentioned = await citizen(s, 'vis_mentioned');
    const stranger = await citizen(s, 'vis_stranger');
    await s.call('POST', `/api/v1/accounts/${author.id}/follow`, { token: follower.token });
    for (const visibility of ['public', 'unlisted', 'private', 'direct']) {
      for (const text of ['无人提及', '@vis_mentioned 提及', '@vis_follower 提及关注者']) {
        expect((await s.call('POST', '/api/v1/statuses', { token: author.token, body: { status: `${visibility} ${text}`, visibility } })).status).toBe(200);
      }
    }
    const rows = await s.ctx.db.selectFrom('statuses').selectAll().where('account_id', '=', Number(author.id)).orderBy('id').execute();
    expect(rows).toHaveLength(12);
    for (const who of [author, follower, mentioned, stranger, null]) {
      const viewer = who === null ? null : ((await findAccountById(s.ctx.db, Number(who.id))) ?? null);
      const plain = (await visibleTo(s.ctx.db, viewer, rows)).map((r) => Number(r.id));
      const inSql = (await s.ctx.db.selectFrom('statuses').select('id').where('account_id', '=', Number(author.id)).where(visibleToSql(viewer)).orderBy('id').execute()).map((r) => Number(r.id));
      expect({ who: who?.username ?? 'anonymous', ids: inSql }).toEqual({ who: who?.username ?? 'anonymous', ids: plain });
    }
    // And the rule itself: a stranger and anonymous readers see public and unlisted only.
    const strangerRow = await findAccountById(s.ctx.db, Number(stranger.id));
    const seen = await s.ctx.db.selectFrom('statuses').select('visibility').where('account_id', '=', Number(author.id)).where(visibleToSql(strangerRow ?? null)).execute();
    expect(new Set(seen.map((r) => r.visibility))).toEqual(new Set(['public', 'unlisted']));
  });
});
