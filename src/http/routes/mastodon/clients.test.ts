import { randomUUID } from 'node:crypto';
import { createRestAPIClient } from 'masto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, registerApp, signUpUser, staffUser, unique } from '../../../../test/factories.js';
import { fastOrgan } from '../../../../test/gov-cast.js';
import { type TestServer, listeningServer, testServer } from '../../../../test/http.js';

/** What the masto.js end-to-end suite and real apps tripped on (issue 12, "What clients trip on"). */
describe.each(DIALECTS)('what Mastodon clients rely on (%s)', (dialect) => {
  let s: TestServer;
  let alice: { token: string; id: string; username: string };
  let bob: { token: string; id: string; username: string };
  let carol: { token: string; id: string; username: string };

  beforeAll(async () => {
    s = await testServer(dialect);
    alice = await citizen(s);
    bob = await citizen(s);
    carol = await citizen(s);
  });
  afterAll(async () => {
    await s?.close();
  });

  const post = (token: string, body: unknown, headers: Record<string, string> = {}) => s.call('POST', '/api/v1/statuses', { token, body, headers });

  describe('401 and 403 say how to authenticate (WWW-Authenticate, as Doorkeeper)', () => {
    it('a missing or bad token is a 401 with a Bearer challenge', async () => {
      for (const token of [undefined, 'not-a-token']) {
        const r = await s.call('GET', '/api/v1/accounts/verify_credentials', token ? { token } : {});
        expect(r.status).toBe(401);
        expect(r.headers['www-authenticate']).toMatch(/^Bearer realm="Doorkeeper", error="invalid_token", error_description="[^"]+"$/);
      }
    });
    it('a token without the scope is a 403 naming insufficient_scope', async () => {
      const { appToken } = await registerApp(s, 'read');
      const r = await s.call('POST', '/api/v1/accounts', { token: appToken, body: { username: unique(), email: 'x@example.cn', password: 'long enough 1', agreement: true } });
      expect(r.status).toBe(403);
      expect(r.headers['www-authenticate']).toMatch(/error="insufficient_scope"/);
    });
  });

  describe('sign-up with a signed-in token', () => {
    it('is refused with 403, as Mastodon 4.4+ (require_client_credentials!); an app token signs up', async () => {
      const r = await s.call('POST', '/api/v1/accounts', { token: alice.token, body: { username: unique(), email: `${unique()}@example.cn`, password: 'long enough 1', agreement: true, locale: 'en' } });
      expect(r.status).toBe(403);
      expect(r.json.error).toBe('This method requires an client credentials authentication');
      const ok = await signUpUser(s);
      expect(ok.token).toEqual(expect.any(String));
    });
  });

  describe('bodies as clients send them', () => {
    it('a bodyless POST with a JSON content type is an empty body, not a 400', async () => {
      const st = await post(alice.token, { status: 'body test' });
      const r = await s.call('POST', `/api/v1/statuses/${st.json.id}/favourite`, { token: bob.token, headers: { 'content-type': 'application/json' }, payload: '' });
      expect(r.status).toBe(200);
      expect(r.json.favourited).toBe(true);
      const empty = await s.call('POST', '/api/v1/statuses', { token: bob.token, headers: { 'content-type': 'application/json' }, payload: '' });
      expect(empty.status).toBe(422);
      expect(Object.keys(empty.json.details)).toEqual(['status']);
    });
    it('still refuses malformed JSON and prototype poisoning with a 400', async () => {
      expect((await s.call('POST', '/api/v1/statuses', { token: bob.token, headers: { 'content-type': 'application/json' }, payload: '{"status":' })).status).toBe(400);
      expect((await s.call('POST', '/api/v1/statuses', { token: bob.token, headers: { 'content-type': 'application/json' }, payload: '{"status":"x","__proto__":{"a":1}}' })).status).toBe(400);
    });
    it('null for an optional field is absent; a numeric in_reply_to_id is an id', async () => {
      const parent = await post(alice.token, { status: 'parent' });
      const r = await post(bob.token, { status: 'reply', spoiler_text: null, language: null, visibility: null, sensitive: null, media_ids: null, scheduled_at: null, in_reply_to_id: Number(parent.json.id) });
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ in_reply_to_id: parent.json.id, visibility: 'public', spoiler_text: '' });
      expect((await post(bob.token, { status: 'x', in_reply_to_id: 99999999 })).status).toBe(404);
      expect((await post(bob.token, { status: 'x', in_reply_to_id: -1 })).status).toBe(422);
    });
  });

  describe('allowed_mentions', () => {
    it('refuses a post that would mention anyone outside it with 422 and those accounts, and posts nothing', async () => {
      const before = (await s.call('GET', '/api/v1/accounts/verify_credentials', { token: alice.token })).json.statuses_count;
      const r = await post(alice.token, { status: `@${bob.username} hm, @${carol.username} is annoying`, allowed_mentions: [bob.id] });
      expect(r.status).toBe(422);
      expect(Object.keys(r.json).sort()).toEqual(['error', 'unexpected_accounts']);
      expect(r.json.error).toBe('Post would be sent to unexpected accounts');
      expect(r.json.unexpected_accounts.map((a: any) => a.id)).toEqual([carol.id]);
      expect((await s.call('GET', '/api/v1/accounts/verify_credentials', { token: alice.token })).json.statuses_count).toBe(before);
      const none = await post(alice.token, { status: `@${bob.username} hi`, allowed_mentions: [] });
      expect(none.status).toBe(422);
    });
    it('passes a post whose mentions are all allowed (numbers or strings), and one without the parameter', async () => {
      expect((await post(alice.token, { status: `@${bob.username} @${carol.username} hi`, allowed_mentions: [Number(bob.id), carol.id] })).status).toBe(200);
      expect((await post(alice.token, { status: `@${carol.username} hi` })).status).toBe(200);
      expect((await post(alice.token, { status: 'nobody mentioned', allowed_mentions: [] })).status).toBe(200);
    });
  });

  describe('Idempotency-Key on POST /api/v1/statuses', () => {
    it('a retried post is published once, with the first answer; another account or key is its own', async () => {
      const key = randomUUID();
      const first = await post(alice.token, { status: 'once only' }, { 'idempotency-key': key });
      const again = await post(alice.token, { status: 'once only' }, { 'idempotency-key': key });
      expect(again.status).toBe(200);
      expect(again.json.id).toBe(first.json.id);
      const other = await post(bob.token, { status: 'once only' }, { 'idempotency-key': key });
      expect(other.json.id).not.toBe(first.json.id);
      const fresh = await post(alice.token, { status: 'once only' }, { 'idempotency-key': randomUUID() });
      expect(fresh.json.id).not.toBe(first.json.id);
    });
    it('concurrent retries make one status', async () => {
      const key = randomUUID();
      const before = (await s.call('GET', '/api/v1/accounts/verify_credentials', { token: carol.token })).json.statuses_count;
      const answers = await Promise.all([1, 2, 3].map(() => post(carol.token, { status: 'raced' }, { 'idempotency-key': key })));
      expect(new Set(answers.map((a) => a.json.id)).size).toBe(1);
      expect((await s.call('GET', '/api/v1/accounts/verify_credentials', { token: carol.token })).json.statuses_count).toBe(before + 1);
    });
    it('a failed post does not hold its key; a scheduled post is kept once too; a key over 256 characters is a 422', async () => {
      const key = randomUUID();
      expect((await post(alice.token, { status: '' }, { 'idempotency-key': key })).status).toBe(422);
      expect((await post(alice.token, { status: 'now it works' }, { 'idempotency-key': key })).status).toBe(200);
      const at = new Date(Date.now() + 3 * 3600_000).toISOString();
      const k2 = randomUUID();
      const a = await post(alice.token, { status: 'later', scheduled_at: at }, { 'idempotency-key': k2 });
      const b = await post(alice.token, { status: 'later', scheduled_at: at }, { 'idempotency-key': k2 });
      expect(a.json.scheduled_at).toBeDefined();
      expect(b.json.id).toBe(a.json.id);
      expect((await post(alice.token, { status: 'x' }, { 'idempotency-key': 'k'.repeat(257) })).status).toBe(422);
    });
  });

  describe('reblog', () => {
    it("answers the reblog with its own reblogged true, as Mastodon; timelines keep Mastodon's flags", async () => {
      const st = await post(alice.token, { status: 'reblog me' });
      const r = await s.call('POST', `/api/v1/statuses/${st.json.id}/reblog`, { token: bob.token });
      expect(r.status).toBe(200);
      expect(r.json.reblogged).toBe(true);
      expect(r.json.reblog).toMatchObject({ id: st.json.id, reblogged: true });
      const again = await s.call('POST', `/api/v1/statuses/${st.json.id}/reblog`, { token: bob.token });
      expect(again.json).toMatchObject({ id: r.json.id, reblogged: true });
    });
  });

  describe('profile fields (fields_attributes)', () => {
    it('takes up to 4 fields, Rails-numbered or as a list, shows them with verified_at null and their source', async () => {
      const form = await s.call('PATCH', '/api/v1/accounts/update_credentials', {
        token: alice.token,
        form: { 'fields_attributes[0][name]': '网站', 'fields_attributes[0][value]': 'https://example.cn <b>', 'fields_attributes[1][name]': '电话', 'fields_attributes[1][value]': '12345', 'fields_attributes[2][name]': '', 'fields_attributes[2][value]': '' },
      });
      expect(form.status).toBe(200);
      expect(form.json.fields).toEqual([
        { name: '网站', value: 'https://example.cn &lt;b&gt;', verified_at: null },
        { name: '电话', value: '12345', verified_at: null },
      ]);
      expect(form.json.source.fields).toEqual([
        { name: '网站', value: 'https://example.cn <b>', verified_at: null },
        { name: '电话', value: '12345', verified_at: null },
      ]);
      const shown = await s.call('GET', `/api/v1/accounts/${alice.id}`);
      expect(shown.json.fields).toHaveLength(2);
      const list = await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: alice.token, body: { fields_attributes: [{ name: 'only', value: 'one' }] } });
      expect(list.json.fields).toEqual([{ name: 'only', value: 'one', verified_at: null }]);
      const untouched = await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: alice.token, body: { note: 'n' } });
      expect(untouched.json.fields).toHaveLength(1);
      // Anything not a list or a hash clears them, as in Mastodon (masto.js sends the string "undefined").
      const cleared = await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: alice.token, multipart: { fields_attributes: 'undefined' } });
      expect(cleared.status).toBe(200);
      expect(cleared.json.fields).toEqual([]);
    });
    it('refuses a 5th field and a name or value over 255 characters with 422 naming it', async () => {
      const five = Array.from({ length: 5 }, (_, i) => ({ name: `n${i}`, value: 'v' }));
      const r = await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: bob.token, body: { fields_attributes: five } });
      expect(r.status).toBe(422);
      expect(Object.keys(r.json.details)).toEqual(['fields_attributes']);
      const long = await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: bob.token, body: { fields_attributes: [{ name: 'a', value: 'x'.repeat(256) }] } });
      expect(Object.keys(long.json.details)).toEqual(['fields_attributes[0][value]']);
      expect((await s.call('GET', '/api/v1/accounts/verify_credentials', { token: bob.token })).json.fields).toEqual([]);
    });
    it("a verified organ's verification stays the first field, before its own", async () => {
      const reviewer = await staffUser(s, 'reviewer');
      const organ = await fastOrgan(s, reviewer.token);
      const r = await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: organ.token, body: { fields_attributes: [{ name: '热线', value: '12345' }] } });
      expect(r.json.fields.map((f: any) => [f.name, f.verified_at === null])).toEqual([
        ['认证 Verified', false],
        ['热线', true],
      ]);
      expect(r.json.source.fields).toEqual([{ name: '热线', value: '12345', verified_at: null }]);
    });
  });
});

describe.each(DIALECTS)('Idempotency-Key kept in Redis, shared by two processes (%s)', (dialect) => {
  let one: TestServer;
  let two: TestServer;
  beforeAll(async () => {
    one = await testServer(dialect, { redis: 'redis://127.0.0.1:6379' });
    // A second app over the same database and Redis, as a second `serve` would be.
    const { buildApp } = await import('../../../http/app.js');
    const app = await buildApp(one.ctx);
    await app.ready();
    two = { ...one, app, call: (m, u, o) => one.call.call({ ...one, app }, m, u, o), close: () => app.close() } as TestServer;
  });
  afterAll(async () => {
    await two?.close();
    await one?.close();
  });
  it('a retry through another process gets the first post', async () => {
    const alice = await citizen(one);
    const key = randomUUID();
    const body = JSON.stringify({ status: 'across processes' });
    const send = (app: TestServer['app']) =>
      app.inject({ method: 'POST', url: '/api/v1/statuses', headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/json', 'idempotency-key': key }, payload: body });
    const a = await send(one.app);
    const b = await send(two.app);
    expect(b.statusCode).toBe(200);
    expect(JSON.parse(b.body).id).toBe(JSON.parse(a.body).id);
  });
});

describe.each(DIALECTS)('rate limit headers and keys (%s)', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(dialect, { rateLimit: true });
  });
  afterAll(async () => {
    await s?.close();
  });
  it('sends X-RateLimit-Limit, -Remaining and an ISO 8601 -Reset, as Mastodon', async () => {
    const r = await s.call('GET', '/api/v1/instance');
    expect(r.headers['x-ratelimit-limit']).toBe('300');
    expect(Number(r.headers['x-ratelimit-remaining'])).toBeLessThan(300);
    const reset = String(r.headers['x-ratelimit-reset']);
    expect(reset).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(reset)).toBeGreaterThan(Date.now());
    expect(Date.parse(reset)).toBeLessThanOrEqual(Date.now() + 5 * 60_000 + 1000);
  });
  it('counts signed-in requests per account and anonymous ones per address', async () => {
    const a = await citizen(s);
    const b = await citizen(s);
    const remaining = async (opts: { token?: string; remoteAddress?: string }) => Number((await s.call('GET', '/api/v1/timelines/public', opts)).headers['x-ratelimit-remaining']);
    const a1 = await remaining({ token: a.token, remoteAddress: '10.0.0.1' });
    const a2 = await remaining({ token: a.token, remoteAddress: '10.0.0.2' });
    expect(a2).toBe(a1 - 1);
    const b1 = await remaining({ token: b.token, remoteAddress: '10.0.0.1' });
    expect(b1).toBe(299);
    const anon1 = await remaining({ remoteAddress: '10.0.0.9' });
    const anon2 = await remaining({ remoteAddress: '10.0.0.9' });
    expect(anon1).toBe(299);
    expect(anon2).toBe(298);
  });
});

describe.each(DIALECTS)('driven by masto (%s)', (dialect) => {
  let s: TestServer & { url: string };
  beforeAll(async () => {
    s = await listeningServer(dialect);
  });
  afterAll(async () => {
    await s?.close();
  });
  it('updates profile fields and reblogs as masto.js does', async () => {
    const alice = await citizen(s);
    const bob = await citizen(s);
    const asAlice = createRestAPIClient({ url: s.url, accessToken: alice.token });
    const asBob = createRestAPIClient({ url: s.url, accessToken: bob.token });
    const me = await asAlice.v1.accounts.updateCredentials({ fieldsAttributes: [{ name: 'test', value: 'abc' }] });
    expect(me.fields).toEqual([{ name: 'test', value: 'abc', verifiedAt: null }]);
    const st = await asAlice.v1.statuses.create({ status: 'hello' });
    const reblog = await asBob.v1.statuses.$select(st.id).reblog();
    expect(reblog.reblogged).toBe(true);
    const key = randomUUID();
    const one = await asBob.v1.statuses.create({ status: 'retry me' }, { requestInit: { headers: { 'Idempotency-Key': key } } });
    const two = await asBob.v1.statuses.create({ status: 'retry me' }, { requestInit: { headers: { 'Idempotency-Key': key } } });
    expect(two.id).toBe(one.id);
  });
});
