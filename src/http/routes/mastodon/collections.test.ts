import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../app/clock.js';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, staffUser, tokenWithScopes } from '../../../../test/factories.js';
import { type Party, fastOrgan, operatorOf } from '../../../../test/gov-cast.js';
import { type TestServer, testServer } from '../../../../test/http.js';

type Party3 = Awaited<ReturnType<typeof citizen>>;

/** Bookmarks, the favourites list, pins, statuses and accounts by id, through the API as apps call it. */
describe.each(DIALECTS)('bookmarks, favourites, pins, by-id lists (%s)', (dialect) => {
  let s: TestServer;
  const clock = fixedClock('2012-12-01T08:00:00Z');
  let alice: Party3;
  let bob: Party3;
  let carol: Party3;

  beforeAll(async () => {
    s = await testServer(dialect, {}, clock);
    [alice, bob, carol] = [await citizen(s, 'alice'), await citizen(s, 'bob'), await citizen(s, 'carol')];
  });
  afterAll(async () => {
    await s?.close();
  });

  const post = async (token: string, body: Record<string, unknown>): Promise<string> => {
    const r = await s.call('POST', '/api/v1/statuses', { token, body });
    expect(r.status, r.body).toBe(200);
    return r.json.id as string;
  };
  const linkOf = (headers: Record<string, unknown>) => String(headers.link ?? '');

  describe('refusals', () => {
    it('401 without a token; 403 without the scope', async () => {
      const id = await post(bob.token, { status: '公告' });
      for (const [method, url] of [
        ['POST', `/api/v1/statuses/${id}/bookmark`],
        ['POST', `/api/v1/statuses/${id}/unbookmark`],
        ['POST', `/api/v1/statuses/${id}/pin`],
        ['POST', `/api/v1/statuses/${id}/unpin`],
        ['GET', '/api/v1/bookmarks'],
        ['GET', '/api/v1/favourites'],
      ] as const)
        expect((await s.call(method, url)).status, url).toBe(401);
      const readOnly = await tokenWithScopes(s, alice.id, ['read']);
      expect((await s.call('POST', `/api/v1/statuses/${id}/bookmark`, { token: readOnly })).json.code).toBe('insufficient_scope');
      expect((await s.call('POST', `/api/v1/statuses/${id}/pin`, { token: readOnly })).json.code).toBe('insufficient_scope');
      const writeOnly = await tokenWithScopes(s, alice.id, ['write']);
      expect((await s.call('GET', '/api/v1/bookmarks', { token: writeOnly })).status).toBe(403);
      expect((await s.call('GET', '/api/v1/favourites', { token: writeOnly })).status).toBe(403);
    });

    it('404 for bookmarking or pinning a status one may not see, one that does not exist, or a malformed id', async () => {
      const secret = await post(bob.token, { status: '仅关注者', visibility: 'private' });
      const direct = await post(bob.token, { status: `@carol 私信`, visibility: 'direct' });
      for (const id of [secret, direct, '999999999', 'abc']) {
        for (const action of ['bookmark', 'unbookmark', 'pin', 'unpin']) {
          const r = await s.call('POST', `/api/v1/statuses/${id}/${action}`, { token: alice.token });
          expect([r.status, r.json.code], `${action} ${id}`).toEqual([404, 'not_found']);
        }
      }
      // The one mentioned may see (and bookmark) the direct message.
      expect((await s.call('POST', `/api/v1/statuses/${direct}/bookmark`, { token: carol.token })).json.bookmarked).toBe(true);
    });

    it('422 naming status for pinning another’s status, a boost, a direct message, or a sixth', async () => {
      const theirs = await post(bob.token, { status: '别人的' });
      const boost = (await s.call('POST', `/api/v1/statuses/${theirs}/reblog`, { token: carol.token })).json.id as string;
      const direct = await post(carol.token, { status: '@bob 私信', visibility: 'direct' });
      for (const id of [theirs, boost, direct]) {
        const r = await s.call('POST', `/api/v1/statuses/${id}/pin`, { token: carol.token });
        expect([r.status, Object.keys(r.json.details ?? {})], id).toEqual([422, ['status']]);
      }
      const five = [];
      for (let i = 0; i < 5; i++) five.push(await post(carol.token, { status: `置顶 ${i}` }));
      for (const id of five) expect((await s.call('POST', `/api/v1/statuses/${id}/pin`, { token: carol.token })).status).toBe(200);
      const sixth = await s.call('POST', `/api/v1/statuses/${await post(carol.token, { status: '第六条' })}/pin`, { token: carol.token });
      expect([sixth.status, sixth.json.details.status[0].error]).toEqual([422, 'ERR_TOO_MANY']);
      // Pinning one pinned already is no sixth; a deleted pinned status frees its place.
      expect((await s.call('POST', `/api/v1/statuses/${five[0]}/pin`, { token: carol.token })).status).toBe(200);
      expect((await s.call('DELETE', `/api/v1/statuses/${five[0]}`, { token: carol.token })).status).toBe(200);
      expect((await s.call('POST', `/api/v1/statuses/${await post(carol.token, { status: '第七条' })}/pin`, { token: carol.token })).status).toBe(200);
    });
  });

  describe('bookmarks', () => {
    it('marks the status bookmarked for the reader only, idempotently; a boost’s id keeps the original', async () => {
      const id = await post(bob.token, { status: '值得收藏' });
      const r = await s.call('POST', `/api/v1/statuses/${id}/bookmark`, { token: alice.token });
      expect([r.status, r.json.id, r.json.bookmarked]).toEqual([200, id, true]);
      expect((await s.call('POST', `/api/v1/statuses/${id}/bookmark`, { token: alice.token })).json.bookmarked).toBe(true);
      expect((await s.call('GET', `/api/v1/statuses/${id}`, { token: alice.token })).json.bookmarked).toBe(true);
      expect((await s.call('GET', `/api/v1/statuses/${id}`, { token: carol.token })).json.bookmarked).toBe(false);
      expect((await s.call('GET', `/api/v1/statuses/${id}`)).json.bookmarked).toBe(false);
      const boost = (await s.call('POST', `/api/v1/statuses/${id}/reblog`, { token: carol.token })).json.id as string;
      const viaBoost = await s.call('POST', `/api/v1/statuses/${boost}/bookmark`, { token: carol.token });
      expect([viaBoost.json.id, viaBoost.json.bookmarked]).toEqual([id, true]);
      const off = await s.call('POST', `/api/v1/statuses/${id}/unbookmark`, { token: alice.token });
      expect([off.status, off.json.bookmarked]).toEqual([200, false]);
      expect((await s.call('POST', `/api/v1/statuses/${id}/unbookmark`, { token: alice.token })).status).toBe(200);
    });

    it('lists bookmarks latest bookmark first, paged by bookmark id with Link headers, only what the reader may still see', async () => {
      const dave = await citizen(s);
      const erin = await citizen(s);
      await s.call('POST', `/api/v1/accounts/${erin.id}/follow`, { token: dave.token });
      const older = await post(erin.token, { status: '较早' });
      const newer = await post(erin.token, { status: '较新' });
      const secret = await post(erin.token, { status: '关注者可见', visibility: 'private' });
      const doomed = await post(erin.token, { status: '将删除' });
      // Bookmarked in this order: newer, then older, then the private one, then the doomed one.
      for (const id of [newer, older, secret, doomed]) expect((await s.call('POST', `/api/v1/statuses/${id}/bookmark`, { token: dave.token })).status).toBe(200);
      expect((await s.call('DELETE', `/api/v1/statuses/${doomed}`, { token: erin.token })).status).toBe(200);
      const all = await s.call('GET', '/api/v1/bookmarks', { token: dave.token });
      expect(all.json.map((j: { id: string }) => j.id)).toEqual([secret, older, newer]);
      expect(all.json.every((j: { bookmarked: boolean }) => j.bookmarked)).toBe(true);

      const first = await s.call('GET', '/api/v1/bookmarks?limit=2', { token: dave.token });
      expect(first.json.map((j: { id: string }) => j.id)).toEqual([secret, older]);
      const next = /<([^>]+)>; rel="next"/.exec(linkOf(first.headers))?.[1];
      expect(next).toMatch(/max_id=\d+/);
      // The cursor is the bookmark's id, not the status's.
      expect(next).not.toContain(`max_id=${older}`);
      const second = await s.call('GET', new URL(next!).pathname + new URL(next!).search, { token: dave.token });
      expect(second.json.map((j: { id: string }) => j.id)).toEqual([newer]);
      const prev = /<([^>]+)>; rel="prev"/.exec(linkOf(second.headers))?.[1];
      const back = await s.call('GET', new URL(prev!).pathname + new URL(prev!).search, { token: dave.token });
      expect(back.json.map((j: { id: string }) => j.id)).toEqual([secret, older]);

      // No longer following: the private status leaves the list (the bookmark stays, and can still be removed).
      await s.call('POST', `/api/v1/accounts/${erin.id}/unfollow`, { token: dave.token });
      expect((await s.call('GET', '/api/v1/bookmarks', { token: dave.token })).json.map((j: { id: string }) => j.id)).toEqual([older, newer]);
      expect((await s.call('GET', `/api/v1/statuses/${secret}`, { token: dave.token })).status).toBe(404);
      expect((await s.call('POST', `/api/v1/statuses/${secret}/unbookmark`, { token: dave.token })).status).toBe(200);
      // Another reader's list is their own.
      expect((await s.call('GET', '/api/v1/bookmarks', { token: erin.token })).json).toEqual([]);
    });
  });

  describe('favourites', () => {
    it('lists the reader’s favourites latest favourite first, paged by favourite id', async () => {
      const fan = await citizen(s);
      const a = await post(bob.token, { status: '一' });
      const b = await post(bob.token, { status: '二' });
      const c = await post(bob.token, { status: '三' });
      for (const id of [b, c, a]) expect((await s.call('POST', `/api/v1/statuses/${id}/favourite`, { token: fan.token })).status).toBe(200);
      const all = await s.call('GET', '/api/v1/favourites', { token: fan.token });
      expect(all.json.map((j: { id: string }) => j.id)).toEqual([a, c, b]);
      expect(all.json.every((j: { favourited: boolean }) => j.favourited)).toBe(true);
      const page = await s.call('GET', '/api/v1/favourites?limit=1', { token: fan.token });
      const next = /<([^>]+)>; rel="next"/.exec(linkOf(page.headers))?.[1];
      const rest = await s.call('GET', new URL(next!).pathname + new URL(next!).search, { token: fan.token });
      // The next page keeps the limit asked.
      expect(rest.json.map((j: { id: string }) => j.id)).toEqual([c]);
      await s.call('POST', `/api/v1/statuses/${c}/unfavourite`, { token: fan.token });
      expect((await s.call('GET', '/api/v1/favourites', { token: fan.token })).json.map((j: { id: string }) => j.id)).toEqual([a, b]);
    });
  });

  describe('pins', () => {
    it('pins the reader’s own status, shows it first with pinned=true, latest pin first, private ones only to those who may see them', async () => {
      const author = await citizen(s);
      const follower = await citizen(s);
      await s.call('POST', `/api/v1/accounts/${author.id}/follow`, { token: follower.token });
      const notice = await post(author.token, { status: '置顶公告' });
      const other = await post(author.token, { status: '普通' });
      const inner = await post(author.token, { status: '仅关注者置顶', visibility: 'private' });
      const pinned = await s.call('POST', `/api/v1/statuses/${notice}/pin`, { token: author.token });
      expect([pinned.status, pinned.json.pinned]).toEqual([200, true]);
      expect((await s.call('POST', `/api/v1/statuses/${inner}/pin`, { token: author.token })).json.pinned).toBe(true);
      expect((await s.call('GET', `/api/v1/statuses/${notice}`, { token: author.token })).json.pinned).toBe(true);
      // `pinned` is the owner's flag: others see false.
      expect((await s.call('GET', `/api/v1/statuses/${notice}`, { token: follower.token })).json.pinned).toBe(false);

      const list = (token?: string) => s.call('GET', `/api/v1/accounts/${author.id}/statuses?pinned=true`, token ? { token } : {});
      expect((await list(author.token)).json.map((j: { id: string }) => j.id)).toEqual([inner, notice]);
      expect((await list(follower.token)).json.map((j: { id: string }) => j.id)).toEqual([inner, notice]);
      expect((await list()).json.map((j: { id: string }) => j.id)).toEqual([notice]);
      expect((await list(alice.token)).json.map((j: { id: string }) => j.id)).toEqual([notice]);
      // The plain list is untouched.
      expect((await s.call('GET', `/api/v1/accounts/${author.id}/statuses`)).json.map((j: { id: string }) => j.id)).toEqual([other, notice]);

      const off = await s.call('POST', `/api/v1/statuses/${notice}/unpin`, { token: author.token });
      expect([off.status, off.json.pinned]).toEqual([200, false]);
      expect((await list(author.token)).json.map((j: { id: string }) => j.id)).toEqual([inner]);
    });

    it('pins asked for at once cannot pass the limit together', async () => {
      const busy = await citizen(s);
      const ids: string[] = [];
      for (let i = 0; i < 8; i++) ids.push(await post(busy.token, { status: `同时置顶 ${i}` }));
      const answers = await Promise.all(ids.map((id) => s.call('POST', `/api/v1/statuses/${id}/pin`, { token: busy.token })));
      expect(answers.filter((r) => r.status === 200)).toHaveLength(5);
      expect(answers.filter((r) => r.status === 422)).toHaveLength(3);
      expect((await s.call('GET', `/api/v1/accounts/${busy.id}/statuses?pinned=true`)).json).toHaveLength(5);
    });

    it('an operator pins and bookmarks for the organ, each act in the organ’s audit log', async () => {
      const reviewer = await staffUser(s, 'reviewer');
      const organ: Party = await fastOrgan(s, reviewer.token);
      const staff = await citizen(s);
      const token = await operatorOf(s, organ, staff);
      const notice = await post(organ.token, { status: '本局常设公告：办事指南' });
      const theirs = await post(bob.token, { status: '市民建议' });
      for (const [path, id] of [
        ['pin', notice],
        ['unpin', notice],
        ['pin', notice],
        ['bookmark', theirs],
        ['unbookmark', theirs],
      ] as const)
        expect((await s.call('POST', `/api/v1/statuses/${id}/${path}`, { token })).status, path).toBe(200);
      // The operator cannot pin someone else's status for the organ either.
      expect((await s.call('POST', `/api/v1/statuses/${theirs}/pin`, { token })).status).toBe(422);
      expect((await s.call('GET', `/api/v1/accounts/${organ.id}/statuses?pinned=true`)).json.map((j: { id: string }) => j.id)).toEqual([notice]);
      const log = await s.call('GET', '/api/v1/gov/audit_log?limit=80', { token: organ.token });
      const acts = (log.json as { action: string; operator_id: string | null; subject_id: string }[])
        .filter((e) => e.operator_id === staff.id && /^status\.(un)?(pin|bookmark)$/.test(e.action))
        .map((e) => [e.action, e.subject_id]);
      expect(acts).toEqual([
        ['status.unbookmark', theirs],
        ['status.bookmark', theirs],
        ['status.pin', notice],
        ['status.unpin', notice],
        ['status.pin', notice],
      ]);
    });
  });

  describe('by id', () => {
    it('GET /api/v1/statuses?id[]: those the reader may see, in the order asked, the rest left out; more than 20 is a 422 naming id', async () => {
      const a = await post(bob.token, { status: '甲' });
      const b = await post(bob.token, { status: '乙' });
      const secret = await post(bob.token, { status: '丙', visibility: 'private' });
      const r = await s.call('GET', `/api/v1/statuses?id[]=${b}&id[]=999999999&id[]=${secret}&id[]=${a}&id[]=x&id[]=${b}`, { token: alice.token });
      expect([r.status, r.json.map((j: { id: string }) => j.id)]).toEqual([200, [b, a]]);
      expect((await s.call('GET', `/api/v1/statuses?id[]=${secret}`, { token: bob.token })).json.map((j: { id: string }) => j.id)).toEqual([secret]);
      expect((await s.call('GET', `/api/v1/statuses?id=${a}`)).json.map((j: { id: string }) => j.id)).toEqual([a]);
      expect((await s.call('GET', '/api/v1/statuses')).json).toEqual([]);
      const many = await s.call('GET', `/api/v1/statuses?${Array.from({ length: 21 }, (_, i) => `id[]=${i + 1}`).join('&')}`);
      expect([many.status, Object.keys(many.json.details ?? {})]).toEqual([422, ['id']]);
    });

    it('GET /api/v1/accounts?id[]: in the order asked, unknown ones left out; more than 40 is a 422 naming id', async () => {
      const r = await s.call('GET', `/api/v1/accounts?id[]=${carol.id}&id[]=999999&id[]=${alice.id}`);
      expect([r.status, r.json.map((j: { id: string }) => j.id)]).toEqual([200, [carol.id, alice.id]]);
      const many = await s.call('GET', `/api/v1/accounts?${Array.from({ length: 41 }, (_, i) => `id[]=${i + 1}`).join('&')}`);
      expect([many.status, Object.keys(many.json.details ?? {})]).toEqual([422, ['id']]);
    });
  });

  it('sensitive without a content warning or media stays sensitive, as Mastodon keeps it', async () => {
    const id = await post(alice.token, { status: '敏感但无提示', sensitive: true });
    const r = await s.call('GET', `/api/v1/statuses/${id}`);
    expect([r.json.sensitive, r.json.spoiler_text]).toEqual([true, '']);
    expect((await s.call('GET', `/api/v1/statuses/${await post(alice.token, { status: '普通' })}`)).json.sensitive).toBe(false);
  });
});
