import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../app/clock.js';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen } from '../../../../test/factories.js';
import { type TestServer, testServer } from '../../../../test/http.js';

/**
 * Visibility is decided in the query that applies `limit` (STYLE.md §17): a
 * page holds `limit` items whenever that many are left, and the Link header's
 * `next` leads to the rest, each exactly once.
 */
describe.each(DIALECTS)('paging what a reader may see (%s)', (dialect) => {
  let s: TestServer;
  type Who = Awaited<ReturnType<typeof citizen>>;
  let alice: Who;
  let bob: Who;
  let carol: Who;
  let eve: Who;
  const posted: Record<string, string> = {};

  beforeAll(async () => {
    s = await testServer(dialect, {}, fixedClock('2012-12-01T08:00:00Z'));
    [alice, bob, carol, eve] = [await citizen(s, 'alice_pg'), await citizen(s, 'bob_pg'), await citizen(s, 'carol_pg'), await citizen(s, 'eve_pg')];
    expect((await s.call('POST', `/api/v1/accounts/${alice.id}/follow`, { token: carol.token })).status).toBe(200);
    const post = async (name: string, body: Record<string, unknown>) => {
      const r = await s.call('POST', '/api/v1/statuses', { token: alice.token, body });
      expect(r.status).toBe(200);
      posted[name] = r.json.id;
    };
    // Hidden statuses newest, where a page filtered after its limit loses the most.
    for (let i = 1; i <= 5; i++) await post(`public${i}`, { status: `公告 ${i} #通告` });
    await post('unlisted', { status: '不公开列出 #通告', visibility: 'unlisted' });
    await post('privateForBob', { status: '@bob_pg 仅关注者，也给你 #通告', visibility: 'private' });
    await post('private', { status: '仅关注者 #通告', visibility: 'private' });
    await post('directToBob', { status: '@bob_pg 私信 #通告', visibility: 'direct' });
    await post('directToNoOne', { status: '备忘 #通告', visibility: 'direct' });
  });
  afterAll(async () => {
    await s?.close();
  });

  /** Follows `next` from the first page; returns the pages' ids. */
  async function walk(path: string, token?: string): Promise<string[][]> {
    const pages: string[][] = [];
    let url: string | null = path;
    while (url !== null && pages.length < 20) {
      const r = await s.call('GET', url, token ? { token } : {});
      expect(r.status).toBe(200);
      pages.push((r.json as { id: string }[]).map((x) => x.id));
      const next = /<([^>]+)>; rel="next"/.exec(String(r.headers.link ?? ''));
      url = next ? new URL(next[1] as string).pathname + new URL(next[1] as string).search : null;
    }
    return pages;
  }

  function expectFullPages(pages: string[][], limit: number, expected: string[]) {
    const all = pages.flat();
    expect(all).toEqual(expected);
    expect(new Set(all).size).toBe(all.length);
    // Every page but the last is full; an empty page can only be the last.
    pages.slice(0, -1).forEach((p) => expect(p).toHaveLength(limit));
    expect(pages.length).toBe(Math.max(1, Math.ceil(expected.length / limit)) + (expected.length > 0 && expected.length % limit === 0 ? 1 : 0));
  }

  const ids = (...names: string[]) =>
    names
      .map((n) => posted[n] as string)
      .sort((a, b) => Number(b) - Number(a));
  const everyone = ['public1', 'public2', 'public3', 'public4', 'public5', 'unlisted'];

  it('the brief’s case: a stranger asking for 3 of alice’s statuses gets 3 and a next link', async () => {
    const r = await s.call('GET', `/api/v1/accounts/${alice.id}/statuses?limit=3`, { token: eve.token });
    expect(r.json.map((x: { id: string }) => x.id)).toEqual(ids(...everyone).slice(0, 3));
    expect(String(r.headers.link)).toContain('rel="next"');
  });

  it('account statuses: anonymous, stranger, follower, mentioned and owner each page through exactly what they may see', async () => {
    const readers: [string, string | undefined, string[]][] = [
      ['anonymous', undefined, everyone],
      ['stranger', eve.token, everyone],
      ['follower', carol.token, [...everyone, 'private', 'privateForBob']],
      ['mentioned', bob.token, [...everyone, 'privateForBob', 'directToBob']],
      ['owner', alice.token, Object.keys(posted)],
    ];
    for (const [who, token, visible] of readers) {
      for (const limit of [1, 2, 3, 4]) {
        const pages = await walk(`/api/v1/accounts/${alice.id}/statuses?limit=${limit}`, token);
        expect({ who, limit, ids: pages.flat() }).toEqual({ who, limit, ids: ids(...visible) });
        expectFullPages(pages, limit, ids(...visible));
      }
    }
  });

  it('home, public and hashtag timelines page full for every reader', async () => {
    for (const limit of [1, 2, 3]) {
      expectFullPages(await walk(`/api/v1/timelines/home?limit=${limit}`, carol.token), limit, ids(...everyone, 'private', 'privateForBob'));
      expectFullPages(await walk(`/api/v1/timelines/home?limit=${limit}`, bob.token), limit, ids('directToBob'));
      expectFullPages(await walk(`/api/v1/timelines/home?limit=${limit}`, alice.token), limit, ids(...Object.keys(posted)));
      for (const token of [undefined, eve.token, bob.token, carol.token]) {
        expectFullPages(await walk(`/api/v1/timelines/public?limit=${limit}`, token), limit, ids('public1', 'public2', 'public3', 'public4', 'public5'));
        expectFullPages(await walk(`/api/v1/timelines/tag/${encodeURIComponent('通告')}?limit=${limit}`, token), limit, ids('public1', 'public2', 'public3', 'public4', 'public5'));
      }
    }
  });

  it('notifications about statuses the reader cannot see are left out by the query, so pages stay full', async () => {
    const organ = await citizen(s, 'organ_pg');
    const notice = await s.call('POST', '/api/v1/statuses', { token: organ.token, body: { status: '征求意见' } });
    const favourers = [await citizen(s), await citizen(s), await citizen(s)];
    for (const f of favourers) expect((await s.call('POST', `/api/v1/statuses/${notice.json.id}/favourite`, { token: f.token })).status).toBe(200);
    // Replies only their authors' followers may see: the organ (not a follower) is told of them but may not read them.
    for (const who of [eve, bob]) {
      const r = await s.call('POST', '/api/v1/statuses', { token: who.token, body: { status: '仅关注者可见的回复', visibility: 'private', in_reply_to_id: notice.json.id } });
      expect(r.status).toBe(200);
    }
    const all = (await walk('/api/v1/notifications?limit=40', organ.token)).flat();
    expect(all).toHaveLength(3);
    expectFullPages(await walk('/api/v1/notifications?limit=2', organ.token), 2, all);
  });
});
