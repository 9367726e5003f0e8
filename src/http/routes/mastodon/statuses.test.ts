import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../app/clock.js';
import { publishDueStatuses } from '../../../statuses/scheduled/publish-due.js';
import { FANOUT_LIMIT } from '../../../timelines/fan-out.js';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, oversized, staffUser, tokenWithScopes } from '../../../../test/factories.js';
import { type TestServer, testServer } from '../../../../test/http.js';

describe.each(DIALECTS)('statuses (%s)', (dialect) => {
  let s: TestServer;
  const clock = fixedClock('2012-12-01T08:00:00Z');
  let alice: Awaited<ReturnType<typeof citizen>>;
  let bob: Awaited<ReturnType<typeof citizen>>;
  let carol: Awaited<ReturnType<typeof citizen>>;
  let admin: Awaited<ReturnType<typeof staffUser>>;

  beforeAll(async () => {
    s = await testServer(dialect, {}, clock);
    [alice, bob, carol, admin] = [await citizen(s, 'alice'), await citizen(s, 'bob'), await citizen(s, 'carol'), await staffUser(s, 'admin')];
  });
  afterAll(async () => {
    await s?.close();
  });

  const post = (token: string, body: Record<string, unknown>) => s.call('POST', '/api/v1/statuses', { token, body });

  describe('refusals', () => {
    it('401 without a token or with an app-only token, 403 with a read-only token', async () => {
      expect((await s.call('POST', '/api/v1/statuses', { body: { status: 'x' } })).status).toBe(401);
      expect((await s.call('POST', '/api/v1/statuses', { body: { status: 'x' }, token: 'not-a-token' })).status).toBe(401);
      const readOnly = await tokenWithScopes(s, alice.id, ['read']);
      const r = await post(readOnly, { status: 'x' });
      expect([r.status, r.json.code]).toEqual([403, 'insufficient_scope']);
      // The token is checked before the body: no token and a bad body is still a 401.
      expect((await s.call('POST', '/api/v1/statuses', { body: { status: 42 } })).status).toBe(401);
    });

    it('422 naming the field for a blank, too long, media-bearing or badly labelled status', async () => {
      for (const [body, field] of [
        [{ status: '   ' }, 'status'],
        [{ status: '政'.repeat(501) }, 'status'],
        [{ status: '政'.repeat(490), spoiler_text: '内容提示内容提示内容提示' }, 'status'],
        [{ status: 'x', media_ids: ['1'] }, 'media_ids'],
        [{ status: 'x', language: 'Chinese!' }, 'language'],
        [{ status: 'x', visibility: 'secret' }, 'visibility'],
        [{ status: 'x', scheduled_at: '2012-12-01T08:01:00Z' }, 'scheduled_at'],
        [{ status: 'x', scheduled_at: 'tomorrow' }, 'scheduled_at'],
      ] as const) {
        const r = await post(alice.token, body);
        expect(r.status, JSON.stringify(body)).toBe(422);
        expect(Object.keys(r.json.details ?? {})).toContain(field);
      }
      expect((await post(alice.token, { status: '政'.repeat(500) })).status).toBe(200);
    });

    it('413 for an oversized body', async () => {
      expect((await post(alice.token, { status: oversized() })).status).toBe(413);
    });

    it('404 for a reply to a status that does not exist or that the author may not see, and for non-numeric ids', async () => {
      const secret = await post(bob.token, { status: '@carol only us', visibility: 'direct' });
      expect((await post(alice.token, { status: 'x', in_reply_to_id: secret.json.id })).status).toBe(404);
      expect((await post(alice.token, { status: 'x', in_reply_to_id: '999999999' })).status).toBe(404);
      expect((await post(alice.token, { status: 'x', in_reply_to_id: 'abc' })).status).toBe(404);
      for (const path of ['/api/v1/statuses/abc', '/api/v1/statuses/1e3', '/api/v1/statuses/-1/context', `/api/v1/statuses/${secret.json.id}`]) {
        expect((await s.call('GET', path, { token: alice.token })).status, path).toBe(404);
      }
    });
  });

  describe('who may see and delete what', () => {
    it('private: the author, followers and those mentioned; others get 404', async () => {
      await s.call('POST', `/api/v1/accounts/${alice.id}/follow`, { token: bob.token });
      const p = await post(alice.token, { status: 'followers only, and @carol', visibility: 'private' });
      expect(p.status).toBe(200);
      const id = p.json.id;
      expect((await s.call('GET', `/api/v1/statuses/${id}`, { token: alice.token })).status).toBe(200);
      expect((await s.call('GET', `/api/v1/statuses/${id}`, { token: bob.token })).status).toBe(200);
      expect((await s.call('GET', `/api/v1/statuses/${id}`, { token: carol.token })).status).toBe(200);
      expect((await s.call('GET', `/api/v1/statuses/${id}`, { token: admin.token })).status).toBe(404);
      expect((await s.call('GET', `/api/v1/statuses/${id}`)).status).toBe(404);
      // A private status cannot be reblogged, even by a follower who sees it.
      expect((await s.call('POST', `/api/v1/statuses/${id}/reblog`, { token: bob.token })).status).toBe(403);
      const outsider = await citizen(s);
      expect((await s.call('POST', `/api/v1/statuses/${id}/favourite`, { token: outsider.token })).status).toBe(404);
      const home = await s.call('GET', '/api/v1/timelines/home', { token: bob.token });
      expect(home.json.map((x: { id: string }) => x.id)).toContain(id);
      const pub = await s.call('GET', '/api/v1/timelines/public');
      expect(pub.json.map((x: { id: string }) => x.id)).not.toContain(id);
      const asStranger = await s.call('GET', `/api/v1/accounts/${alice.id}/statuses`, { token: outsider.token });
      expect(asStranger.json.map((x: { id: string }) => x.id)).not.toContain(id);
      const asFollower = await s.call('GET', `/api/v1/accounts/${alice.id}/statuses`, { token: bob.token });
      expect(asFollower.json.map((x: { id: string }) => x.id)).toContain(id);
    });

    it('only the author or an admin deletes; a delete removes it everywhere and returns its text', async () => {
      const p = await post(alice.token, { status: '#删除测试# to be deleted' });
      const id = p.json.id;
      const boost = await s.call('POST', `/api/v1/statuses/${id}/reblog`, { token: bob.token });
      expect(boost.status).toBe(200);
      expect((await s.call('DELETE', `/api/v1/statuses/${id}`)).status).toBe(401);
      const byBob = await s.call('DELETE', `/api/v1/statuses/${id}`, { token: bob.token });
      expect([byBob.status, byBob.json.code]).toEqual([403, 'forbidden']);
      const before = (await s.call('GET', `/api/v1/accounts/${alice.id}`)).json.statuses_count;
      const own = await s.call('DELETE', `/api/v1/statuses/${id}`, { token: alice.token });
      expect(own.status).toBe(200);
      expect(own.json.text).toBe('#删除测试# to be deleted');
      expect((await s.call('GET', `/api/v1/statuses/${id}`)).status).toBe(404);
      expect((await s.call('GET', `/api/v1/statuses/${boost.json.id}`)).status).toBe(404);
      expect((await s.call('GET', `/api/v1/accounts/${alice.id}`)).json.statuses_count).toBe(before - 1);
      const home = await s.call('GET', '/api/v1/timelines/home', { token: bob.token });
      expect(home.json.map((x: { id: string }) => x.id)).not.toContain(id);
      expect(home.json.map((x: { id: string }) => x.id)).not.toContain(boost.json.id);
      const tag = await s.call('GET', `/api/v1/timelines/tag/${encodeURIComponent('删除测试')}`);
      expect(tag.json).toEqual([]);
      expect((await s.call('DELETE', `/api/v1/statuses/${id}`, { token: alice.token })).status).toBe(404);

      const other = await post(bob.token, { status: 'moderated' });
      expect((await s.call('DELETE', `/api/v1/statuses/${other.json.id}`, { token: admin.token })).status).toBe(200);
      const audit = await s.call('GET', '/api/v1/gov/audit_log', { token: admin.token });
      expect(audit.json.map((e: { action: string; subject_id: string }) => [e.action, e.subject_id])).toContainEqual(['status.remove', other.json.id]);
    });

    it('favourites and reblogs are idempotent and counted once', async () => {
      const p = await post(carol.token, { status: 'count me' });
      for (let i = 0; i < 2; i++) {
        expect((await s.call('POST', `/api/v1/statuses/${p.json.id}/favourite`, { token: bob.token })).status).toBe(200);
        expect((await s.call('POST', `/api/v1/statuses/${p.json.id}/reblog`, { token: bob.token })).status).toBe(200);
      }
      const seen = await s.call('GET', `/api/v1/statuses/${p.json.id}`, { token: bob.token });
      expect([seen.json.favourites_count, seen.json.reblogs_count, seen.json.favourited, seen.json.reblogged]).toEqual([1, 1, true, true]);
      const by = await s.call('GET', `/api/v1/statuses/${p.json.id}/favourited_by`);
      expect(by.json.map((a: { id: string }) => a.id)).toEqual([bob.id]);
      await s.call('POST', `/api/v1/statuses/${p.json.id}/unfavourite`, { token: bob.token });
      await s.call('POST', `/api/v1/statuses/${p.json.id}/unreblog`, { token: bob.token });
      const after = await s.call('GET', `/api/v1/statuses/${p.json.id}`, { token: bob.token });
      expect([after.json.favourites_count, after.json.reblogs_count, after.json.favourited, after.json.reblogged]).toEqual([0, 0, false, false]);
    });
  });

  describe('scheduled statuses', () => {
    it('are kept until due, then posted by the scheduler; others cannot see or cancel them', async () => {
      const at = '2012-12-01T09:00:00.000Z';
      const r = await post(alice.token, { status: '明日发布会预告', scheduled_at: at });
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ scheduled_at: at, params: { text: '明日发布会预告', visibility: 'public' } });
      expect((await s.call('GET', `/api/v1/scheduled_statuses/${r.json.id}`, { token: bob.token })).status).toBe(404);
      expect((await s.call('DELETE', `/api/v1/scheduled_statuses/${r.json.id}`, { token: bob.token })).status).toBe(404);
      const list = await s.call('GET', '/api/v1/scheduled_statuses', { token: alice.token });
      expect(list.json.map((x: { id: string }) => x.id)).toContain(r.json.id);
      expect(await publishDueStatuses(s.ctx)).toEqual([]);
      clock.set('2012-12-01T09:00:01Z');
      const posted = await publishDueStatuses(s.ctx);
      expect(posted.map((p) => p.text)).toContain('明日发布会预告');
      expect((await s.call('GET', `/api/v1/scheduled_statuses/${r.json.id}`, { token: alice.token })).status).toBe(404);
      const mine = await s.call('GET', `/api/v1/accounts/${alice.id}/statuses`);
      expect(mine.json[0].content).toContain('明日发布会预告');
    });
  });

  describe('home timeline paging', () => {
    it('pages with max_id, since_id and min_id across the feed and statuses merged on read, Link headers included', async () => {
      const reader = await citizen(s, 'pager');
      const small = await citizen(s, 'xiaozhen');
      const large = await citizen(s, 'dashi');
      await s.call('POST', `/api/v1/accounts/${small.id}/follow`, { token: reader.token });
      await s.call('POST', `/api/v1/accounts/${large.id}/follow`, { token: reader.token });
      await s.ctx.db.updateTable('accounts').set({ followers_count: FANOUT_LIMIT + 1 }).where('id', '=', Number(large.id)).execute();
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) ids.push((await post(i % 2 ? large.token : small.token, { status: `第${i}条` })).json.id);
      const newest = [...ids].reverse();
      const page = async (query: string) => {
        const r = await s.call('GET', `/api/v1/timelines/home?${query}`, { token: reader.token });
        expect(r.status).toBe(200);
        return { ids: r.json.map((x: { id: string }) => x.id) as string[], link: String(r.headers.link ?? '') };
      };
      const first = await page('limit=3');
      expect(first.ids).toEqual(newest.slice(0, 3));
      const next = /<([^>]+)>; rel="next"/.exec(first.link)?.[1];
      expect(next).toContain(`max_id=${newest[2]}`);
      expect((await page(`limit=3&max_id=${newest[2]}`)).ids).toEqual(newest.slice(3, 6));
      expect((await page(`limit=3&max_id=${newest[5]}`)).ids).toEqual(newest.slice(6));
      // since_id: the newest statuses above the cursor; min_id: the ones just above it.
      expect((await page(`limit=2&since_id=${ids[2]}`)).ids).toEqual([ids[6], ids[5]]);
      expect((await page(`limit=2&min_id=${ids[2]}`)).ids).toEqual([ids[4], ids[3]]);
      expect((await page(`limit=1&min_id=${ids[2]}`)).ids).toEqual([ids[3]]);
      expect((await page(`limit=1&min_id=${ids[3]}`)).ids).toEqual([ids[4]]);
      expect((await page(`max_id=${ids[5]}&since_id=${ids[1]}`)).ids).toEqual([ids[4], ids[3], ids[2]]);
    });
  });

  describe('home timelines of very large accounts', () => {
    it('merges on read the statuses that were not fanned out, and drops them on unfollow', async () => {
      const big = await citizen(s, 'renminribao');
      const fan = await citizen(s, 'fan1');
      await s.call('POST', `/api/v1/accounts/${big.id}/follow`, { token: fan.token });
      await s.ctx.db.updateTable('accounts').set({ followers_count: FANOUT_LIMIT + 1 }).where('id', '=', Number(big.id)).execute();
      const p = await post(big.token, { status: '重要通知' });
      const row = await s.ctx.db.selectFrom('statuses').select('fanned_out').where('id', '=', Number(p.json.id)).executeTakeFirstOrThrow();
      expect(row.fanned_out).toBe(0);
      const feedRows = await s.ctx.db.selectFrom('feeds').select('account_id').where('status_id', '=', Number(p.json.id)).execute();
      expect(feedRows.map((f) => String(f.account_id))).toEqual([big.id]);
      const home = await s.call('GET', '/api/v1/timelines/home', { token: fan.token });
      expect(home.json.map((x: { id: string }) => x.id)).toContain(p.json.id);
      await s.call('POST', `/api/v1/accounts/${big.id}/unfollow`, { token: fan.token });
      const after = await s.call('GET', '/api/v1/timelines/home', { token: fan.token });
      expect(after.json.map((x: { id: string }) => x.id)).not.toContain(p.json.id);
    });
  });
});
