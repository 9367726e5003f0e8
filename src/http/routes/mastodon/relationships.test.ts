import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, tokenWithScopes, unique } from '../../../../test/factories.js';
import { type TestServer, testServer } from '../../../../test/http.js';
import { newAccount } from '../../../accounts/accounts.repository.js';
import { FOLLOW_LIMIT } from '../../../social/follows.policy.js';
import { insertFollows } from '../../../social/follows.repository.js';

type User = Awaited<ReturnType<typeof citizen>>;

describe.each(DIALECTS)('follows and follow requests (%s)', (dialect) => {
  let s: TestServer;

  beforeAll(async () => {
    s = await testServer(dialect);
  });
  afterAll(async () => {
    await s?.close();
  });

  async function lockedUser(): Promise<User> {
    const u = await citizen(s);
    const r = await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: u.token, body: { locked: true } });
    expect(r.status).toBe(200);
    expect(r.json.locked).toBe(true);
    return u;
  }
  const rel = async (viewer: User, other: User) => {
    const r = await s.call('GET', `/api/v1/accounts/relationships?id[]=${other.id}`, { token: viewer.token });
    expect(r.status).toBe(200);
    return r.json[0];
  };
  const post = async (author: User, status: string, visibility = 'private') => {
    const r = await s.call('POST', '/api/v1/statuses', { token: author.token, body: { status, visibility } });
    expect(r.status).toBe(200);
    return r.json.id as string;
  };
  const ids = (list: { id: string }[]) => list.map((x) => x.id);
  const homeIds = async (u: User) => ids((await s.call('GET', '/api/v1/timelines/home?limit=40', { token: u.token })).json);
  const canRead = async (u: User, statusId: string) => (await s.call('GET', `/api/v1/statuses/${statusId}`, { token: u.token })).status === 200;
  const account = async (u: User) => (await s.call('GET', `/api/v1/accounts/${u.id}`)).json;
  const notifications = async (u: User) => (await s.call('GET', '/api/v1/notifications', { token: u.token })).json as { type: string; account: { id: string } }[];
  const requests = async (u: User, query = '') => s.call('GET', `/api/v1/follow_requests${query}`, { token: u.token });

  describe('refusals', () => {
    it('answers 401 without a token and 403 without the follows scopes', async () => {
      const owner = await lockedUser();
      const asker = await citizen(s);
      expect((await s.call('GET', '/api/v1/follow_requests')).status).toBe(401);
      expect((await s.call('POST', `/api/v1/follow_requests/${asker.id}/authorize`)).status).toBe(401);
      const readOnly = await tokenWithScopes(s, owner.id, ['read:statuses', 'write:statuses']);
      for (const [method, path] of [
        ['GET', '/api/v1/follow_requests'],
        ['POST', `/api/v1/follow_requests/${asker.id}/authorize`],
        ['POST', `/api/v1/follow_requests/${asker.id}/reject`],
      ] as const) {
        const r = await s.call(method, path, { token: readOnly });
        expect(r.status, path).toBe(403);
        expect(r.json.code).toBe('insufficient_scope');
      }
      // write:follows does not let one read the requests, read:follows does not let one decide them.
      const readFollows = await tokenWithScopes(s, owner.id, ['read:follows']);
      expect((await s.call('GET', '/api/v1/follow_requests', { token: readFollows })).status).toBe(200);
      expect((await s.call('POST', `/api/v1/follow_requests/${asker.id}/authorize`, { token: readFollows })).json.code).toBe('insufficient_scope');
      const legacy = await tokenWithScopes(s, owner.id, ['follow']);
      expect((await s.call('GET', '/api/v1/follow_requests', { token: legacy })).status).toBe(200);
    });

    it('answers 404 to authorizing or rejecting someone who did not ask, or an id that is not one', async () => {
      const owner = await lockedUser();
      const stranger = await citizen(s);
      for (const path of [`/api/v1/follow_requests/${stranger.id}/authorize`, `/api/v1/follow_requests/${stranger.id}/reject`, '/api/v1/follow_requests/abc/authorize', '/api/v1/follow_requests/99999999/reject']) {
        const r = await s.call('POST', path, { token: owner.token });
        expect(r.status, path).toBe(404);
        expect(r.json.code).toBe('not_found');
      }
      expect((await rel(stranger, owner)).following).toBe(false);
    });

    it('answers 422 naming the parameter to a bad limit or cursor', async () => {
      const owner = await lockedUser();
      for (const q of ['?limit=abc', '?max_id=xyz']) {
        const r = await requests(owner, q);
        expect(r.status, q).toBe(422);
        expect(r.json.code).toBe('validation_failed');
      }
    });
  });

  describe('a locked account', () => {
    it('turns a follow into a request: requested, not following, no followers-only posts, not counted, no backfill, a follow_request notification', async () => {
      const owner = await lockedUser();
      const secret = await post(owner, '仅关注者可见');
      const stranger = await citizen(s);

      const r = await s.call('POST', `/api/v1/accounts/${owner.id}/follow`, { token: stranger.token });
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ id: owner.id, following: false, requested: true, followed_by: false });
      // Asking twice is still one request.
      expect((await s.call('POST', `/api/v1/accounts/${owner.id}/follow`, { token: stranger.token })).json).toMatchObject({ following: false, requested: true });

      expect(await rel(stranger, owner)).toMatchObject({ following: false, requested: true, requested_by: false });
      expect(await rel(owner, stranger)).toMatchObject({ followed_by: false, requested_by: true, requested: false });
      expect(await canRead(stranger, secret)).toBe(false);
      const statuses = await s.call('GET', `/api/v1/accounts/${owner.id}/statuses`, { token: stranger.token });
      expect(ids(statuses.json)).not.toContain(secret);
      expect(await homeIds(stranger)).not.toContain(secret);
      expect((await account(owner)).followers_count).toBe(0);
      expect((await account(stranger)).following_count).toBe(0);
      expect(ids((await s.call('GET', `/api/v1/accounts/${owner.id}/followers`)).json)).not.toContain(stranger.id);
      // The owner's own view counts the requests waiting for it, as Mastodon's source.follow_requests_count.
      expect((await s.call('GET', '/api/v1/accounts/verify_credentials', { token: owner.token })).json.source.follow_requests_count).toBe(1);
      expect((await s.call('GET', '/api/v1/accounts/verify_credentials', { token: stranger.token })).json.source.follow_requests_count).toBe(0);
      // A post after the request does not reach the one who asked either.
      const later = await post(owner, '之后的');
      expect(await homeIds(stranger)).not.toContain(later);
      expect(await canRead(stranger, later)).toBe(false);

      const told = await notifications(owner);
      expect(told.filter((n) => n.account.id === stranger.id).map((n) => n.type)).toEqual(['follow_request']);
      const list = await requests(owner);
      expect(list.status).toBe(200);
      expect(ids(list.json)).toEqual([stranger.id]);
    });

    it('authorize makes the follow as an open follow would: followers-only posts readable, counted, feed backfilled, a follow notification', async () => {
      const owner = await lockedUser();
      const secret = await post(owner, '给关注者的');
      const stranger = await citizen(s);
      await s.call('POST', `/api/v1/accounts/${owner.id}/follow`, { token: stranger.token });
      expect(await canRead(stranger, secret)).toBe(false);

      const ok = await s.call('POST', `/api/v1/follow_requests/${stranger.id}/authorize`, { token: owner.token });
      expect(ok.status).toBe(200);
      expect(ok.json).toMatchObject({ id: stranger.id, followed_by: true, requested_by: false, following: false });

      expect(await rel(stranger, owner)).toMatchObject({ following: true, requested: false });
      expect(await canRead(stranger, secret)).toBe(true);
      expect(await homeIds(stranger)).toContain(secret);
      expect((await account(owner)).followers_count).toBe(1);
      expect((await account(stranger)).following_count).toBe(1);
      expect(ids((await s.call('GET', `/api/v1/accounts/${owner.id}/followers`)).json)).toEqual([stranger.id]);
      expect(ids((await requests(owner)).json)).toEqual([]);
      // The request's notification goes with the request; the follow is told.
      expect((await notifications(owner)).filter((n) => n.account.id === stranger.id).map((n) => n.type)).toEqual(['follow']);
      // New followers-only posts now reach the follower's feed.
      const next = await post(owner, '新的');
      expect(await homeIds(stranger)).toContain(next);
      // Authorizing again: there is no request left.
      expect((await s.call('POST', `/api/v1/follow_requests/${stranger.id}/authorize`, { token: owner.token })).status).toBe(404);
    });

    it('reject leaves no follow, no request and no access; the account may ask again', async () => {
      const owner = await lockedUser();
      const secret = await post(owner, '不给看');
      const stranger = await citizen(s);
      await s.call('POST', `/api/v1/accounts/${owner.id}/follow`, { token: stranger.token });

      const no = await s.call('POST', `/api/v1/follow_requests/${stranger.id}/reject`, { token: owner.token });
      expect(no.status).toBe(200);
      expect(no.json).toMatchObject({ id: stranger.id, followed_by: false, requested_by: false });
      expect(await rel(stranger, owner)).toMatchObject({ following: false, requested: false });
      expect(await canRead(stranger, secret)).toBe(false);
      expect(await homeIds(stranger)).not.toContain(secret);
      expect((await account(owner)).followers_count).toBe(0);
      expect(ids((await requests(owner)).json)).toEqual([]);
      expect((await notifications(owner)).filter((n) => n.account.id === stranger.id)).toEqual([]);

      expect((await s.call('POST', `/api/v1/accounts/${owner.id}/follow`, { token: stranger.token })).json).toMatchObject({ requested: true, following: false });
    });

    it('unfollowing withdraws a pending request', async () => {
      const owner = await lockedUser();
      const stranger = await citizen(s);
      await s.call('POST', `/api/v1/accounts/${owner.id}/follow`, { token: stranger.token });
      const r = await s.call('POST', `/api/v1/accounts/${owner.id}/unfollow`, { token: stranger.token });
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ following: false, requested: false });
      expect(ids((await requests(owner)).json)).toEqual([]);
      expect((await rel(owner, stranger)).requested_by).toBe(false);
      expect((await notifications(owner)).filter((n) => n.account.id === stranger.id)).toEqual([]);
    });

    it('unfollowing takes back the follow notification too (as Mastodon), and the unread count with it', async () => {
      const owner = await citizen(s);
      const fan = await citizen(s);
      await s.call('POST', `/api/v1/accounts/${owner.id}/follow`, { token: fan.token });
      expect((await notifications(owner)).filter((n) => n.account.id === fan.id).map((n) => n.type)).toEqual(['follow']);
      expect((await s.call('GET', '/api/v1/notifications/unread_count', { token: owner.token })).json).toEqual({ count: 1 });
      await s.call('POST', `/api/v1/accounts/${owner.id}/unfollow`, { token: fan.token });
      expect((await notifications(owner)).filter((n) => n.account.id === fan.id)).toEqual([]);
      expect((await s.call('GET', '/api/v1/notifications/unread_count', { token: owner.token })).json).toEqual({ count: 0 });
    });

    it('lists its requests newest first with Link pagination, and only its own', async () => {
      const owner = await lockedUser();
      const other = await lockedUser();
      const askers: User[] = [];
      for (let i = 0; i < 3; i++) {
        const a = await citizen(s);
        await s.call('POST', `/api/v1/accounts/${owner.id}/follow`, { token: a.token });
        askers.push(a);
      }
      await s.call('POST', `/api/v1/accounts/${other.id}/follow`, { token: (askers[0] as User).token });
      const newestFirst = [...askers].reverse().map((a) => a.id);
      expect(ids((await requests(owner)).json)).toEqual(newestFirst);
      expect(ids((await requests(other)).json)).toEqual([(askers[0] as User).id]);

      const first = await requests(owner, '?limit=2');
      expect(ids(first.json)).toEqual(newestFirst.slice(0, 2));
      const next = /<([^>]+)>;\s*rel="next"/.exec(String(first.headers.link));
      expect(next).not.toBeNull();
      const u = new URL((next as RegExpExecArray)[1] as string);
      expect(u.pathname).toBe('/api/v1/follow_requests');
      const second = await requests(owner, u.search);
      expect(ids(second.json)).toEqual(newestFirst.slice(2));
      expect(String(first.headers.link)).toContain('rel="prev"');
    });

    it('accepts its pending requests when it turns locked off, with backfill', async () => {
      const owner = await lockedUser();
      const secret = await post(owner, '解锁前');
      const a = await citizen(s);
      const b = await citizen(s);
      for (const u of [a, b]) await s.call('POST', `/api/v1/accounts/${owner.id}/follow`, { token: u.token });
      const r = await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: owner.token, body: { locked: false } });
      expect(r.status).toBe(200);
      expect(r.json.locked).toBe(false);
      for (const u of [a, b]) {
        expect(await rel(u, owner)).toMatchObject({ following: true, requested: false });
        expect(await canRead(u, secret)).toBe(true);
        expect(await homeIds(u)).toContain(secret);
      }
      expect((await account(owner)).followers_count).toBe(2);
      expect(ids((await requests(owner)).json)).toEqual([]);
      // From now on a follow is immediate.
      const c = await citizen(s);
      expect((await s.call('POST', `/api/v1/accounts/${owner.id}/follow`, { token: c.token })).json).toMatchObject({ following: true, requested: false });
    });

    it('keeps a follow made before the account locked, and an open account is followed at once', async () => {
      const owner = await citizen(s);
      const early = await citizen(s);
      expect((await s.call('POST', `/api/v1/accounts/${owner.id}/follow`, { token: early.token })).json).toMatchObject({ following: true, requested: false });
      await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: owner.token, body: { locked: true } });
      const secret = await post(owner, '老关注者可见');
      expect(await canRead(early, secret)).toBe(true);
      // Following someone already followed does not turn into a request.
      expect((await s.call('POST', `/api/v1/accounts/${owner.id}/follow`, { token: early.token })).json).toMatchObject({ following: true, requested: false });
    });
  });

  describe('the follow limit', () => {
    it(`refuses a follow or a request beyond ${FOLLOW_LIMIT} follows with 422 follow_limit_reached`, async () => {
      const fan = await citizen(s);
      const now = new Date().toISOString();
      const targets: number[] = [];
      const batch = unique('t');
      for (let start = 0; start < FOLLOW_LIMIT; start += 500) {
        const rows = Array.from({ length: Math.min(500, FOLLOW_LIMIT - start) }, (_, i) => newAccount({ username: `${batch}_${start + i}`, email: null, passwordHash: null, role: 'user' }, now));
        const made = await s.ctx.db.insertInto('accounts').values(rows).returning('id').execute();
        targets.push(...made.map((m) => Number(m.id)));
      }
      await insertFollows(s.ctx.db, targets.map((t) => ({ account_id: Number(fan.id), target_account_id: t, created_at: now })));

      const open = await citizen(s);
      const locked = await lockedUser();
      for (const target of [open, locked]) {
        const r = await s.call('POST', `/api/v1/accounts/${target.id}/follow`, { token: fan.token });
        expect(r.status).toBe(422);
        expect(r.json.code).toBe('follow_limit_reached');
        expect(r.json.error).toContain(String(FOLLOW_LIMIT));
        expect(await rel(fan, target)).toMatchObject({ following: false, requested: false });
      }
      // Following an account already followed is no new follow: still 200.
      const already = await s.call('POST', `/api/v1/accounts/${targets[0]}/follow`, { token: fan.token });
      expect(already.status).toBe(200);
      expect(already.json.following).toBe(true);
      // One unfollow makes room for one.
      expect((await s.call('POST', `/api/v1/accounts/${targets[0]}/unfollow`, { token: fan.token })).status).toBe(200);
      expect((await s.call('POST', `/api/v1/accounts/${open.id}/follow`, { token: fan.token })).json.following).toBe(true);
    });
  });
});
