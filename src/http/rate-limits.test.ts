import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/dialects.js';
import { registerApp, unique } from '../../test/factories.js';
import { type TestServer, cookieHeader, testServer } from '../../test/http.js';
import { RATE_LIMITS } from './rate-limits.js';

/**
 * Mastodon's per-IP defaults (CONTRACT §1): 5 sign-ups in 30 minutes, 25
 * sign-in attempts in 5 minutes; answered with 429 and Retry-After.
 */
describe.each(DIALECTS)('rate limits (%s)', (dialect) => {
  let s: TestServer | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  function signUp(server: TestServer, token: string, remoteAddress?: string) {
    const username = unique('rl');
    return server.call('POST', '/api/v1/accounts', {
      token,
      body: { username, email: `${username}@example.cn`, password: 'correct horse 1', agreement: true },
      ...(remoteAddress ? { remoteAddress } : {}),
    });
  }

  const badToken = (server: TestServer, clientId: string) =>
    server.call('POST', '/oauth/token', { form: { grant_type: 'client_credentials', client_id: clientId, client_secret: 'wrong' } });

  it('refuses the 6th sign-up from one IP in 30 minutes with 429 and Retry-After, but not another IP', async () => {
    s = await testServer(dialect, { rateLimit: true });
    const { appToken } = await registerApp(s);
    for (let i = 0; i < RATE_LIMITS.signUp.max; i++) expect((await signUp(s, appToken)).status).toBe(200);
    const sixth = await signUp(s, appToken);
    expect(sixth.status).toBe(429);
    expect(sixth.json.code).toBe('rate_limited');
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(sixth.headers['retry-after'])).toBeLessThanOrEqual(30 * 60);
    const elsewhere = await signUp(s, appToken, '10.0.0.2');
    expect(elsewhere.status).toBe(200);
    // Other routes from the first IP are not held by the sign-up limit.
    expect((await s.call('GET', '/api/v1/instance')).status).toBe(200);
  });

  it('counts in Redis when given one, so that two processes of a provider share one limit', async () => {
    // A provider name of its own: the counters of earlier runs are still in Redis for 30 minutes.
    const config = { rateLimit: true, redis: 'redis://127.0.0.1:6379', provider: `${unique('rl')}.example` };
    s = await testServer(dialect, config);
    const other = await testServer(dialect, config);
    try {
      const a = (await registerApp(s)).appToken;
      const b = (await registerApp(other)).appToken;
      for (let i = 0; i < RATE_LIMITS.signUp.max; i++) expect((await signUp(i % 2 ? other : s, i % 2 ? b : a)).status).toBe(200);
      const sixth = await signUp(other, b);
      expect(sixth.status).toBe(429);
      expect((await signUp(s, a)).status).toBe(429);
      expect((await signUp(s, a, '10.0.0.3')).status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('refuses the 26th token request from one IP in 5 minutes', async () => {
    s = await testServer(dialect, { rateLimit: true });
    // Registered without a token request, so that every /oauth/token call below counts.
    const app = await s.call('POST', '/api/v1/apps', { body: { client_name: 'guesser', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob' } });
    const clientId = app.json.client_id as string;
    for (let i = 0; i < RATE_LIMITS.signIn.max - 1; i++) expect((await badToken(s, clientId)).status).toBe(401);
    const last = await badToken(s, clientId);
    expect(last.status).toBe(401);
    const over = await badToken(s, clientId);
    expect(over.status).toBe(429);
    expect(over.json.code).toBe('rate_limited');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    // Another address still gets its answers.
    expect((await s.call('POST', '/oauth/token', { form: { grant_type: 'client_credentials', client_id: clientId, client_secret: 'wrong' }, remoteAddress: '10.0.0.2' })).status).toBe(401);
  });

  it('refuses the 26th password attempt on the sign-in page from one IP', async () => {
    s = await testServer(dialect, { rateLimit: true });
    const app = await s.call('POST', '/api/v1/apps', { body: { client_name: 'guesser', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob' } });
    const query = { response_type: 'code', client_id: app.json.client_id };
    const form = await s.call('GET', `/oauth/authorize?${new URLSearchParams(query)}`);
    const token = /name="authenticity_token" value="([^"]+)"/.exec(form.body)?.[1] as string;
    // A new login each time, so that only the per-IP limit applies (the per-account one: routes/oauth/sign-in-throttle.test.ts).
    let n = 0;
    const attempt = () =>
      s!.call('POST', '/oauth/authorize', { form: { ...query, authenticity_token: token, login: `nobody${n++}`, password: 'guess' }, headers: { cookie: cookieHeader(form) } });
    for (let i = 0; i < RATE_LIMITS.signIn.max; i++) expect((await attempt()).status).toBe(401);
    const over = await attempt();
    expect(over.status).toBe(429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('limits nothing when rate limiting is off', async () => {
    s = await testServer(dialect, { rateLimit: false });
    const { appToken, clientId } = await registerApp(s);
    for (let i = 0; i < RATE_LIMITS.signUp.max + 1; i++) expect((await signUp(s, appToken)).status).toBe(200);
    for (let i = 0; i < RATE_LIMITS.signIn.max + 1; i++) expect((await badToken(s, clientId)).status).toBe(401);
    const res = await s.call('GET', '/api/v1/instance');
    expect(res.headers['x-ratelimit-limit']).toBeUndefined();
  });
});
