import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../app/clock.js';
import { createUser } from '../../../accounts/sign-up.js';
import { DIALECTS } from '../../../../test/dialects.js';
import { unique } from '../../../../test/factories.js';
import { type TestServer, cookieHeader, testServer } from '../../../../test/http.js';
import { RATE_LIMITS } from '../../rate-limits.js';

const PASSWORD = 'correct horse 1';
const REDIRECT = 'urn:ietf:wg:oauth:2.0:oob';

/** The sign-in form's answer without what differs on every request (the form token). */
const comparable = (body: string) => body.replace(/name="authenticity_token" value="[^"]*"/g, '');

/**
 * Sign-in is throttled per account as well as per IP: a guesser spread over
 * many addresses is stopped, and the owner, from a browser that signed in to
 * the account before, still gets in.
 */
describe.each(DIALECTS)('sign-in throttle per account (%s)', (dialect) => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  async function setUp(config: Record<string, unknown> = {}, clock = fixedClock('2012-12-20T08:00:00Z')) {
    const s = await testServer(dialect, { rateLimit: true, ...config }, clock);
    servers.push(s);
    const app = await s.call('POST', '/api/v1/apps', { body: { client_name: 'Guessed', redirect_uris: REDIRECT, scopes: 'read' } });
    return { s, clock, clientId: app.json.client_id as string };
  }

  /** One sign-in as a browser at `ip` does it: GET the form, POST it back with its cookies (and any it kept from before). */
  async function attempt(s: TestServer, clientId: string, login: string, password: string, ip: string, kept = '') {
    const query = { response_type: 'code', client_id: clientId, redirect_uri: REDIRECT, scope: 'read' };
    const page = await s.call('GET', `/oauth/authorize?${new URLSearchParams(query)}`, { remoteAddress: ip, ...(kept ? { headers: { cookie: kept } } : {}) });
    expect(page.status).toBe(200);
    const token = /name="authenticity_token" value="([^"]+)"/.exec(page.body)?.[1] as string;
    const cookie = [kept, cookieHeader(page)].filter(Boolean).join('; ');
    return s.call('POST', '/oauth/authorize', { form: { ...query, authenticity_token: token, login, password }, headers: { cookie }, remoteAddress: ip });
  }

  const signedIn = (res: { status: number; body: string }) => res.status === 200 && res.body.includes('<code id="code">');
  const address = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

  /** 60 wrong passwords for one account, each from its own address. */
  async function distributedGuessing(s: TestServer, clientId: string, login: string, from = 1) {
    for (let i = 0; i < 60; i++) {
      const res = await attempt(s, clientId, login, `guess ${i}`, address(from + i));
      expect([401, 429], `guess ${i}`).toContain(res.status);
    }
  }

  it('stops 60 guesses from 60 addresses: the right password on attempt 61, from a new address, is refused with 429 and Retry-After', async () => {
    const { s, clientId } = await setUp();
    const username = unique('organ');
    const organ = await createUser(s.ctx, { username, email: `${username}@example.cn`, role: 'user', password: PASSWORD });
    const bystander = await createUser(s.ctx, { username: unique('citizen'), role: 'user', password: PASSWORD });
    await distributedGuessing(s, clientId, organ.username);

    const right = await attempt(s, clientId, organ.username, PASSWORD, address(1000));
    expect(signedIn(right)).toBe(false);
    expect(right.status).toBe(429);
    expect(right.headers.location).toBeUndefined();
    const retry = Number(right.headers['retry-after']);
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(RATE_LIMITS.signInAccount.timeWindow / 1000);
    expect(right.body).toContain('data-code="sign_in_throttled"');

    // Meanwhile the guesser cannot tell the right password from a wrong one: same status, same page.
    const wrong = await attempt(s, clientId, organ.username, 'guess 61', address(1001));
    expect(wrong.status).toBe(right.status);
    expect(comparable(wrong.body)).toBe(comparable(right.body));
    // By e-mail it is the same account, and as held.
    expect((await attempt(s, clientId, `${organ.username}@example.cn`, PASSWORD, address(1002))).status).toBe(429);
    // Only that account is held: others sign in.
    expect(signedIn(await attempt(s, clientId, bystander.username, PASSWORD, address(1003)))).toBe(true);
  });

  it('lets the owner in during the attack from a browser that signed in before, and no one else', async () => {
    const { s, clientId } = await setUp();
    const organ = await createUser(s.ctx, { username: unique('organ'), role: 'user', password: PASSWORD });
    const other = await createUser(s.ctx, { username: unique('organ'), role: 'user', password: PASSWORD });
    const first = await attempt(s, clientId, organ.username, PASSWORD, '192.0.2.10');
    expect(signedIn(first)).toBe(true);
    const device = [first.headers['set-cookie']].flat().map(String).find((c) => c.startsWith('govblog_device='));
    expect(device).toMatch(/;\s*HttpOnly/i);
    expect(device).toMatch(/;\s*Path=\/oauth/i);
    const kept = cookieHeader(first);

    await distributedGuessing(s, clientId, organ.username);
    await distributedGuessing(s, clientId, other.username, 100);
    // The owner, from another address (a train, a phone), with the browser's cookie.
    expect(signedIn(await attempt(s, clientId, organ.username, PASSWORD, '192.0.2.99', kept))).toBe(true);
    // Still no guessing from that browser either: a wrong password there is refused, and it does not lift the hold for others.
    expect((await attempt(s, clientId, organ.username, 'guess', '192.0.2.99', kept)).status).toBe(401);
    expect((await attempt(s, clientId, organ.username, PASSWORD, address(2000))).status).toBe(429);
    // The cookie knows that browser for that account only, and cannot be made up.
    expect((await attempt(s, clientId, other.username, PASSWORD, '192.0.2.99', kept)).status).toBe(429);
    expect((await attempt(s, clientId, organ.username, PASSWORD, address(2001), `govblog_device=${'A'.repeat(43)}`)).status).toBe(429);
  });

  it('forgets the failures when the window ends', async () => {
    const { s, clock, clientId } = await setUp();
    const organ = await createUser(s.ctx, { username: unique('organ'), role: 'user', password: PASSWORD });
    await distributedGuessing(s, clientId, organ.username);
    expect((await attempt(s, clientId, organ.username, PASSWORD, address(3000))).status).toBe(429);
    clock.advance(RATE_LIMITS.signInAccount.timeWindow + 1000);
    expect(signedIn(await attempt(s, clientId, organ.username, PASSWORD, address(3001)))).toBe(true);
    // A fresh window: wrong passwords are answered as wrong again, up to the limit.
    expect((await attempt(s, clientId, organ.username, 'guess', address(3002))).status).toBe(401);
  });

  it('counts in Redis when given one, across the processes of a provider', async () => {
    const config = { redis: 'redis://127.0.0.1:6379', provider: `${unique('sit')}.example` };
    const clock = fixedClock('2012-12-20T08:00:00Z');
    const a = await setUp(config, clock);
    const b = await setUp(config, clock);
    const organ = await createUser(a.s.ctx, { username: unique('organ'), role: 'user', password: PASSWORD });
    // The same account on b's database: the two processes share a database in production.
    await createUser(b.s.ctx, { username: organ.username, role: 'user', password: PASSWORD });
    for (let i = 0; i < RATE_LIMITS.signInAccount.max; i++) {
      const [s, clientId] = i % 2 ? [b.s, b.clientId] : [a.s, a.clientId];
      expect((await attempt(s, clientId, organ.username, `guess ${i}`, address(4000 + i))).status).toBe(401);
    }
    expect((await attempt(a.s, a.clientId, organ.username, PASSWORD, address(4100))).status).toBe(429);
    expect((await attempt(b.s, b.clientId, organ.username, PASSWORD, address(4101))).status).toBe(429);
  });
});
