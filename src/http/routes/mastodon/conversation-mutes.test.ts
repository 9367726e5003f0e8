import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, tokenWithScopes } from '../../../../test/factories.js';
import { type TestServer, testServer } from '../../../../test/http.js';

describe.each(DIALECTS)('muting a thread POST /api/v1/statuses/:id/mute|unmute (%s)', (dialect) => {
  let s: TestServer;
  let alice: { token: string; id: string };
  let bob: { token: string; id: string };
  let carol: { token: string; id: string };
  let root: string;
  let secret: string;

  const post = (token: string, body: unknown) => s.call('POST', '/api/v1/statuses', { token, body });
  const types = async (token: string) => ((await s.call('GET', '/api/v1/notifications?limit=40', { token })).json as { type: string; status?: { id: string } }[]).map((n) => `${n.type}:${n.status?.id ?? ''}`);

  beforeAll(async () => {
    s = await testServer(dialect);
    alice = await citizen(s);
    bob = await citizen(s);
    carol = await citizen(s);
    root = (await post(alice.token, { status: '街道改造征求意见' })).json.id;
    secret = (await post(carol.token, { status: '只给自己', visibility: 'direct' })).json.id;
  });
  afterAll(async () => {
    await s?.close();
  });

  describe('refusals', () => {
    it('answers 401 without a token and 403 to a token without write:mutes', async () => {
      const none = await s.call('POST', `/api/v1/statuses/${root}/mute`);
      expect(none.status).toBe(401);
      const readOnly = await tokenWithScopes(s, bob.id, ['read']);
      const res = await s.call('POST', `/api/v1/statuses/${root}/mute`, { token: readOnly });
      expect(res.status).toBe(403);
      expect(res.json.code).toBe('insufficient_scope');
    });

    it('answers 404 for a status the caller may not see, or that does not exist', async () => {
      for (const id of [secret, '999999999', 'abc']) {
        const res = await s.call('POST', `/api/v1/statuses/${id}/mute`, { token: bob.token });
        expect(res.status, id).toBe(404);
      }
    });
  });

  it('marks the status muted for the muter only, and unmutes it, idempotently', async () => {
    const first = await s.call('POST', `/api/v1/statuses/${root}/mute`, { token: alice.token });
    expect(first.status).toBe(200);
    expect(first.json.muted).toBe(true);
    expect((await s.call('POST', `/api/v1/statuses/${root}/mute`, { token: alice.token })).json.muted).toBe(true);
    expect((await s.call('GET', `/api/v1/statuses/${root}`, { token: alice.token })).json.muted).toBe(true);
    expect((await s.call('GET', `/api/v1/statuses/${root}`, { token: bob.token })).json.muted).toBe(false);
    // The list form (byte-spliced pages) says the same.
    const page = (await s.call('GET', `/api/v1/accounts/${alice.id}/statuses`, { token: alice.token })).json as { id: string; muted: boolean }[];
    expect(page.find((x) => x.id === root)?.muted).toBe(true);
    const other = (await s.call('GET', `/api/v1/accounts/${alice.id}/statuses`, { token: bob.token })).json as { id: string; muted: boolean }[];
    expect(other.find((x) => x.id === root)?.muted).toBe(false);

    const un = await s.call('POST', `/api/v1/statuses/${root}/unmute`, { token: alice.token });
    expect(un.status).toBe(200);
    expect(un.json.muted).toBe(false);
    expect((await s.call('POST', `/api/v1/statuses/${root}/unmute`, { token: alice.token })).json.muted).toBe(false);
  });

  it('stops notifications of replies and favourites anywhere in the thread, for the muter only', async () => {
    const thread = (await post(alice.token, { status: '公交线路调整' })).json.id;
    const bobReply = (await post(bob.token, { status: `@${(await s.call('GET', `/api/v1/accounts/${alice.id}`)).json.username} 支持`, in_reply_to_id: thread })).json.id;
    expect((await types(alice.token)).some((t) => t.endsWith(`:${bobReply}`))).toBe(true);

    // Muting from a reply mutes the whole thread.
    expect((await s.call('POST', `/api/v1/statuses/${bobReply}/mute`, { token: alice.token })).json.muted).toBe(true);
    expect((await s.call('GET', `/api/v1/statuses/${thread}`, { token: alice.token })).json.muted).toBe(true);

    const carolReply = (await post(carol.token, { status: '反对', in_reply_to_id: bobReply })).json.id;
    await s.call('POST', `/api/v1/statuses/${thread}/favourite`, { token: carol.token });
    await s.call('POST', `/api/v1/statuses/${thread}/reblog`, { token: carol.token });
    const aliceSees = await types(alice.token);
    expect(aliceSees.filter((t) => t.endsWith(`:${thread}`) || t.endsWith(`:${carolReply}`))).toEqual([]);
    // Bob did not mute it: Carol's reply to him reaches him.
    expect((await types(bob.token)).some((t) => t.endsWith(`:${carolReply}`))).toBe(true);

    // Unmuted, the thread is heard again.
    await s.call('POST', `/api/v1/statuses/${thread}/unmute`, { token: alice.token });
    await s.call('POST', `/api/v1/statuses/${bobReply}/favourite`, { token: carol.token });
    await s.call('POST', `/api/v1/statuses/${thread}/unfavourite`, { token: carol.token });
    await s.call('POST', `/api/v1/statuses/${thread}/favourite`, { token: carol.token });
    expect(await types(alice.token)).toContain(`favourite:${thread}`);
  });

  it('leaves other threads alone', async () => {
    const muted = (await post(alice.token, { status: '甲' })).json.id;
    const open = (await post(alice.token, { status: '乙' })).json.id;
    await s.call('POST', `/api/v1/statuses/${muted}/mute`, { token: alice.token });
    await s.call('POST', `/api/v1/statuses/${muted}/favourite`, { token: bob.token });
    await s.call('POST', `/api/v1/statuses/${open}/favourite`, { token: bob.token });
    const seen = await types(alice.token);
    expect(seen).toContain(`favourite:${open}`);
    expect(seen).not.toContain(`favourite:${muted}`);
  });
});

describe.each(DIALECTS)('GET /api/v1/accounts/:id/identity_proofs (%s)', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(dialect);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('answers 404 for no such account, and an empty list for one (Mastodon keeps the route since Keybase went)', async () => {
    expect((await s.call('GET', '/api/v1/accounts/999999/identity_proofs')).status).toBe(404);
    expect((await s.call('GET', '/api/v1/accounts/x/identity_proofs')).status).toBe(404);
    const someone = await citizen(s);
    const res = await s.call('GET', `/api/v1/accounts/${someone.id}/identity_proofs`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual([]);
  });
});
