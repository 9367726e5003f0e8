import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/dialects.js';
import { citizen } from '../../../test/factories.js';
import { type TestServer, testServer } from '../../../test/http.js';
import { corsRule } from './cors.js';

const APP = 'https://elk.example';

describe('which paths a browser app on another origin may call (pure)', () => {
  it("opens the client API, the token endpoints, well-known and NodeInfo documents and profiles, as Mastodon's; nothing else", () => {
    expect(corsRule('/api/v1/timelines/home')?.exposedHeaders).toContain('Link');
    expect(corsRule('/oauth/token')?.methods).toEqual(['POST']);
    expect(corsRule('/oauth/revoke')?.methods).toEqual(['POST']);
    expect(corsRule('/.well-known/nodeinfo')?.methods).toEqual(['GET']);
    expect(corsRule('/nodeinfo/2.0')?.methods).toEqual(['GET']);
    expect(corsRule('/@pinganbeijing')?.methods).toEqual(['GET']);
    // The sign-in form and the web UI stay same-origin: a foreign page must not drive them.
    for (const path of ['/oauth/authorize', '/web/', '/docs/json', '/@pinganbeijing/123']) expect(corsRule(path), path).toBeNull();
  });
});

describe.each(DIALECTS)('CORS (%s)', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(dialect, { rateLimit: true });
  });
  afterAll(async () => {
    await s.close();
  });

  it('answers a preflight for an authenticated API call with the methods and the headers asked for', async () => {
    const res = await s.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/statuses',
      headers: { origin: APP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,idempotency-key' },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(String(res.headers['access-control-allow-methods'])).toMatch(/POST/);
    expect(String(res.headers['access-control-allow-headers']).toLowerCase()).toBe('authorization,content-type,idempotency-key');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('lets the app read an answer and its Link and rate-limit headers, even a 401', async () => {
    const alice = await citizen(s);
    const ok = await s.app.inject({ method: 'GET', url: '/api/v1/timelines/home?limit=1', headers: { origin: APP, authorization: `Bearer ${alice.token}` } });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe('*');
    const exposed = String(ok.headers['access-control-expose-headers']).toLowerCase();
    for (const h of ['link', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']) expect(exposed).toContain(h);
    const denied = await s.app.inject({ method: 'GET', url: '/api/v1/accounts/verify_credentials', headers: { origin: APP, authorization: 'Bearer forged' } });
    expect(denied.statusCode).toBe(401);
    expect(denied.headers['access-control-allow-origin']).toBe('*');
  });

  it('gives the sign-in form and the web UI no CORS headers', async () => {
    for (const url of ['/oauth/authorize?client_id=x&redirect_uri=urn:ietf:wg:oauth:2.0:oob&response_type=code', '/web/']) {
      const res = await s.app.inject({ method: 'GET', url, headers: { origin: APP } });
      expect(res.headers['access-control-allow-origin'], url).toBeUndefined();
    }
  });
});
