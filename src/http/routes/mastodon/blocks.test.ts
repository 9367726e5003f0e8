import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, tokenWithScopes } from '../../../../test/factories.js';
import { type TestServer, testServer } from '../../../../test/http.js';
import { fixedClock } from '../../../app/clock.js';
import { muteExpiryHandler } from '../../../moderation/mute-expiry.js';
import { startJobRunner } from '../../../jobs/runner.js';
import { exclusionsFor, exclusionsOfMany, loadExclusions } from '../../../social/exclusions.js';
import { FANOUT_LIMIT } from '../../../timelines/fan-out.js';

type User = Awaited<ReturnType<typeof citizen>>;

describe.each(DIALECTS)('blocks, mutes and domain blocks (%s)', (dialect) => {
  let s: TestServer;
  const clock = fixedClock(new Date());

  beforeAll(async () => {
    s = await testServer(dialect, {}, clock);
  });
  afterAll(async () => {
    await s?.close();
  });

  const rel = async (viewer: User, other: User) => {
    const r = await s.call('GET', `/api/v1/accounts/relationships?id[]=${other.id}`, { token: viewer.token });
    expect(r.status).toBe(200);
    return r.json[0];
  };
  const act = async (u: User, other: User, action: string, body?: unknown) => {
    const r = await s.call('POST', `/api/v1/accounts/${other.id}/${action}`, { token: u.token, ...(body === undefined ? {} : { body }) });
    expect(r.status, `${action}: ${r.body}`).toBe(200);
    return r.json;
  };
  const post = async (u: User, status: string, extra: Record<string, unknown> = {}) => {
    const r = await s.call('POST', '/api/v1/statuses', { token: u.token, body: { status, ...extra } });
    expect(r.status, r.body).toBe(200);
    return r.json.id as string;
  };
  const ids = (list: { id: string }[]) => list.map((x) => x.id);
  const home = async (u: User, q = 'limit=40') => {
    const r = await s.call('GET', `/api/v1/timelines/home?${q}`, { token: u.token });
    expect(r.status, r.body).toBe(200);
    return r.json as { id: string }[];
  };
  const publicIds = async (u: User) => {
    const r = await s.call('GET', '/api/v1/timelines/public?limit=40', { token: u.token });
    expect(r.status, r.body).toBe(200);
    return ids(r.json);
  };
  const notes = async (u: User) => (await s.call('GET', '/api/v1/notifications', { token: u.token })).json as { type: string; account: { id: string } }[];

  describe('who may not', () => {
    it('answers 401 without a token, 403 without the scopes, 404 for no account', async () => {
      const a = await citizen(s);
      const b = await citizen(s);
      for (const path of [`/api/v1/accounts/${b.id}/block`, `/api/v1/accounts/${b.id}/mute`, `/api/v1/accounts/${b.id}/remove_from_followers`, '/api/v1/domain_blocks']) {
        expect((await s.call('POST', path)).status, path).toBe(401);
      }
      for (const path of ['/api/v1/blocks', '/api/v1/mutes', '/api/v1/domain_blocks']) expect((await s.call('GET', path)).status, path).toBe(401);
      const readOnly = await tokenWithScopes(s, a.id, ['read']);
      for (const action of ['block', 'unblock', 'mute', 'unmute', 'remove_from_followers']) {
        const r = await s.call('POST', `/api/v1/accounts/${b.id}/${action}`, { token: readOnly });
        expect(r.status, action).toBe(403);
        expect(r.json.code).toBe('insufficient_scope');
      }
      const writeOnly = await tokenWithScopes(s, a.id, ['write:blocks']);
      expect((await s.call('GET', '/api/v1/blocks', { token: writeOnly })).status).toBe(403);
      expect((await s.call('GET', '/api/v1/mutes', { token: writeOnly })).status).toBe(403);
      expect((await s.call('POST', '/api/v1/accounts/99999999/block', { token: a.token })).status).toBe(404);
      expect((await s.call('POST', '/api/v1/accounts/x/mute', { token: a.token })).status).toBe(404);
    });

    it('refuses a bad domain or duration with a 422 naming the field', async () => {
      const a = await citizen(s);
      const b = await citizen(s);
      for (const domain of ['', 'not a domain', 'a..b', '-x.example', 'x'.repeat(64) + '.example', 'nodot']) {
        const r = await s.call('POST', '/api/v1/domain_blocks', { token: a.token, body: { domain } });
        expect(r.status, domain).toBe(422);
        expect(r.json.details.domain[0].error).toMatch(/^ERR_/);
      }
      expect((await s.call('DELETE', '/api/v1/domain_blocks', { token: a.token })).json.details.domain).toBeDefined();
      const r = await s.call('POST', `/api/v1/accounts/${b.id}/mute`, { token: a.token, body: { duration: -5 } });
      expect(r.status).toBe(422);
      expect(JSON.stringify(r.json)).toContain('duration');
    });
  });

  describe('blocks', () => {
    it('ends follows and follow requests both ways, and the relationship says so from each side', async () => {
      const a = await citizen(s);
      const b = await citizen(s);
      await act(a, b, 'follow');
      await act(b, a, 'follow');
      expect(await rel(a, b)).toMatchObject({ following: true, followed_by: true });
      const r = await act(a, b, 'block');
      expect(r).toMatchObject({ id: b.id, blocking: true, blocked_by: false, following: false, followed_by: false, muting: false, domain_blocking: false });
      expect(await rel(b, a)).toMatchObject({ blocking: false, blocked_by: true, following: false, followed_by: false });
      const counts = (await s.call('GET', `/api/v1/accounts/${a.id}`)).json;
      expect([counts.following_count, counts.followers_count]).toEqual([0, 0]);

      // A pending request from the blocked account to a locked blocker ends too.
      const locked = await citizen(s);
      await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: locked.token, body: { locked: true } });
      const asker = await citizen(s);
      expect((await act(asker, locked, 'follow')).requested).toBe(true);
      await act(locked, asker, 'block');
      expect((await s.call('GET', '/api/v1/follow_requests', { token: locked.token })).json).toEqual([]);
      expect(await rel(asker, locked)).toMatchObject({ requested: false, blocked_by: true });

      // Blocking oneself does nothing (as Mastodon's BlockService).
      expect((await act(a, a, 'block')).blocking).toBe(false);
    });

    it('a blocked account cannot follow the blocker, nor the blocker it (403)', async () => {
      const a = await citizen(s);
      const b = await citizen(s);
      await act(a, b, 'block');
      for (const [from, to] of [
        [b, a],
        [a, b],
      ] as const) {
        const r = await s.call('POST', `/api/v1/accounts/${to.id}/follow`, { token: from.token });
        expect(r.status).toBe(403);
        expect(r.json.code).toBe('forbidden');
      }
      await act(a, b, 'unblock');
      expect((await act(b, a, 'follow')).following).toBe(true);
    });

    it('a blocked account cannot see, reply to, favourite or reblog the blocker’s statuses, nor read their profile’s statuses', async () => {
      const a = await citizen(s);
      const b = await citizen(s);
      const st = await post(a, '本局通告');
      await act(a, b, 'block');
      expect((await s.call('GET', `/api/v1/statuses/${st}`, { token: b.token })).status).toBe(404);
      expect((await s.call('GET', `/api/v1/statuses/${st}/context`, { token: b.token })).status).toBe(404);
      expect((await s.call('POST', '/api/v1/statuses', { token: b.token, body: { status: '回复', in_reply_to_id: st } })).status).toBe(404);
      expect((await s.call('POST', `/api/v1/statuses/${st}/favourite`, { token: b.token })).status).toBe(404);
      expect((await s.call('POST', `/api/v1/statuses/${st}/reblog`, { token: b.token })).status).toBe(404);
      const profile = await s.call('GET', `/api/v1/accounts/${a.id}/statuses`, { token: b.token });
      expect(profile.status).toBe(200);
      expect(profile.json).toEqual([]);
      expect((await s.call('GET', `/api/v1/accounts/${a.id}/statuses?pinned=true`, { token: b.token })).json).toEqual([]);
      // Others still see it; the blocker sees the blocked one's statuses but may not favourite or reblog them (403).
      expect((await s.call('GET', `/api/v1/statuses/${st}`)).status).toBe(200);
      const theirs = await post(b, '市民留言');
      expect((await s.call('GET', `/api/v1/statuses/${theirs}`, { token: a.token })).status).toBe(200);
      expect((await s.call('POST', `/api/v1/statuses/${theirs}/favourite`, { token: a.token })).status).toBe(403);
      expect((await s.call('POST', `/api/v1/statuses/${theirs}/reblog`, { token: a.token })).status).toBe(403);
      // Unblocked, all is as before.
      await act(a, b, 'unblock');
      expect((await s.call('GET', `/api/v1/statuses/${st}`, { token: b.token })).status).toBe(200);
      expect((await s.call('POST', `/api/v1/statuses/${st}/favourite`, { token: b.token })).status).toBe(200);
    });

    it('removes the blocked account’s notifications, and its mentions and favourites no longer notify', async () => {
      const a = await citizen(s);
      const b = await citizen(s);
      const st = await post(a, '征求意见');
      await s.call('POST', `/api/v1/statuses/${st}/favourite`, { token: b.token });
      await post(b, `@${a.username} 你好`);
      expect((await notes(a)).filter((n) => n.account.id === b.id).length).toBe(2);
      await act(a, b, 'block');
      expect((await notes(a)).filter((n) => n.account.id === b.id)).toEqual([]);
      await post(b, `@${a.username} 再问一次`);
      expect((await notes(a)).filter((n) => n.account.id === b.id)).toEqual([]);
    });

    it('leaves the blocked account out of the blocker’s home, public, hashtag timelines, context, search and favourited_by; reblogs of it too', async () => {
      const a = await citizen(s);
      const b = await citizen(s);
      const c = await citizen(s);
      await act(a, b, 'follow');
      await act(a, c, 'follow');
      const before = await post(b, '屏蔽前 #屏蔽测试');
      const boosted = await s.call('POST', `/api/v1/statuses/${before}/reblog`, { token: c.token });
      const ok = await post(c, '第三方');
      const reply = (await s.call('POST', '/api/v1/statuses', { token: b.token, body: { status: '楼中回复', in_reply_to_id: ok } })).json.id as string;
      await s.call('POST', `/api/v1/statuses/${ok}/favourite`, { token: b.token });
      expect(ids(await home(a))).toEqual(expect.arrayContaining([before, boosted.json.id, ok]));
      await act(a, b, 'block');
      // The feed rows went with the block; a reblog posted afterwards is skipped on fan-out.
      const after = await post(b, '屏蔽后 #屏蔽测试');
      const c2 = await post(c, '转发前的原文');
      const boostedAfter = await s.call('POST', `/api/v1/statuses/${after}/reblog`, { token: c.token });
      expect(boostedAfter.status).toBe(200);
      const h = ids(await home(a));
      expect(h).toContain(ok);
      expect(h).toContain(c2);
      for (const gone of [before, boosted.json.id, after, boostedAfter.json.id, reply]) expect(h).not.toContain(gone);
      const pub = await publicIds(a);
      expect(pub).toContain(ok);
      expect(pub).not.toContain(after);
      expect(await publicIds(c)).toContain(after);
      const tagged = ids((await s.call('GET', '/api/v1/timelines/tag/屏蔽测试', { token: a.token })).json);
      expect(tagged).toEqual([]);
      expect(ids((await s.call('GET', '/api/v1/timelines/tag/屏蔽测试', { token: c.token })).json)).toEqual([after, before]);
      const ctx = (await s.call('GET', `/api/v1/statuses/${ok}/context`, { token: a.token })).json;
      expect(ids(ctx.descendants)).toEqual([]);
      expect(ids((await s.call('GET', `/api/v1/statuses/${ok}/context`, { token: c.token })).json.descendants)).toEqual([reply]);
      expect(ids((await s.call('GET', `/api/v1/statuses/${ok}/favourited_by`, { token: a.token })).json)).toEqual([]);
      expect(ids((await s.call('GET', `/api/v1/statuses/${ok}/favourited_by`, { token: c.token })).json)).toEqual([b.id]);
      const found = (await s.call('GET', `/api/v2/search?q=${encodeURIComponent(b.username)}&type=accounts`, { token: a.token })).json;
      expect(ids(found.accounts)).not.toContain(b.id);
    });

    it('lists blocks newest first with Link paging; unblock removes one', async () => {
      const a = await citizen(s);
      const targets = [await citizen(s), await citizen(s), await citizen(s)];
      for (const t of targets) await act(a, t, 'block');
      const first = await s.call('GET', '/api/v1/blocks?limit=2', { token: a.token });
      expect(ids(first.json)).toEqual([targets[2]!.id, targets[1]!.id]);
      const next = /<([^>]+)>; rel="next"/.exec(String(first.headers.link))?.[1];
      expect(next).toBeDefined();
      const second = await s.call('GET', new URL(next as string).pathname + new URL(next as string).search, { token: a.token });
      expect(ids(second.json)).toEqual([targets[0]!.id]);
      await act(a, targets[1]!, 'unblock');
      expect(ids((await s.call('GET', '/api/v1/blocks', { token: a.token })).json)).toEqual([targets[2]!.id, targets[0]!.id]);
    });
  });

  describe('mutes', () => {
    it('hides the muted account from home (its statuses and reblogs of them), its notifications by default, and lists it', async () => {
      const a = await citizen(s);
      const b = await citizen(s);
      const c = await citizen(s);
      await act(a, b, 'follow');
      await act(a, c, 'follow');
      const old = await post(b, '静音前');
      const r = await act(a, b, 'mute');
      expect(r).toMatchObject({ muting: true, muting_notifications: true, following: true, blocking: false });
      const fresh = await post(b, '静音后');
      const boost = (await s.call('POST', `/api/v1/statuses/${fresh}/reblog`, { token: c.token })).json.id as string;
      const mine = await post(c, '其他');
      const h = ids(await home(a));
      expect(h).toContain(mine);
      for (const gone of [old, fresh, boost]) expect(h).not.toContain(gone);
      await post(b, `@${a.username} 提醒`);
      expect((await notes(a)).filter((n) => n.account.id === b.id)).toEqual([]);
      const listed = (await s.call('GET', '/api/v1/mutes', { token: a.token })).json;
      expect(listed).toMatchObject([{ id: b.id, mute_expires_at: null }]);
      // The muted one still follows, sees and reaches the muter: a mute is one-sided.
      expect(await rel(b, a)).toMatchObject({ muting: false, blocked_by: false });
      await act(a, b, 'unmute');
      expect(await rel(a, b)).toMatchObject({ muting: false, muting_notifications: false });
      expect(ids(await home(a))).toEqual(expect.arrayContaining([old, fresh]));
      expect((await s.call('GET', '/api/v1/mutes', { token: a.token })).json).toEqual([]);
    });

    it('with notifications=false keeps the notifications and says so', async () => {
      const a = await citizen(s);
      const b = await citizen(s);
      const r = await act(a, b, 'mute', { notifications: false });
      expect(r).toMatchObject({ muting: true, muting_notifications: false });
      await post(b, `@${a.username} 仍可提醒`);
      expect((await notes(a)).filter((n) => n.account.id === b.id && n.type === 'mention').length).toBe(1);
      expect(ids(await home(a))).toEqual([]);
      // Muting again with notifications hidden changes the flag.
      expect((await s.call('POST', `/api/v1/accounts/${b.id}/mute`, { token: a.token, form: { notifications: 'true' } })).json.muting_notifications).toBe(true);
    });

    it('a mute with a duration shows its end, stops applying once it ends, and its job sweeps it', async () => {
      const a = await citizen(s);
      const b = await citizen(s);
      const r = await act(a, b, 'mute', { duration: 60 });
      expect(r.muting).toBe(true);
      const [listed] = (await s.call('GET', '/api/v1/mutes', { token: a.token })).json;
      expect(Date.parse(listed.mute_expires_at) - clock.now().getTime()).toBe(60_000);
      const hidden = await post(b, '静音期间');
      expect(await publicIds(a)).not.toContain(hidden);
      clock.advance(61_000);
      expect(await rel(a, b)).toMatchObject({ muting: false, muting_notifications: false });
      expect((await s.call('GET', '/api/v1/mutes', { token: a.token })).json).toEqual([]);
      expect(await publicIds(a)).toContain(hidden);
      await post(b, `@${a.username} 静音结束`);
      expect((await notes(a)).filter((n) => n.account.id === b.id).length).toBe(1);
      // The queue's runner sweeps it: the row goes (the mute had stopped applying already).
      const runner = startJobRunner(s.ctx, [muteExpiryHandler], { start: false });
      expect(await runner.runDue()).toBeGreaterThanOrEqual(1);
      await runner.stop();
      expect(await s.ctx.db.selectFrom('mutes').select('id').where('account_id', '=', Number(a.id)).execute()).toEqual([]);
    });

    it('a mute of an author above FANOUT_LIMIT hides its merged-on-read statuses, and pages stay full', async () => {
      const a = await citizen(s);
      const big = await citizen(s);
      const other = await citizen(s);
      await act(a, big, 'follow');
      await act(a, other, 'follow');
      await s.ctx.db.updateTable('accounts').set({ followers_count: FANOUT_LIMIT + 1 }).where('id', '=', Number(big.id)).execute();
      const kept: string[] = [];
      for (let i = 0; i < 3; i++) kept.push(await post(other, `保留 ${i}`));
      const merged: string[] = [];
      for (let i = 0; i < 5; i++) merged.push(await post(big, `大号 ${i}`));
      expect(ids(await home(a, 'limit=3'))).toEqual([merged[4], merged[3], merged[2]]);
      await act(a, big, 'mute');
      expect(ids(await home(a, 'limit=3'))).toEqual([...kept].reverse());
      expect(ids(await home(a, `limit=2&min_id=${kept[0]}`))).toEqual([kept[2], kept[1]]);
      await act(a, big, 'unmute');
      expect(ids(await home(a, 'limit=1'))).toEqual([merged[4]]);
    });
  });

  describe('domain blocks', () => {
    it('normalises, lists newest first with paging, and removes', async () => {
      const a = await citizen(s);
      for (const d of ['Spam.Example.', 'https://bad.example/path', 'user@third.example', '例子.测试']) {
        const r = await s.call('POST', '/api/v1/domain_blocks', { token: a.token, body: { domain: d } });
        expect(r.status, d).toBe(200);
        expect(r.json).toEqual({});
      }
      await s.call('POST', '/api/v1/domain_blocks', { token: a.token, form: { domain: 'spam.example' } });
      const all = await s.call('GET', '/api/v1/domain_blocks', { token: a.token });
      expect(all.json).toEqual(['xn--fsqu00a.xn--0zwm56d', 'third.example', 'bad.example', 'spam.example']);
      const page = await s.call('GET', '/api/v1/domain_blocks?limit=2', { token: a.token });
      expect(page.json).toEqual(['xn--fsqu00a.xn--0zwm56d', 'third.example']);
      expect(String(page.headers.link)).toContain('rel="next"');
      expect((await s.call('DELETE', '/api/v1/domain_blocks?domain=BAD.example', { token: a.token })).status).toBe(200);
      expect((await s.call('DELETE', '/api/v1/domain_blocks', { token: a.token, body: { domain: 'third.example' } })).status).toBe(200);
      expect((await s.call('GET', '/api/v1/domain_blocks', { token: a.token })).json).toEqual(['xn--fsqu00a.xn--0zwm56d', 'spam.example']);
      // Local accounts have no domain: the relationship says no domain block.
      const b = await citizen(s);
      expect((await rel(a, b)).domain_blocking).toBe(false);
    });
  });

  describe('remove_from_followers', () => {
    it('makes a follower stop following, and answers the relationship', async () => {
      const a = await citizen(s);
      const b = await citizen(s);
      await act(b, a, 'follow');
      const st = await post(a, '仅限关注者', { visibility: 'private' });
      expect(ids(await home(b))).toContain(st);
      const r = await act(a, b, 'remove_from_followers');
      expect(r).toMatchObject({ followed_by: false, following: false, blocking: false });
      expect(ids(await home(b))).not.toContain(st);
      expect((await s.call('GET', `/api/v1/accounts/${a.id}`)).json.followers_count).toBe(0);
    });
  });

  describe('the exclusions cache', () => {
    it('the batch loader agrees with the plain one, and a change is seen at once', async () => {
      const [a, b, c, d] = [await citizen(s), await citizen(s), await citizen(s), await citizen(s)];
      await act(a, b, 'block');
      await act(a, c, 'mute', { notifications: false, duration: 600 });
      await act(d, a, 'block');
      await s.call('POST', '/api/v1/domain_blocks', { token: a.token, body: { domain: 'x.example' } });
      const people = [a, b, c, d].map((u) => Number(u.id));
      s.ctx.cache.exclusions.forget(people);
      const many = await exclusionsOfMany(s.ctx, people);
      for (const id of people) expect(many.get(id), String(id)).toEqual(await loadExclusions(s.ctx.db, id));
      expect(many.get(Number(a.id))).toMatchObject({ blocking: new Set([Number(b.id)]), blockedBy: new Set([Number(d.id)]), domains: new Set(['x.example']), empty: false });
      expect((await exclusionsFor(s.ctx, Number(b.id))).blockedBy).toEqual(new Set([Number(a.id)]));
      // Cached now; an unblock forgets both sides.
      await act(a, b, 'unblock');
      expect((await exclusionsFor(s.ctx, Number(b.id))).empty).toBe(true);
      expect((await exclusionsFor(s.ctx, Number(a.id))).blocking.size).toBe(0);
    });
  });
});
