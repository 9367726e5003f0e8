import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, tokenWithScopes, postStatus } from '../../../../test/factories.js';
import { type TestServer, testServer } from '../../../../test/http.js';

type User = Awaited<ReturnType<typeof citizen>>;

describe.each(DIALECTS)('lists (%s)', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(dialect);
  });
  afterAll(async () => {
    await s?.close();
  });

  const follow = async (a: User, b: User) => expect((await s.call('POST', `/api/v1/accounts/${b.id}/follow`, { token: a.token })).status).toBe(200);
  const post = (u: User, body: Record<string, unknown>) => postStatus(s, u, body);
  const newList = async (u: User, body: Record<string, unknown> = { title: '政务' }) => {
    const r = await s.call('POST', '/api/v1/lists', { token: u.token, body });
    expect(r.status, r.body).toBe(200);
    return r.json as { id: string; title: string; replies_policy: string; exclusive: boolean };
  };
  const ids = (list: { id: string }[]) => list.map((x) => x.id);
  const timeline = async (u: User, listId: string, q = '') => {
    const r = await s.call('GET', `/api/v1/timelines/list/${listId}${q}`, { token: u.token });
    expect(r.status, r.body).toBe(200);
    return ids(r.json);
  };

  describe('refusals', () => {
    it('401 without a token, 403 without the lists scopes', async () => {
      const u = await citizen(s);
      expect((await s.call('GET', '/api/v1/lists')).status).toBe(401);
      expect((await s.call('POST', '/api/v1/lists', { body: { title: 'x' } })).status).toBe(401);
      const narrow = await tokenWithScopes(s, u.id, ['read:statuses', 'write:statuses']);
      for (const [method, path] of [
        ['GET', '/api/v1/lists'],
        ['POST', '/api/v1/lists'],
        ['GET', '/api/v1/timelines/list/1'],
        ['GET', `/api/v1/accounts/${u.id}/lists`],
      ] as const) {
        const r = await s.call(method, path, { token: narrow, body: method === 'POST' ? { title: 'x' } : undefined });
        expect(r.status, path).toBe(403);
        expect(r.json.code).toBe('insufficient_scope');
      }
    });

    it('422 without a title or with an unknown replies policy', async () => {
      const u = await citizen(s);
      const r = await s.call('POST', '/api/v1/lists', { token: u.token, body: { title: '  ' } });
      expect(r.status).toBe(422);
      expect(r.json.details.title).toBeDefined();
      expect((await s.call('POST', '/api/v1/lists', { token: u.token, body: { title: 'a', replies_policy: 'everyone' } })).status).toBe(422);
    });

    it('another account may not see, edit, fill or read a list: 404 as if it did not exist', async () => {
      const owner = await citizen(s);
      const other = await citizen(s);
      const member = await citizen(s);
      await follow(owner, member);
      await follow(other, member);
      const list = await newList(owner);
      for (const [method, path, body] of [
        ['GET', `/api/v1/lists/${list.id}`, undefined],
        ['PUT', `/api/v1/lists/${list.id}`, { title: 'mine now' }],
        ['DELETE', `/api/v1/lists/${list.id}`, undefined],
        ['GET', `/api/v1/lists/${list.id}/accounts`, undefined],
        ['POST', `/api/v1/lists/${list.id}/accounts`, { account_ids: [member.id] }],
        ['DELETE', `/api/v1/lists/${list.id}/accounts`, { account_ids: [member.id] }],
        ['GET', `/api/v1/timelines/list/${list.id}`, undefined],
      ] as const) {
        const r = await s.call(method, path, { token: other.token, body });
        expect(r.status, `${method} ${path}`).toBe(404);
      }
      expect((await s.call('GET', '/api/v1/lists', { token: other.token })).json).toEqual([]);
      // Still the owner's, untouched.
      expect((await s.call('GET', `/api/v1/lists/${list.id}`, { token: owner.token })).json.title).toBe('政务');
      expect((await s.call('GET', `/api/v1/lists/${list.id}/accounts`, { token: owner.token })).json).toEqual([]);
      expect((await s.call('GET', '/api/v1/lists/nope', { token: owner.token })).status).toBe(404);
    });

    it('only accounts one follows may be added (422), unknown ones are a 404', async () => {
      const owner = await citizen(s);
      const stranger = await citizen(s);
      const list = await newList(owner);
      const r = await s.call('POST', `/api/v1/lists/${list.id}/accounts`, { token: owner.token, body: { account_ids: [stranger.id] } });
      expect(r.status).toBe(422);
      expect((await s.call('POST', `/api/v1/lists/${list.id}/accounts`, { token: owner.token, body: { account_ids: ['999999999'] } })).status).toBe(404);
      expect((await s.call('POST', `/api/v1/lists/${list.id}/accounts`, { token: owner.token, body: { account_ids: [owner.id] } })).status).toBe(422);
    });
  });

  it('creates, reads, edits and deletes a list as Mastodon shapes it', async () => {
    const u = await citizen(s);
    const list = await newList(u, { title: '北京', replies_policy: 'followed', exclusive: 'true' });
    expect(list).toEqual({ id: list.id, title: '北京', replies_policy: 'followed', exclusive: true });
    expect((await newList(u, { title: '默认' })).replies_policy).toBe('list');
    const edited = await s.call('PUT', `/api/v1/lists/${list.id}`, { token: u.token, body: { title: '北京市', exclusive: false } });
    expect(edited.json).toEqual({ id: list.id, title: '北京市', replies_policy: 'followed', exclusive: false });
    expect(ids((await s.call('GET', '/api/v1/lists', { token: u.token })).json)).toHaveLength(2);
    expect((await s.call('DELETE', `/api/v1/lists/${list.id}`, { token: u.token })).json).toEqual({});
    expect((await s.call('GET', `/api/v1/lists/${list.id}`, { token: u.token })).status).toBe(404);
  });

  it('members: added, listed, looked up by account, removed, and gone on unfollow', async () => {
    const owner = await citizen(s);
    const a = await citizen(s);
    const b = await citizen(s);
    await follow(owner, a);
    await follow(owner, b);
    const list = await newList(owner);
    const other = await newList(owner, { title: 'other' });
    expect((await s.call('POST', `/api/v1/lists/${list.id}/accounts`, { token: owner.token, body: { account_ids: [a.id, b.id] } })).status).toBe(200);
    // Form bodies as Rails reads them.
    expect((await s.call('POST', `/api/v1/lists/${other.id}/accounts`, { token: owner.token, form: { 'account_ids[]': a.id } })).status).toBe(200);
    expect(ids((await s.call('GET', `/api/v1/lists/${list.id}/accounts`, { token: owner.token })).json).sort()).toEqual([a.id, b.id].sort());
    expect(ids((await s.call('GET', `/api/v1/lists/${list.id}/accounts?limit=0`, { token: owner.token })).json)).toHaveLength(2);
    expect(ids((await s.call('GET', `/api/v1/accounts/${a.id}/lists`, { token: owner.token })).json).sort()).toEqual([list.id, other.id].sort());
    expect(ids((await s.call('GET', `/api/v1/accounts/${a.id}/lists`, { token: b.token })).json)).toEqual([]);
    expect((await s.call('DELETE', `/api/v1/lists/${list.id}/accounts?account_ids[]=${b.id}`, { token: owner.token })).status).toBe(200);
    expect(ids((await s.call('GET', `/api/v1/lists/${list.id}/accounts`, { token: owner.token })).json)).toEqual([a.id]);
    await s.call('POST', `/api/v1/accounts/${a.id}/unfollow`, { token: owner.token });
    expect((await s.call('GET', `/api/v1/lists/${list.id}/accounts`, { token: owner.token })).json).toEqual([]);
    expect((await s.call('GET', `/api/v1/accounts/${a.id}/lists`, { token: owner.token })).json).toEqual([]);
  });

  it('the list timeline: members only, paged, replies by policy', async () => {
    const owner = await citizen(s);
    const member = await citizen(s);
    const member2 = await citizen(s);
    const followedOnly = await citizen(s);
    const stranger = await citizen(s);
    for (const u of [member, member2, followedOnly]) await follow(owner, u);
    const list = await newList(owner, { title: 't', replies_policy: 'list' });
    await s.call('POST', `/api/v1/lists/${list.id}/accounts`, { token: owner.token, body: { account_ids: [member.id, member2.id] } });
    const notMember = await post(followedOnly, { status: '不在列表' });
    const p1 = await post(member, { status: '第一条' });
    const toMember = await post(member, { status: '@x 回复成员', in_reply_to_id: await post(member2, { status: '成员二' }) });
    const toFollowed = await post(member, { status: '回复关注者', in_reply_to_id: notMember });
    const toStranger = await post(member, { status: '回复陌生人', in_reply_to_id: await post(stranger, { status: '陌生人' }) });
    const self = await post(member, { status: '自己回复', in_reply_to_id: p1 });
    const toOwner = await post(member, { status: '回复列表主人', in_reply_to_id: await post(owner, { status: '主人' }) });
    const dm = await post(member, { status: `@${owner.username} 私信`, visibility: 'direct' });

    const all = await timeline(owner, list.id);
    expect(all).not.toContain(notMember);
    expect(all).not.toContain(dm);
    expect(all).toContain(p1);
    expect(all).toContain(toMember);
    expect(all).toContain(self);
    expect(all).toContain(toOwner);
    expect(all).not.toContain(toFollowed);
    expect(all).not.toContain(toStranger);
    expect(all).toEqual([...all].sort((x, y) => Number(y) - Number(x)));

    await s.call('PUT', `/api/v1/lists/${list.id}`, { token: owner.token, body: { replies_policy: 'followed' } });
    const followed = await timeline(owner, list.id);
    expect(followed).toContain(toFollowed);
    expect(followed).toContain(toMember);
    expect(followed).not.toContain(toStranger);

    await s.call('PUT', `/api/v1/lists/${list.id}`, { token: owner.token, body: { replies_policy: 'none' } });
    const none = await timeline(owner, list.id);
    expect(none).not.toContain(toMember);
    expect(none).not.toContain(toFollowed);
    expect(none).toContain(self);
    expect(none).toContain(toOwner);

    // Paged like home: limit, max_id, min_id and the Link header.
    const first = await s.call('GET', `/api/v1/timelines/list/${list.id}?limit=2`, { token: owner.token });
    expect(first.json).toHaveLength(2);
    expect(String(first.headers.link)).toContain('max_id=');
    const next = await timeline(owner, list.id, `?limit=2&max_id=${first.json[1].id}`);
    expect(next).toEqual(none.slice(2, 4));
    const up = await timeline(owner, list.id, `?limit=2&min_id=${none[3]}`);
    expect(up).toEqual(none.slice(1, 3));
  });

  it('an exclusive list keeps its members out of home', async () => {
    const owner = await citizen(s);
    const member = await citizen(s);
    const friend = await citizen(s);
    await follow(owner, member);
    await follow(owner, friend);
    const list = await newList(owner, { title: 'ex', exclusive: true });
    await s.call('POST', `/api/v1/lists/${list.id}/accounts`, { token: owner.token, body: { account_ids: [member.id] } });
    const hidden = await post(member, { status: '只在列表里' });
    const shown = await post(friend, { status: '在首页' });
    const home = ids((await s.call('GET', '/api/v1/timelines/home', { token: owner.token })).json);
    expect(home).toContain(shown);
    expect(home).not.toContain(hidden);
    expect(await timeline(owner, list.id)).toContain(hidden);
    // Not exclusive any more: new posts come home again.
    await s.call('PUT', `/api/v1/lists/${list.id}`, { token: owner.token, body: { exclusive: false } });
    const back = await post(member, { status: '回到首页' });
    expect(ids((await s.call('GET', '/api/v1/timelines/home', { token: owner.token })).json)).toContain(back);
  });
});
