import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, staffUser } from '../../../../test/factories.js';
import { type TestServer, listeningServer } from '../../../../test/http.js';
import { openSocket } from '../../../../test/streams.js';

describe.each(DIALECTS)('moderation and the streaming API (%s)', (dialect) => {
  let s: TestServer & { url: string };
  let admin: { token: string; id: string };

  beforeAll(async () => {
    s = await listeningServer(dialect);
    admin = await staffUser(s, 'admin');
  });
  afterAll(async () => {
    await s?.close();
  });

  it("a silenced account's posts reach its followers' streams, not the public or hashtag ones", async () => {
    const loud = await citizen(s);
    const follower = await citizen(s);
    const stranger = await citizen(s);
    await s.call('POST', `/api/v1/accounts/${loud.id}/follow`, { token: follower.token });
    expect((await s.call('POST', `/api/v1/admin/accounts/${loud.id}/action`, { token: admin.token, body: { type: 'silence' } })).status).toBe(200);
    const publicOnes = await openSocket(s.url, { token: stranger.token, query: { stream: 'public' } });
    const tagged = await openSocket(s.url, { token: stranger.token, query: { stream: 'hashtag', tag: '刷屏' } });
    const mine = await openSocket(s.url, { token: follower.token, query: { stream: 'user' } });
    const quiet = await s.call('POST', '/api/v1/statuses', { token: loud.token, body: { status: '刷屏 #刷屏#' } });
    await mine.inbox.next((m) => m.event === 'update' && m.payload.id === quiet.json.id);
    const marker = await s.call('POST', '/api/v1/statuses', { token: stranger.token, body: { status: '正常 #刷屏#' } });
    await publicOnes.inbox.next((m) => m.event === 'update' && m.payload.id === marker.json.id);
    await tagged.inbox.next((m) => m.event === 'update' && m.payload.id === marker.json.id);
    // The marker came after: had the silenced post reached the shared streams, it would be there by now.
    for (const sock of [publicOnes, tagged]) expect(sock.inbox.items.filter((m) => m.event === 'update').map((m) => m.payload.id)).not.toContain(quiet.json.id);
    for (const sock of [publicOnes, tagged, mine]) sock.ws.close();
  });

  it('disabling and suspending close the streams open with the account’s tokens', async () => {
    for (const type of ['disable', 'suspend']) {
      const target = await citizen(s);
      const sock = await openSocket(s.url, { token: target.token, query: { stream: 'user' } });
      expect((await s.call('POST', `/api/v1/admin/accounts/${target.id}/action`, { token: admin.token, body: { type } })).status).toBe(200);
      expect((await sock.closed).code, type).toBeGreaterThan(0);
      await expect(openSocket(s.url, { token: target.token, query: { stream: 'user' } }), type).rejects.toMatchObject({ status: expect.any(Number) });
    }
  });
});
