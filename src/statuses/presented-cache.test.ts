import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaches } from '../app/context.js';
import { testConfig } from '../app/config.js';
import { findAccountById } from '../accounts/accounts.repository.js';
import { homeTimeline } from '../timelines/home-timeline.js';
import { presentStatuses } from './hydrate.js';
import { DIALECTS } from '../../test/dialects.js';
import { citizen, staffUser } from '../../test/factories.js';
import { fastOrgan } from '../../test/gov-cast.js';
import { type TestServer, testServer } from '../../test/http.js';

/**
 * The provider caches presented statuses and accounts (src/app/entity-cache.ts).
 * After every kind of change, each reader's home timeline as served must
 * equal the same timeline presented afresh from the database with no cache:
 * a use case that forgets to forget shows up here as a stale count, name or
 * deleted status.
 */
describe.each(DIALECTS)('presented entities cache (%s)', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(dialect);
  });
  afterAll(async () => {
    await s.close();
  });

  async function fresh(accountId: string): Promise<unknown> {
    const uncached = { ...s.ctx, cache: createCaches(testConfig({ cacheTtl: 0 })) };
    const viewer = await findAccountById(s.ctx.db, Number(accountId));
    return presentStatuses(uncached, viewer!, await homeTimeline(uncached, viewer!, { limit: 40 }));
  }

  it('serves after each change what an uncached provider would', async () => {
    const reviewer = await staffUser(s, 'reviewer');
    const organ = await fastOrgan(s, reviewer.token);
    const alice = await citizen(s);
    const bob = await citizen(s);
    const readers = [organ, alice, bob];
    const served = async (r: { token: string }) => (await s.call('GET', '/api/v1/timelines/home?limit=40', { token: r.token })).json;
    const check = async (step: string) => {
      for (const r of readers) {
        // Twice: the first read may fill the cache, the second must come from it.
        await served(r);
        expect(await served(r), `${step}: home of ${r.id}`).toEqual(await fresh(r.id));
      }
    };
    const ok = async (res: Promise<{ status: number; body: string }>) => {
      const r = await res;
      expect(r.status, r.body).toBe(200);
      return r as { status: number; json: any; body: string };
    };

    await ok(s.call('POST', `/api/v1/accounts/${organ.id}/follow`, { token: alice.token }));
    await ok(s.call('POST', `/api/v1/accounts/${alice.id}/follow`, { token: bob.token }));
    await ok(s.call('POST', `/api/v1/accounts/${organ.id}/follow`, { token: bob.token }));
    const notice = (await ok(s.call('POST', '/api/v1/statuses', { token: organ.token, body: { status: '#政务公开# 今日召开新闻发布会' } }))).json;
    const question = (await ok(s.call('POST', '/api/v1/statuses', { token: alice.token, body: { status: `@${(await s.call('GET', `/api/v1/accounts/${organ.id}`)).json.username} 发布会几点开始？`, visibility: 'private' } }))).json;
    await check('posted');

    await ok(s.call('POST', `/api/v1/statuses/${notice.id}/favourite`, { token: alice.token }));
    await check('favourited');
    await ok(s.call('POST', `/api/v1/statuses/${notice.id}/reblog`, { token: alice.token }));
    await check('reblogged');
    const reply = (await ok(s.call('POST', '/api/v1/statuses', { token: organ.token, body: { status: '下午三点', in_reply_to_id: question.id } }))).json;
    await check('replied');
    await ok(s.call('PUT', `/api/v1/statuses/${notice.id}`, { token: organ.token, body: { status: '#政务公开# 新闻发布会改至明日' } }));
    await check('edited');
    const ballot = (await ok(s.call('POST', '/api/v1/statuses', { token: organ.token, body: { status: '发布会议题征集', poll: { options: ['教育', '交通'], expires_in: 3600 } } }))).json;
    await check('poll posted');
    await ok(s.call('POST', `/api/v1/polls/${ballot.poll.id}/votes`, { token: alice.token, body: { choices: [1] } }));
    await check('voted');
    await ok(s.call('PATCH', '/api/v1/accounts/update_credentials', { token: alice.token, body: { display_name: '爱丽丝', note: '市民' } }));
    await check('renamed');
    await ok(s.call('POST', `/api/v1/statuses/${notice.id}/unfavourite`, { token: alice.token }));
    await ok(s.call('POST', `/api/v1/statuses/${notice.id}/unreblog`, { token: alice.token }));
    await check('undone');
    await ok(s.call('DELETE', `/api/v1/statuses/${reply.id}`, { token: organ.token }));
    await check('reply deleted');
    await ok(s.call('POST', `/api/v1/statuses/${notice.id}/reblog`, { token: bob.token }));
    await check('reblogged again');
    await ok(s.call('DELETE', `/api/v1/statuses/${notice.id}`, { token: organ.token }));
    await check('original deleted with its reblog');
    await ok(s.call('POST', `/api/v1/accounts/${alice.id}/unfollow`, { token: bob.token }));
    await check('unfollowed');
    await ok(s.call('POST', '/api/v1/statuses', { token: organ.token, body: { status: '新的通知' } }));
    const verification = (await s.call('GET', `/api/v1/accounts/${organ.id}`)).json.gov;
    expect(verification).not.toBeNull();
    const apps = await s.call('GET', '/api/v1/gov/verifications?state=approved', { token: reviewer.token });
    const mine = apps.json.find((a: { account: { id: string } }) => a.account.id === organ.id);
    await ok(s.call('POST', `/api/v1/gov/verifications/${mine.id}/revoke`, { token: reviewer.token, body: { reason: '机构撤并' } }));
    await check('verification revoked');
    const home = await served(alice);
    expect(home[0].account.gov).toBeNull();

    // What the caches keep owns its memory: no cached status or account holds a slice of a shared
    // 64 KiB block (src/app/owned-buffer.ts), which would keep the whole block alive with it.
    const status = s.ctx.cache.statuses.get(Number(home[0].id))?.parts;
    expect(status).toBeDefined();
    const parts = [status!.head, status!.middle, status!.application, status!.end];
    for (const b of parts) expect(b.buffer).toBe(status!.head.buffer);
    expect(status!.head.buffer.byteLength).toBe(parts.reduce((n, b) => n + b.length, 0));
    const account = s.ctx.cache.accounts.get(Number(home[0].account.id));
    expect(account?.utf8.buffer.byteLength).toBe(account?.utf8.length);
  });

  it('does not cache at all with a TTL of 0', () => {
    const off = createCaches(testConfig({ cacheTtl: 0 }));
    off.statuses.fill(off.statuses.mark(), 1, { row: {} as never });
    expect(off.statuses.get(1)).toBeUndefined();
  });
});
