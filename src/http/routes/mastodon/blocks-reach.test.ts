import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen } from '../../../../test/factories.js';
import { type TestServer, testServer } from '../../../../test/http.js';

type User = Awaited<ReturnType<typeof citizen>>;

/**
 * Blocks and mutes where the other features of the daily API read statuses:
 * list timelines, followed hashtags, hide filters on the same page, polls.
 * Each case fails if one of those paths forgets the reader's exclusions.
 */
describe.each(DIALECTS)('blocks and mutes reach lists, followed tags, filters and polls (%s)', (dialect) => {
  let s: TestServer;

  beforeAll(async () => {
    s = await testServer(dialect);
  });
  afterAll(async () => {
    await s?.close();
  });

  const ok = async (method: string, path: string, u: User, body?: unknown) => {
    const r = await s.call(method, path, { token: u.token, ...(body === undefined ? {} : { body }) });
    expect(r.status, `${method} ${path}: ${r.body}`).toBe(200);
    return r.json;
  };
  const post = async (u: User, status: string, extra: Record<string, unknown> = {}) => (await ok('POST', '/api/v1/statuses', u, { status, ...extra })).id as string;
  const ids = (list: { id: string }[]) => list.map((x) => x.id);

  it('a list timeline leaves out a muted member and the reblogs of a blocked account; the block takes the account out of the list', async () => {
    const reader = await citizen(s);
    const [m1, m2, m3] = [await citizen(s), await citizen(s), await citizen(s)];
    for (const m of [m1, m2, m3]) await ok('POST', `/api/v1/accounts/${m.id}/follow`, reader);
    const list = await ok('POST', '/api/v1/lists', reader, { title: '本地政务' });
    await ok('POST', `/api/v1/lists/${list.id}/accounts`, reader, { account_ids: [m1.id, m2.id, m3.id] });
    const byMuted = await post(m1, '静音者的帖子');
    const byBlocked = await post(m2, '被拉黑者的帖子');
    const reblog = (await ok('POST', `/api/v1/statuses/${byBlocked}/reblog`, m3)).id as string;
    const kept = await post(m3, '留下的帖子');
    const before = ids(await ok('GET', `/api/v1/timelines/list/${list.id}`, reader));
    expect(before).toEqual(expect.arrayContaining([byMuted, byBlocked, reblog, kept]));

    await ok('POST', `/api/v1/accounts/${m1.id}/mute`, reader);
    await ok('POST', `/api/v1/accounts/${m2.id}/block`, reader);
    const after = ids(await ok('GET', `/api/v1/timelines/list/${list.id}`, reader));
    expect(after).toContain(kept);
    expect(after).not.toContain(byMuted);
    expect(after).not.toContain(byBlocked);
    expect(after).not.toContain(reblog);
    // A block ends the follow, and with it the membership (Mastodon's UnfollowService); a mute does not.
    const members = ids(await ok('GET', `/api/v1/lists/${list.id}/accounts`, reader));
    expect(members.sort()).toEqual([m1.id, m3.id].sort());
  });

  it('a public post with a followed hashtag reaches home, unless the reader blocks or mutes its author', async () => {
    const [blocker, muter, plain] = [await citizen(s), await citizen(s), await citizen(s)];
    const author = await citizen(s);
    const seed = await post(author, '首发 #老旧小区改造');
    const tag = '老旧小区改造';
    for (const u of [blocker, muter, plain]) await ok('POST', `/api/v1/tags/${encodeURIComponent(tag)}/follow`, u);
    await ok('POST', `/api/v1/accounts/${author.id}/block`, blocker);
    await ok('POST', `/api/v1/accounts/${author.id}/mute`, muter);
    const id = await post(author, '进展通报 #老旧小区改造');
    expect(ids(await ok('GET', '/api/v1/timelines/home?limit=40', plain))).toContain(id);
    for (const u of [blocker, muter]) {
      const home = ids(await ok('GET', '/api/v1/timelines/home?limit=40', u));
      expect(home).not.toContain(id);
      expect(home).not.toContain(seed);
    }
  });

  it('a page thinned by a hide filter and by a mute at once is still full, in order, with a cursor that goes on', async () => {
    const reader = await citizen(s);
    const [loud, other] = [await citizen(s), await citizen(s)];
    for (const a of [loud, other]) await ok('POST', `/api/v1/accounts/${a.id}/follow`, reader);
    await ok('POST', '/api/v2/filters', reader, { title: '广告', context: ['home'], filter_action: 'hide', keywords_attributes: [{ keyword: '广告' }] });
    const wanted: string[] = [];
    for (let i = 0; i < 12; i++) {
      await post(loud, `刷屏 ${i}`);
      await post(other, `广告 ${i}`);
      wanted.push(await post(other, `通知 ${i}`));
    }
    await ok('POST', `/api/v1/accounts/${loud.id}/mute`, reader);
    const first = ids(await ok('GET', '/api/v1/timelines/home?limit=5', reader));
    const second = ids(await ok('GET', `/api/v1/timelines/home?limit=5&max_id=${first[4]}`, reader));
    const newestFirst = [...wanted].reverse();
    expect(first).toEqual(newestFirst.slice(0, 5));
    expect(second).toEqual(newestFirst.slice(5, 10));
  });

  it('a direct message from an account the recipient blocks or mutes leaves their conversations as they were; others still get it', async () => {
    const [blocker, muter, plain, sender] = [await citizen(s), await citizen(s), await citizen(s), await citizen(s)];
    await ok('POST', `/api/v1/accounts/${sender.id}/block`, blocker);
    await ok('POST', `/api/v1/accounts/${sender.id}/mute`, muter);
    const dm = await post(sender, `@${blocker.username} @${muter.username} @${plain.username} 私信`, { visibility: 'direct' });
    const lastIds = async (u: User) => ((await ok('GET', '/api/v1/conversations', u)) as { last_status: { id: string } | null }[]).map((c) => c.last_status?.id);
    expect(await lastIds(plain)).toEqual([dm]);
    expect(await lastIds(sender)).toEqual([dm]);
    expect(await lastIds(blocker)).toEqual([]);
    expect(await lastIds(muter)).toEqual([]);
  });

  it('a poll: 404 to an account its author blocks, 403 to a voter who blocks the author', async () => {
    const [author, blocked, blocker] = [await citizen(s), await citizen(s), await citizen(s)];
    const status = await ok('POST', '/api/v1/statuses', author, { status: '您最关心哪项民生工程？', poll: { options: ['教育', '医疗'], expires_in: 3600 } });
    const pollId = status.poll.id as string;
    await ok('POST', `/api/v1/accounts/${blocked.id}/block`, author);
    await ok('POST', `/api/v1/accounts/${author.id}/block`, blocker);
    expect((await s.call('GET', `/api/v1/polls/${pollId}`, { token: blocked.token })).status).toBe(404);
    expect((await s.call('POST', `/api/v1/polls/${pollId}/votes`, { token: blocked.token, body: { choices: [0] } })).status).toBe(404);
    const refused = await s.call('POST', `/api/v1/polls/${pollId}/votes`, { token: blocker.token, body: { choices: [0] } });
    expect(refused.status).toBe(403);
    expect((await ok('GET', `/api/v1/polls/${pollId}`, author)).votes_count).toBe(0);
  });
});
