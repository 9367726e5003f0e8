import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, postStatus } from '../../../../test/factories.js';
import { type TestServer, listeningServer } from '../../../../test/http.js';
import { openEventStream, openSocket } from '../../../../test/streams.js';

type User = Awaited<ReturnType<typeof citizen>>;

describe.each(DIALECTS)('the list stream and filters in streams (%s)', (dialect) => {
  let s: TestServer & { url: string };
  beforeAll(async () => {
    s = await listeningServer(dialect);
  });
  afterAll(async () => {
    await s?.close();
  });
  const post = (u: User, body: Record<string, unknown>) => postStatus(s, u, body);

  it("streams a list's statuses to its owner only, over WebSocket and event stream, with deletes", async () => {
    const owner = await citizen(s);
    const member = await citizen(s);
    const outsider = await citizen(s);
    const other = await citizen(s);
    await s.call('POST', `/api/v1/accounts/${member.id}/follow`, { token: owner.token });
    await s.call('POST', `/api/v1/accounts/${outsider.id}/follow`, { token: owner.token });
    const list = (await s.call('POST', '/api/v1/lists', { token: owner.token, body: { title: '直播', replies_policy: 'none' } })).json;
    await s.call('POST', `/api/v1/lists/${list.id}/accounts`, { token: owner.token, body: { account_ids: [member.id] } });

    // Someone else may not stream it.
    const refused = await fetch(`${s.url}/api/v1/streaming/list?list=${list.id}`, { headers: { authorization: `Bearer ${other.token}` } });
    expect(refused.status).toBe(401);
    const otherSock = await openSocket(s.url, { token: other.token });
    otherSock.send({ type: 'subscribe', stream: 'list', list: list.id });
    expect(await otherSock.inbox.next((m) => m.error !== undefined)).toEqual({ error: 'Not authorized to stream this list', status: 401 });

    const sock = await openSocket(s.url, { token: owner.token });
    sock.send({ type: 'subscribe', stream: 'list', list: list.id });
    const sse = await openEventStream(s.url, `/api/v1/streaming/list?list=${list.id}`, owner.token);
    expect(sse.res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 150));

    const notMember = await post(outsider, { status: '不在列表' });
    const reply = await post(member, { status: '回复别人', in_reply_to_id: notMember });
    const id = await post(member, { status: '列表消息' });
    const got = await sock.inbox.next((m) => m.event === 'update' && m.payload.id === id);
    expect(got.stream).toEqual(['list', list.id]);
    await sse.inbox.next((m) => m.event === 'update' && m.payload.id === id);
    expect(sock.inbox.items.some((m) => m.event === 'update' && [notMember, reply].includes(m.payload.id))).toBe(false);

    await s.call('DELETE', `/api/v1/statuses/${id}`, { token: member.token });
    expect((await sock.inbox.next((m) => m.event === 'delete' && m.payload === id)).stream).toEqual(['list', list.id]);
    expect(await otherSock.inbox.none((m) => m.event === 'update', 100)).toBe(true);

    // Unsubscribed: nothing more.
    sock.send({ type: 'unsubscribe', stream: 'list', list: list.id });
    await new Promise((r) => setTimeout(r, 100));
    const after = await post(member, { status: '取消订阅之后' });
    await sse.inbox.next((m) => m.event === 'update' && m.payload.id === after);
    expect(await sock.inbox.none((m) => m.event === 'update' && m.payload.id === after, 200)).toBe(true);
    sock.ws.close();
    otherSock.ws.close();
    sse.close();
  });

  it('the user stream follows home: not an exclusive list member, not reblogs hidden, but a followed hashtag', async () => {
    const reader = await citizen(s);
    const member = await citizen(s);
    const booster = await citizen(s);
    const stranger = await citizen(s);
    await s.call('POST', `/api/v1/accounts/${member.id}/follow`, { token: reader.token });
    await s.call('POST', `/api/v1/accounts/${booster.id}/follow`, { token: reader.token, body: { reblogs: false } });
    await s.call('POST', '/api/v1/tags/应急/follow', { token: reader.token });
    const list = (await s.call('POST', '/api/v1/lists', { token: reader.token, body: { title: '专属', exclusive: true } })).json;
    await s.call('POST', `/api/v1/lists/${list.id}/accounts`, { token: reader.token, body: { account_ids: [member.id] } });
    const user = await openSocket(s.url, { token: reader.token, query: { stream: 'user' } });
    const listSock = await openSocket(s.url, { token: reader.token });
    listSock.send({ type: 'subscribe', stream: 'list', list: list.id });
    await new Promise((r) => setTimeout(r, 150));
    const exclusive = await post(member, { status: '只给列表' });
    const boost = await s.call('POST', `/api/v1/statuses/${await post(stranger, { status: '别人的' })}/reblog`, { token: booster.token });
    const tagged = await post(stranger, { status: '#应急# 演练' });
    await user.inbox.next((m) => m.event === 'update' && m.payload.id === tagged);
    await listSock.inbox.next((m) => m.event === 'update' && m.payload.id === exclusive);
    expect(user.inbox.items.some((m) => m.event === 'update' && [exclusive, boost.json.id].includes(m.payload.id))).toBe(false);
    user.ws.close();
    listSock.ws.close();
  });

  it('a change to filters tells the account\'s user streams (filters_changed, no payload), nobody else\'s', async () => {
    const u = await citizen(s);
    const other = await citizen(s);
    const mine = await openSocket(s.url, { token: u.token, query: { stream: 'user' } });
    const theirs = await openSocket(s.url, { token: other.token, query: { stream: 'user' } });
    await new Promise((r) => setTimeout(r, 150));
    const f = (await s.call('POST', '/api/v2/filters', { token: u.token, body: { title: 't', context: ['home'] } })).json;
    expect(await mine.inbox.next((m) => m.event === 'filters_changed')).toEqual({ stream: ['user'], event: 'filters_changed' });
    await s.call('DELETE', `/api/v2/filters/${f.id}`, { token: u.token });
    await new Promise((r) => setTimeout(r, 150));
    expect(mine.inbox.items.filter((m) => m.event === 'filters_changed')).toHaveLength(2);
    expect(await theirs.inbox.none((m) => m.event === 'filters_changed', 10)).toBe(true);
    mine.ws.close();
    theirs.ws.close();
  });

  it("events carry each subscriber's filter results; a hide filter keeps the event from them alone", async () => {
    const author = await citizen(s);
    const warned = await citizen(s);
    const hider = await citizen(s);
    const plain = await citizen(s);
    for (const u of [warned, hider, plain]) await s.call('POST', `/api/v1/accounts/${author.id}/follow`, { token: u.token });
    const w = (await s.call('POST', '/api/v2/filters', { token: warned.token, body: { title: '提醒', context: ['home', 'public'], keywords_attributes: [{ keyword: '台风' }] } })).json;
    await s.call('POST', '/api/v2/filters', { token: hider.token, body: { title: '隐藏', context: ['home', 'public'], filter_action: 'hide', keywords_attributes: [{ keyword: '台风' }] } });
    const socks = await Promise.all([warned, hider, plain].map((u) => openSocket(s.url, { token: u.token, query: { stream: 'user' } })));
    const pub = await Promise.all([warned, hider, plain].map((u) => openSocket(s.url, { token: u.token, query: { stream: 'public' } })));
    await new Promise((r) => setTimeout(r, 150));
    const id = await post(author, { status: '台风预警' });
    const [ws, hs, ps] = socks;
    const mine = await ws!.inbox.next((m) => m.event === 'update' && m.payload.id === id);
    expect(mine.payload.filtered).toEqual([{ filter: { id: w.id, title: '提醒', context: ['home', 'public'], expires_at: null, filter_action: 'warn' }, keyword_matches: ['台风'], status_matches: null }]);
    expect((await ps!.inbox.next((m) => m.event === 'update' && m.payload.id === id)).payload.filtered).toEqual([]);
    expect((await pub[0]!.inbox.next((m) => m.event === 'update' && m.payload.id === id)).payload.filtered).toHaveLength(1);
    expect((await pub[2]!.inbox.next((m) => m.event === 'update' && m.payload.id === id)).payload.filtered).toEqual([]);
    expect(await hs!.inbox.none((m) => m.event === 'update' && m.payload.id === id, 300)).toBe(true);
    expect(await pub[1]!.inbox.none((m) => m.event === 'update' && m.payload.id === id, 10)).toBe(true);
    for (const sock of [...socks, ...pub]) sock.ws.close();
  });
});
