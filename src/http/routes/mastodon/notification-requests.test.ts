import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, staffUser, tokenWithScopes } from '../../../../test/factories.js';
import { type TestServer, testServer } from '../../../../test/http.js';

type Who = { token: string; id: string; username: string };

describe.each(DIALECTS)('notification policy and requests (Mastodon 4.3) (%s)', (dialect) => {
  let s: TestServer;
  let me: Who;
  let friend: Who;
  let stranger: Who;
  let spammer: Who;
  let admin: Who;
  let mine: string;

  const types = async () => (await s.call('GET', '/api/v1/notifications', { token: me.token })).json.map((n: { type: string; account: { id: string } }) => `${n.type}:${n.account.id}`);

  beforeAll(async () => {
    s = await testServer(dialect);
    me = await citizen(s);
    friend = await citizen(s);
    stranger = await citizen(s);
    spammer = await citizen(s);
    admin = await staffUser(s, 'admin');
    await s.call('POST', `/api/v1/accounts/${friend.id}/follow`, { token: me.token });
    mine = (await s.call('POST', '/api/v1/statuses', { token: me.token, body: { status: '今天的通知' } })).json.id;
  });
  afterAll(async () => {
    await s?.close();
  });

  it('who may not: no token 401, a read-only token cannot change it (403)', async () => {
    expect((await s.call('GET', '/api/v2/notifications/policy')).status).toBe(401);
    const ro = await tokenWithScopes(s, me.id, ['read']);
    expect((await s.call('PATCH', '/api/v2/notifications/policy', { token: ro, body: { for_not_following: 'filter' } })).status).toBe(403);
    expect((await s.call('GET', '/api/v2/notifications/policy', { token: me.token })).json.for_not_following).toBe('accept');
  });

  it('the v1 policy reads and writes the same policy as booleans (true: filter, false: accept); a drop reads as filtered', async () => {
    const u = await citizen(s);
    expect((await s.call('GET', '/api/v1/notifications/policy')).status).toBe(401);
    const ro = await tokenWithScopes(s, u.id, ['read']);
    expect((await s.call('PATCH', '/api/v1/notifications/policy', { token: ro, body: { filter_not_following: true } })).status).toBe(403);
    const first = await s.call('GET', '/api/v1/notifications/policy', { token: u.token });
    expect(first.json).toEqual({ filter_not_following: false, filter_not_followers: false, filter_new_accounts: false, filter_private_mentions: false, summary: { pending_requests_count: 0, pending_notifications_count: 0 } });
    const set = await s.call('PATCH', '/api/v1/notifications/policy', { token: u.token, body: { filter_not_following: true, filter_private_mentions: 'true' } });
    expect(set.status, set.body).toBe(200);
    expect(set.json).toMatchObject({ filter_not_following: true, filter_private_mentions: true, filter_not_followers: false });
    const v2 = (await s.call('GET', '/api/v2/notifications/policy', { token: u.token })).json;
    expect(v2).toMatchObject({ for_not_following: 'filter', for_private_mentions: 'filter', for_not_followers: 'accept' });
    await s.call('PATCH', '/api/v2/notifications/policy', { token: u.token, body: { for_new_accounts: 'drop' } });
    expect((await s.call('GET', '/api/v1/notifications/policy', { token: u.token })).json.filter_new_accounts).toBe(true);
    expect((await s.call('PATCH', '/api/v1/notifications/policy', { token: u.token, body: { filter_new_accounts: 'sometimes' } })).status).toBe(422);
  });

  it('filter holds back those I do not follow in one request per sender; drop discards; followed accounts and staff pass', async () => {
    const set = await s.call('PATCH', '/api/v2/notifications/policy', { token: me.token, form: { for_not_following: 'filter', for_new_accounts: 'accept' } });
    expect(set.json).toMatchObject({ for_not_following: 'filter', for_not_followers: 'accept', for_private_mentions: 'accept' });
    await s.call('POST', `/api/v1/statuses/${mine}/favourite`, { token: friend.token });
    await s.call('POST', `/api/v1/statuses/${mine}/favourite`, { token: stranger.token });
    await s.call('POST', '/api/v1/statuses', { token: stranger.token, body: { status: `@${me.username} 你好`, in_reply_to_id: mine } });
    await s.call('POST', '/api/v1/statuses', { token: admin.token, body: { status: `@${me.username} 平台通知` } });
    expect(await types()).toEqual(expect.arrayContaining([`favourite:${friend.id}`, `mention:${admin.id}`]));
    expect(await types()).not.toEqual(expect.arrayContaining([`favourite:${stranger.id}`]));
    const policy = await s.call('GET', '/api/v2/notifications/policy', { token: me.token });
    expect(policy.json.summary).toEqual({ pending_requests_count: 1, pending_notifications_count: 2 });
    const requests = await s.call('GET', '/api/v1/notifications/requests', { token: me.token });
    expect(requests.json).toHaveLength(1);
    expect(requests.json[0]).toMatchObject({ account: { id: stranger.id }, notifications_count: '2', last_status: { in_reply_to_id: mine } });
    expect((await s.call('GET', `/api/v1/notifications/requests/${requests.json[0].id}`, { token: me.token })).json.id).toBe(requests.json[0].id);
    // Somebody else's request is not mine to see or accept.
    expect((await s.call('GET', `/api/v1/notifications/requests/${requests.json[0].id}`, { token: friend.token })).status).toBe(404);
    expect((await s.call('POST', `/api/v1/notifications/requests/${requests.json[0].id}/accept`, { token: friend.token })).status).toBe(404);

    // PUT as masto.js sends it, the same update as PATCH.
    expect((await s.call('PUT', '/api/v2/notifications/policy', { token: me.token, body: { for_not_following: 'drop' } })).json).toMatchObject({ for_not_following: 'drop' });
    await s.call('POST', `/api/v1/statuses/${mine}/favourite`, { token: spammer.token });
    expect((await s.call('GET', '/api/v1/notifications/requests', { token: me.token })).json).toHaveLength(1);
    expect(await types()).not.toEqual(expect.arrayContaining([`favourite:${spammer.id}`]));
  });

  it('accepting brings the held notifications in, and lets the sender through from then on; dismissing throws them away', async () => {
    const [req] = (await s.call('GET', '/api/v1/notifications/requests', { token: me.token })).json;
    expect((await s.call('POST', `/api/v1/notifications/requests/${req.id}/accept`, { token: me.token })).status).toBe(200);
    expect(await types()).toEqual(expect.arrayContaining([`favourite:${stranger.id}`, `mention:${stranger.id}`]));
    expect((await s.call('GET', '/api/v1/notifications/requests/merged', { token: me.token })).json).toEqual({ merged: true });
    expect((await s.call('GET', '/api/v1/notifications/requests', { token: me.token })).json).toEqual([]);
    // Accepted: a new act of the same sender arrives at once, despite drop.
    const other = (await s.call('POST', '/api/v1/statuses', { token: me.token, body: { status: '第二条' } })).json.id;
    await s.call('POST', `/api/v1/statuses/${other}/favourite`, { token: stranger.token });
    expect((await s.call('GET', `/api/v1/notifications?types[]=favourite`, { token: me.token })).json.filter((n: { account: { id: string } }) => n.account.id === stranger.id)).toHaveLength(2);

    await s.call('PATCH', '/api/v2/notifications/policy', { token: me.token, body: { for_not_following: 'filter' } });
    await s.call('POST', `/api/v1/statuses/${other}/favourite`, { token: spammer.token });
    const [held] = (await s.call('GET', '/api/v1/notifications/requests', { token: me.token })).json;
    expect(held.account.id).toBe(spammer.id);
    expect((await s.call('POST', '/api/v1/notifications/requests/dismiss', { token: me.token, form: { 'id[]': [held.id] } })).status).toBe(200);
    expect((await s.call('GET', '/api/v1/notifications/requests', { token: me.token })).json).toEqual([]);
    expect(await types()).not.toEqual(expect.arrayContaining([`favourite:${spammer.id}`]));
    expect((await s.call('POST', `/api/v1/notifications/requests/${held.id}/dismiss`, { token: me.token })).status).toBe(404);
  });
});
