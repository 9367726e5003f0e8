import { createRestAPIClient, createStreamingAPIClient, type mastodon } from 'masto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, registerApp, signUpUser, staffUser, tokenWithScopes, verifiedOrgan } from '../../../../test/factories.js';
import { publishDueStatuses } from '../../../statuses/scheduled/publish-due.js';
import { type TestServer, listeningServer } from '../../../../test/http.js';
import { openEventStream, openSocket } from '../../../../test/streams.js';

/** The first event of a masto.js subscription that passes `test`, within `ms`. */
async function firstEvent(sub: AsyncIterable<mastodon.streaming.Event>, test: (e: mastodon.streaming.Event) => boolean, ms = 5000): Promise<mastodon.streaming.Event> {
  const it = sub[Symbol.asyncIterator]();
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const next = await Promise.race([it.next(), new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()))]);
    if (next === null || next.done) break;
    if (test(next.value)) return next.value;
  }
  throw new Error('no matching event');
}

/** Until `test` holds (a subscription the client sent has reached the server), at most `ms`. */
async function until(test: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.each(DIALECTS)('the streaming API (%s)', (dialect) => {
  let s: TestServer & { url: string };
  let organ: { token: string; id: string; username: string };
  let follower: { token: string; id: string; username: string };
  let stranger: { token: string; id: string; username: string };
  let streamingUrl: string;

  beforeAll(async () => {
    s = await listeningServer(dialect, { provider: 'weibo.example' });
    organ = await citizen(s, 'pinganbeijing');
    follower = await citizen(s, 'xiaoming');
    stranger = await citizen(s, 'passerby');
    expect((await s.call('POST', `/api/v1/accounts/${organ.id}/follow`, { token: follower.token })).status).toBe(200);
    const instance = await s.call('GET', '/api/v2/instance');
    streamingUrl = instance.json.configuration.urls.streaming;
  });
  afterAll(async () => {
    await s?.close();
  });

  it('the instance points apps at it, with the ws scheme of the public URL', async () => {
    expect(streamingUrl).toBe(s.url.replace(/^http/, 'ws'));
    expect((await s.call('GET', '/api/v1/instance')).json.urls.streaming_api).toBe(streamingUrl);
  });

  it('answers its health check with OK', async () => {
    const r = await fetch(`${s.url}/api/v1/streaming/health`);
    expect(r.status).toBe(200);
    expect(await r.text()).toBe('OK');
  });

  it("takes the token in any of Mastodon's three places: Authorization, access_token, Sec-WebSocket-Protocol (echoed back)", async () => {
    const ways = [{ header: true }, {}, { protocol: true }];
    const socks = await Promise.all(ways.map((w) => openSocket(s.url, { token: follower.token, query: { stream: 'user' }, ...w })));
    expect(socks[2]!.ws.protocol).toBe(follower.token);
    const post = await s.call('POST', '/api/v1/statuses', { token: organ.token, body: { status: '三种方式' } });
    for (const sock of socks) await sock.inbox.next((m) => m.event === 'update' && m.payload.id === post.json.id);
    for (const sock of socks) sock.ws.close();
  });

  describe('who may not', () => {
    it('refuses a WebSocket without a token, or with a bad one, as Mastodon (401 and X-Error-Message)', async () => {
      await expect(openSocket(s.url, { query: { stream: 'user' } })).rejects.toMatchObject({ status: 401, message: 'Missing access token' });
      await expect(openSocket(s.url, { token: 'not-a-token', query: { stream: 'user' } })).rejects.toMatchObject({ status: 401, message: 'Invalid access token' });
      await expect(openSocket(s.url, { token: 'not-a-token', protocol: true })).rejects.toMatchObject({ status: 401 });
    });

    it('refuses an event stream without a token, or with a bad one', async () => {
      const none = await fetch(`${s.url}/api/v1/streaming/user`);
      expect(none.status).toBe(401);
      expect(await none.json()).toEqual({ error: 'Missing access token' });
      const bad = await fetch(`${s.url}/api/v1/streaming/public?access_token=nope`);
      expect(bad.status).toBe(401);
      expect(await bad.json()).toEqual({ error: 'Invalid access token' });
    });

    it('refuses the user stream to a token without read scopes, but not the public ones', async () => {
      const writeOnly = await tokenWithScopes(s, stranger.id, ['write']);
      const r = await fetch(`${s.url}/api/v1/streaming/user`, { headers: { authorization: `Bearer ${writeOnly}` } });
      expect(r.status).toBe(401);
      expect(await r.json()).toEqual({ error: 'Access token does not have the required scopes' });
      const sock = await openSocket(s.url, { token: writeOnly });
      sock.send({ type: 'subscribe', stream: 'user:notification' });
      expect(await sock.inbox.next((m) => m.error !== undefined)).toEqual({ error: 'Access token does not have the required scopes', status: 401 });
      const pub = await openEventStream(s.url, '/api/v1/streaming/public', writeOnly);
      expect(pub.res.status).toBe(200);
      pub.close();
      sock.ws.close();
    });

    it('answers bad stream requests as Mastodon: missing tag, a list that is not the caller’s, an unknown stream', async () => {
      const noTag = await fetch(`${s.url}/api/v1/streaming/hashtag`, { headers: { authorization: `Bearer ${stranger.token}` } });
      expect(noTag.status).toBe(400);
      expect(await noTag.json()).toEqual({ error: 'Missing tag name parameter' });
      for (const path of ['/api/v1/streaming', '/api/v1/streaming/nope/x']) {
        const unknown = await fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${stranger.token}` } });
        expect(unknown.status).toBe(400);
        expect(await unknown.json()).toEqual({ error: 'Unknown channel requested' });
      }
      const list = await fetch(`${s.url}/api/v1/streaming/list?list=1`, { headers: { authorization: `Bearer ${stranger.token}` } });
      expect(list.status).toBe(401);
      expect(await list.json()).toEqual({ error: 'Not authorized to stream this list' });
      const sock = await openSocket(s.url, { token: stranger.token });
      sock.send({ type: 'subscribe', stream: 'nonsense' });
      sock.send({ type: 'subscribe', stream: 'list', list: '7' });
      sock.send({ type: 'subscribe', stream: 'hashtag' });
      await sock.inbox.next((m) => m.error === 'Missing tag name parameter');
      expect(sock.inbox.items.filter((m) => m.error)).toEqual([
        { error: 'Unknown stream type', status: 400 },
        { error: 'Not authorized to stream this list', status: 401 },
        { error: 'Missing tag name parameter', status: 400 },
      ]);
      sock.ws.close();
    });

    it('a bad message is answered with an error, not a crash; a binary one closes the socket (1003)', async () => {
      const sock = await openSocket(s.url, { token: stranger.token });
      sock.send('{"type":"subscribe",');
      sock.send('[1,2]');
      await sock.inbox.next((m) => m.error === 'A message must be a JSON object');
      expect(sock.inbox.items[0]).toEqual({ error: 'Invalid JSON in the message', status: 400 });
      const before = s.ctx.streaming.hub.subscriptionCount;
      sock.send({ type: 'subscribe', stream: 'public' });
      await until(() => s.ctx.streaming.hub.subscriptionCount > before);
      const post = await s.call('POST', '/api/v1/statuses', { token: organ.token, body: { status: '坏消息之后' } });
      expect((await sock.inbox.next((m) => m.event === 'update')).payload.id).toBe(post.json.id);
      sock.ws.send(Buffer.from([1, 2, 3]), { binary: true });
      expect((await sock.closed).code).toBe(1003);
    });

    it('limits subscriptions per connection and the size of a message', async () => {
      const sock = await openSocket(s.url, { token: stranger.token });
      for (let i = 0; i < 101; i++) sock.send({ type: 'subscribe', stream: 'hashtag', tag: `t${i}` });
      expect((await sock.inbox.next((m) => m.error !== undefined)).status).toBe(429);
      sock.send({ type: 'subscribe', stream: 'public', pad: 'x'.repeat(20_000) });
      expect((await sock.closed).code).toBe(1009);
    });

    it("a stranger's user stream does not get a followers-only post; a follower's does; a direct message reaches only those it names", async () => {
      const mine = await openSocket(s.url, { token: follower.token, query: { stream: 'user' } });
      const theirs = await openSocket(s.url, { token: stranger.token, query: { stream: 'user' } });
      const publicOnes = await openSocket(s.url, { token: stranger.token, query: { stream: 'public' } });
      const priv = await s.call('POST', '/api/v1/statuses', { token: organ.token, body: { status: '仅关注者可见', visibility: 'private' } });
      const dm = await s.call('POST', '/api/v1/statuses', { token: organ.token, body: { status: `@${follower.username} 私信`, visibility: 'direct' } });
      const pub = await s.call('POST', '/api/v1/statuses', { token: organ.token, body: { status: '公开' } });
      expect((await mine.inbox.next((m) => m.event === 'update' && m.payload.id === priv.json.id)).stream).toEqual(['user']);
      await mine.inbox.next((m) => m.event === 'update' && m.payload.id === dm.json.id);
      await publicOnes.inbox.next((m) => m.event === 'update' && m.payload.id === pub.json.id);
      await mine.inbox.next((m) => m.event === 'update' && m.payload.id === pub.json.id);
      // The public one arrived after the others: had they reached the stranger, they would be there by now.
      expect(theirs.inbox.items.filter((m) => m.event === 'update')).toEqual([]);
      expect(publicOnes.inbox.items.filter((m) => m.event === 'update').map((m) => m.payload.id)).not.toContain(priv.json.id);
      expect(publicOnes.inbox.items.filter((m) => m.event === 'update').map((m) => m.payload.id)).not.toContain(dm.json.id);
      // Its deletion goes where it went: the follower's stream, not the stranger's nor the public ones.
      expect((await s.call('DELETE', `/api/v1/statuses/${priv.json.id}`, { token: organ.token })).status).toBe(200);
      expect((await s.call('DELETE', `/api/v1/statuses/${pub.json.id}`, { token: organ.token })).status).toBe(200);
      await mine.inbox.next((m) => m.event === 'delete' && m.payload === priv.json.id);
      await publicOnes.inbox.next((m) => m.event === 'delete' && m.payload === pub.json.id);
      await mine.inbox.next((m) => m.event === 'delete' && m.payload === pub.json.id);
      expect(theirs.inbox.items.filter((m) => m.event === 'delete')).toEqual([]);
      expect(publicOnes.inbox.items.filter((m) => m.event === 'delete').map((m) => m.payload)).toEqual([pub.json.id]);
      for (const x of [mine, theirs, publicOnes]) x.ws.close();
    });

    it('a revoked token closes its streams and is refused after', async () => {
      const { clientId, clientSecret, appToken } = await registerApp(s);
      const user = await signUpUser(s, 'revoked_reader', appToken);
      const sock = await openSocket(s.url, { token: user.token, query: { stream: 'user' } });
      const sse = await openEventStream(s.url, '/api/v1/streaming/user', user.token);
      expect(sse.res.status).toBe(200);
      const r = await s.call('POST', '/oauth/revoke', { body: { client_id: clientId, client_secret: clientSecret, token: user.token } });
      expect(r.status).toBe(200);
      await sock.closed;
      await expect(openSocket(s.url, { token: user.token, query: { stream: 'user' } })).rejects.toMatchObject({ status: 401, message: 'Invalid access token' });
      const again = await fetch(`${s.url}/api/v1/streaming/user`, { headers: { authorization: `Bearer ${user.token}` } });
      expect(again.status).toBe(401);
      sse.close();
    });
  });

  it('a stream whose account is closed ends at the next check of the open streams’ tokens', async () => {
    const gone = await citizen(s);
    const before = s.ctx.streaming.hub.subscriptionCount;
    const sock = await openSocket(s.url, { token: gone.token, query: { stream: 'user' } });
    await s.ctx.streaming.hub.recheckTokens();
    expect(sock.ws.readyState).toBe(sock.ws.OPEN);
    await s.ctx.db.updateTable('accounts').set({ closed_at: new Date().toISOString() }).where('id', '=', Number(gone.id)).execute();
    await s.ctx.streaming.hub.recheckTokens();
    await sock.closed;
    await until(() => s.ctx.streaming.hub.subscriptionCount === before);
  });

  it('masto.js receives a post, its deletion and a notification over the WebSocket', async () => {
    const stream = createStreamingAPIClient({ streamingApiUrl: streamingUrl, accessToken: follower.token, retry: false });
    const rest = createRestAPIClient({ url: s.url, accessToken: organ.token });
    const hub = s.ctx.streaming.hub;
    // Sockets the tests before closed may still be leaving: count from a settled hub.
    let base = -1;
    while (base !== hub.subscriptionCount) {
      base = hub.subscriptionCount;
      await new Promise((r) => setTimeout(r, 100));
    }
    try {
      const user = stream.user.subscribe();
      const iterating = firstEvent(user, (e) => e.event === 'update');
      // masto.js sends its subscribe message once the socket is open: wait until it is there.
      await until(() => hub.subscriptionCount >= base + 1);
      const post = await rest.v1.statuses.create({ status: '#平安北京# 今日路况' });
      const update = await iterating;
      expect(update).toMatchObject({ stream: ['user'], event: 'update', payload: { id: post.id, content: post.content, favourited: false, account: { id: organ.id } } });

      const notes = stream.user.notification.subscribe();
      const noted = firstEvent(notes, (e) => e.event === 'notification');
      await until(() => hub.subscriptionCount >= base + 2);
      await rest.v1.statuses.create({ status: `@${follower.username} 请注意` });
      expect(await noted).toMatchObject({ stream: ['user:notification'], event: 'notification', payload: { type: 'mention', account: { id: organ.id } } });

      const tag = stream.hashtag.subscribe({ tag: '平安北京' });
      const tagged = firstEvent(tag, (e) => e.event === 'update');
      await until(() => hub.subscriptionCount >= base + 3);
      const second = await rest.v1.statuses.create({ status: '#平安北京# 第二条' });
      expect(await tagged).toMatchObject({ stream: ['hashtag', '平安北京'], payload: { id: second.id } });

      const deleted = firstEvent(stream.public.subscribe(), (e) => e.event === 'delete');
      await until(() => hub.subscriptionCount >= base + 4);
      await rest.v1.statuses.$select(second.id).remove();
      expect(await deleted).toMatchObject({ stream: ['public'], event: 'delete', payload: second.id });
    } finally {
      stream.close();
    }
  });

  it('over the event streams too: a post on /user, a notification on /user/notification, a conversation on /direct', async () => {
    const user = await openEventStream(s.url, '/api/v1/streaming/user', follower.token);
    const notes = await openEventStream(s.url, `/api/v1/streaming/user/notification?access_token=${follower.token}`);
    const direct = await openEventStream(s.url, '/api/v1/streaming/direct', follower.token);
    expect(user.res.headers.get('content-type')).toBe('text/event-stream');
    expect(user.res.headers.get('cache-control')).toBe('no-store');
    const post = await s.call('POST', '/api/v1/statuses', { token: organ.token, body: { status: '通过事件流' } });
    expect((await user.inbox.next((m) => m.event === 'update')).payload).toMatchObject({ id: post.json.id });
    expect((await s.call('POST', `/api/v1/statuses/${post.json.id}/favourite`, { token: stranger.token })).status).toBe(200);
    const fav = await s.call('POST', '/api/v1/accounts/' + follower.id + '/follow', { token: organ.token });
    expect(fav.status).toBe(200);
    expect((await notes.inbox.next((m) => m.event === 'notification')).payload).toMatchObject({ type: 'follow', account: { id: organ.id } });
    // The user stream carries notifications as well, for a token that may read them.
    await user.inbox.next((m) => m.event === 'notification' && m.payload.type === 'follow');
    const dm = await s.call('POST', '/api/v1/statuses', { token: organ.token, body: { status: `@${follower.username} 您的诉求已受理`, visibility: 'direct' } });
    const conv = await direct.inbox.next((m) => m.event === 'conversation');
    expect(conv.payload).toMatchObject({ unread: true, last_status: { id: dm.json.id }, accounts: [{ id: organ.id }] });
    expect(user.comments[0]).toBe(':)');
    for (const x of [user, notes, direct]) x.close();
  });

  it('presents a reblog to each follower with their own flags', async () => {
    const post = await s.call('POST', '/api/v1/statuses', { token: stranger.token, body: { status: '原帖' } });
    expect((await s.call('POST', `/api/v1/statuses/${post.json.id}/favourite`, { token: follower.token })).status).toBe(200);
    const other = await citizen(s);
    expect((await s.call('POST', `/api/v1/accounts/${organ.id}/follow`, { token: other.token })).status).toBe(200);
    const a = await openSocket(s.url, { token: follower.token, query: { stream: 'user' } });
    const b = await openSocket(s.url, { token: other.token, query: { stream: 'user' } });
    const reblog = await s.call('POST', `/api/v1/statuses/${post.json.id}/reblog`, { token: organ.token });
    expect(reblog.status).toBe(200);
    const forA = await a.inbox.next((m) => m.event === 'update' && m.payload.id === reblog.json.id);
    const forB = await b.inbox.next((m) => m.event === 'update' && m.payload.id === reblog.json.id);
    expect(forA.payload.reblog).toMatchObject({ id: post.json.id, favourited: true });
    expect(forB.payload.reblog).toMatchObject({ id: post.json.id, favourited: false });
    // Undone, it leaves their timelines.
    await s.call('POST', `/api/v1/statuses/${post.json.id}/unreblog`, { token: organ.token });
    expect((await b.inbox.next((m) => m.event === 'delete')).payload).toBe(reblog.json.id);
    a.ws.close();
    b.ws.close();
  });

  it('a scheduled status reaches the streams when the scheduler publishes it', async () => {
    const sock = await openSocket(s.url, { token: follower.token, query: { stream: 'user' } });
    const at = new Date(Date.now() + 6 * 60_000).toISOString();
    const scheduled = await s.call('POST', '/api/v1/statuses', { token: organ.token, body: { status: '定时发布', scheduled_at: at } });
    expect(scheduled.status).toBe(200);
    const [posted] = await publishDueStatuses({ ...s.ctx, clock: { now: () => new Date(Date.now() + 7 * 60_000) } });
    expect((await sock.inbox.next((m) => m.event === 'update' && m.payload.content === '<p>定时发布</p>')).payload.id).toBe(String(posted?.id));
    sock.ws.close();
  });

  it("a citizen's service request notifies the organ's stream; a direct message's conversation reaches only its participants", async () => {
    const reviewer = await staffUser(s, 'reviewer');
    const verified = await verifiedOrgan(s, reviewer.token);
    const organNotes = await openEventStream(s.url, '/api/v1/streaming/user/notification', verified.token);
    const strangerDirect = await openSocket(s.url, { token: stranger.token, query: { stream: 'direct' } });
    const followerDirect = await openSocket(s.url, { token: follower.token, query: { stream: 'direct' } });
    const req = await s.call('POST', '/api/v1/gov/requests', { token: follower.token, body: { account_id: verified.id, category: 'inquiry', text: '请问办理时间？', visibility: 'private' } });
    expect(req.status).toBe(201);
    const note = await organNotes.inbox.next((m) => m.event === 'notification');
    expect(note.payload).toMatchObject({ account: { id: follower.id }, request_id: req.json.id });
    const dm = await s.call('POST', '/api/v1/statuses', { token: follower.token, body: { status: `@${organ.username} 私下问一句`, visibility: 'direct' } });
    await followerDirect.inbox.next((m) => m.event === 'conversation' && m.payload.last_status.id === dm.json.id);
    expect(await strangerDirect.inbox.none((m) => m.event === 'conversation')).toBe(true);
    organNotes.close();
    strangerDirect.ws.close();
    followerDirect.ws.close();
  });
});
