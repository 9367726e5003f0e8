import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { institutionApplication, oversized, registerApp, signUpUser, unique } from '../../../../test/factories.js';
import { type TestServer, cookieHeader, testServer } from '../../../../test/http.js';

const REDIRECT = 'https://client.example/callback';
const PASSWORD = 'correct horse 1';

/** The hidden inputs of the sign-in form, unescaped as a browser would submit them. */
function hiddenFields(html: string): Record<string, string> {
  const unescape = (v: string) => v.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) out[unescape(m[1] as string)] = unescape(m[2] as string);
  return out;
}

function basic(id: string, secret: string): string {
  return 'Basic ' + Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64');
}

describe.each(DIALECTS)('OAuth and apps (%s)', (dialect) => {
  let s: TestServer;
  /** An app with a web redirect and one user who can sign in. */
  let client: { client_id: string; client_secret: string; name: string };
  let user: { token: string; id: string; username: string };

  beforeAll(async () => {
    s = await testServer(dialect);
    const app = await s.call('POST', '/api/v1/apps', { body: { client_name: 'Web client', redirect_uris: [REDIRECT, 'urn:ietf:wg:oauth:2.0:oob'], scopes: 'read write follow' } });
    client = app.json;
    user = await signUpUser(s, unique('oauth'));
  });
  afterAll(async () => {
    await s?.close();
  });

  const token = (body: Record<string, string>, headers: Record<string, string> = {}) => s.call('POST', '/oauth/token', { form: body, headers });

  /** Runs the sign-in page as a browser does: GET the form, POST it back with the credentials and the cookies the page set. */
  async function authorize(query: Record<string, string>, login = user.username, password = PASSWORD) {
    const page = await s.call('GET', `/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: client.client_id, redirect_uri: REDIRECT, scope: 'read write', ...query })}`);
    expect(page.status).toBe(200);
    return s.call('POST', '/oauth/authorize', { form: { ...hiddenFields(page.body), login, password }, headers: { cookie: cookieHeader(page) } });
  }

  /** A fresh authorization code, from the redirect. */
  async function codeFor(query: Record<string, string> = {}) {
    const res = await authorize(query);
    expect(res.status).toBe(302);
    return new URL(String(res.headers.location)).searchParams.get('code') as string;
  }

  describe('refusals', () => {
    it('refuses app registrations that are incomplete or unsafe, naming the field', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ redirect_uris: REDIRECT }, 'client_name'],
        [{ client_name: '', redirect_uris: REDIRECT }, 'client_name'],
        [{ client_name: 'x' }, 'redirect_uris'],
        [{ client_name: 'x', redirect_uris: '' }, 'redirect_uris'],
        [{ client_name: 'x', redirect_uris: 'javascript:alert(1)' }, 'redirect_uris'],
        [{ client_name: 'x', redirect_uris: '/relative' }, 'redirect_uris'],
        [{ client_name: 'x', redirect_uris: 'https://a.example/cb#frag' }, 'redirect_uris'],
        [{ client_name: 'x', redirect_uris: REDIRECT, scopes: 'read superpowers' }, 'scopes'],
        [{ client_name: 'x', redirect_uris: REDIRECT, website: 'not a url' }, 'website'],
        [{ client_name: 'x', redirect_uris: REDIRECT, website: 'javascript:alert(1)' }, 'website'],
        [{ client_name: 'x', redirect_uris: REDIRECT, website: 'JavaScript://a.example/%0aalert(1)' }, 'website'],
        [{ client_name: 'x', redirect_uris: REDIRECT, website: 'data:text/html,<script>alert(1)</script>' }, 'website'],
        [{ client_name: 'x', redirect_uris: REDIRECT, website: 'ftp://a.example/' }, 'website'],
        [{ client_name: 'x', redirect_uris: REDIRECT, website: `https://a.example/${'a'.repeat(2000)}` }, 'website'],
      ];
      for (const [body, field] of cases) {
        const res = await s.call('POST', '/api/v1/apps', { body });
        expect(res.status, JSON.stringify(body)).toBe(422);
        expect(res.json.code).toBe('validation_failed');
        expect(res.json.details, JSON.stringify(body)).toHaveProperty([field]);
      }
    });

    it('bounds redirect_uris: how many, each one, and the whole field (Mastodon: 2,000 characters), naming redirect_uris', async () => {
      const many = Array.from({ length: 40_000 }, (_, i) => `https://a.example/${i}`);
      const cases: [string, Record<string, unknown>][] = [
        ['40,000 URIs as a list', { body: { client_name: 'x', redirect_uris: many } }],
        ['40,000 URIs in one string', { body: { client_name: 'x', redirect_uris: many.join('\n') } }],
        ['5,000 URIs as a form list', { form: { client_name: 'x', 'redirect_uris[]': many.slice(0, 5000) } }],
        ['21 short URIs', { body: { client_name: 'x', redirect_uris: many.slice(0, 21) } }],
        ['one URI over 2,000 characters', { body: { client_name: 'x', redirect_uris: `https://a.example/${'a'.repeat(2000)}` } }],
        ['a field over 2,000 characters', { body: { client_name: 'x', redirect_uris: Array.from({ length: 3 }, (_, i) => `https://a.example/${i}/${'a'.repeat(700)}`) } }],
      ];
      const before = await s.ctx.db.selectFrom('oauth_apps').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      for (const [what, opts] of cases) {
        const res = await s.call('POST', '/api/v1/apps', opts);
        expect(res.status, what).toBe(422);
        expect(res.json.code, what).toBe('validation_failed');
        expect(res.json.details, what).toHaveProperty(['redirect_uris']);
      }
      const after = await s.ctx.db.selectFrom('oauth_apps').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
      // At the bounds: 20 URIs, and a field of exactly 2,000 characters.
      const twenty = await s.call('POST', '/api/v1/apps', { body: { client_name: 'x', redirect_uris: many.slice(0, 20) } });
      expect(twenty.status, twenty.body).toBe(200);
      expect(twenty.json.redirect_uris).toHaveLength(20);
      const full = `https://a.example/${'a'.repeat(2000 - 'https://a.example/'.length)}`;
      const exact = await s.call('POST', '/api/v1/apps', { body: { client_name: 'x', redirect_uris: full } });
      expect(exact.status, exact.body).toBe(200);
    });

    it('answers 413 to app registrations over 1 MiB, as JSON, form and multipart', async () => {
      const big = oversized();
      for (const opts of [{ body: { client_name: big, redirect_uris: REDIRECT } }, { form: { client_name: big, redirect_uris: REDIRECT } }, { multipart: { client_name: big, redirect_uris: REDIRECT } }]) {
        const res = await s.call('POST', '/api/v1/apps', opts);
        expect(res.status).toBe(413);
        expect(res.json.code).toBe('payload_too_large');
      }
    });

    it('answers 400 unsupported_grant_type and invalid_request to bad grants', async () => {
      const unknown = await token({ grant_type: 'password', client_id: client.client_id, client_secret: client.client_secret, username: user.username, password: PASSWORD });
      expect(unknown.status).toBe(400);
      expect(unknown.json.error).toBe('unsupported_grant_type');
      const missing = await token({ client_id: client.client_id, client_secret: client.client_secret });
      expect(missing.status).toBe(400);
      expect(missing.json.error).toBe('invalid_request');
      const noCode = await token({ grant_type: 'authorization_code', client_id: client.client_id, client_secret: client.client_secret });
      expect(noCode.status).toBe(400);
      expect(noCode.json.error).toBe('invalid_request');
    });

    it('answers 401 invalid_client to a wrong secret, an unknown client or none', async () => {
      const bodies: Record<string, string>[] = [
        { grant_type: 'client_credentials', client_id: client.client_id, client_secret: 'wrong' },
        { grant_type: 'client_credentials', client_id: 'nobody', client_secret: client.client_secret },
        { grant_type: 'client_credentials', client_id: client.client_id },
        { grant_type: 'client_credentials' },
      ];
      for (const body of bodies) {
        const res = await token(body);
        expect(res.status, JSON.stringify(body)).toBe(401);
        expect(res.json.error).toBe('invalid_client');
      }
      const basicWrong = await token({ grant_type: 'client_credentials' }, { authorization: basic(client.client_id, 'wrong') });
      expect(basicWrong.status).toBe(401);
      expect(basicWrong.json.error).toBe('invalid_client');
    });

    it('answers 400 invalid_scope to a scope wider than the app registered, or unknown', async () => {
      const readOnly = await registerApp(s, 'read');
      for (const scope of ['read write', 'admin:read', 'write:statuses', 'nonsense']) {
        const res = await token({ grant_type: 'client_credentials', client_id: readOnly.clientId, client_secret: readOnly.clientSecret, scope });
        expect(res.status, scope).toBe(400);
        expect(res.json.error).toBe('invalid_scope');
      }
      const narrower = await token({ grant_type: 'client_credentials', client_id: readOnly.clientId, client_secret: readOnly.clientSecret, scope: 'read:accounts' });
      expect(narrower.status).toBe(200);
      expect(narrower.json.scope).toBe('read:accounts');
      const page = await s.call('GET', `/oauth/authorize?response_type=code&client_id=${readOnly.clientId}&redirect_uri=urn:ietf:wg:oauth:2.0:oob&scope=read+write`);
      expect(page.status).toBe(400);
      expect(page.headers.location).toBeUndefined();
    });

    it('answers 401 to an invalid or revoked bearer token, even on public routes', async () => {
      for (const url of ['/api/v1/instance', '/api/v2/instance', '/api/v1/gov/directory', `/api/v1/accounts/${user.id}`, '/api/v1/directory']) {
        const anon = await s.call('GET', url);
        expect(anon.status, url).toBe(200);
        const bad = await s.call('GET', url, { token: 'forged' });
        expect(bad.status, url).toBe(401);
        expect(bad.json.code).toBe('unauthorized');
      }
      const app = await registerApp(s);
      const fresh = await s.call('POST', '/oauth/token', { body: { grant_type: 'client_credentials', client_id: app.clientId, client_secret: app.clientSecret } });
      expect((await s.call('GET', '/api/v1/instance', { token: fresh.json.access_token })).status).toBe(200);
      const revoked = await s.call('POST', '/oauth/revoke', { form: { client_id: app.clientId, client_secret: app.clientSecret, token: fresh.json.access_token } });
      expect(revoked.status).toBe(200);
      const after = await s.call('GET', '/api/v1/instance', { token: fresh.json.access_token });
      expect(after.status).toBe(401);
      expect(after.json.code).toBe('unauthorized');
    });

    it('answers 401 to an app-only token on user routes', async () => {
      const { appToken } = await registerApp(s);
      for (const [method, url] of [
        ['GET', '/api/v1/accounts/verify_credentials'],
        ['PATCH', '/api/v1/accounts/update_credentials'],
        ['GET', '/api/v1/gov/verifications'],
        ['GET', '/api/v1/gov/audit_log'],
      ] as const) {
        const res = await s.call(method, url, { token: appToken, ...(method === 'PATCH' ? { body: { note: 'x' } } : {}) });
        expect(res.status, url).toBe(401);
        expect(res.json.code).toBe('token_required');
      }
      // It does identify its app.
      const me = await s.call('GET', '/api/v1/apps/verify_credentials', { token: appToken });
      expect(me.status).toBe(200);
      expect(me.json.name).toBe('Test app');
      expect((await s.call('GET', '/api/v1/apps/verify_credentials')).status).toBe(401);
    });

    it('does not revoke a token on the word of another app', async () => {
      const owner = await registerApp(s);
      const other = await registerApp(s);
      const res = await s.call('POST', '/oauth/revoke', { body: { client_id: other.clientId, client_secret: other.clientSecret, token: owner.appToken } });
      expect(res.status).toBe(200);
      expect((await s.call('GET', '/api/v1/apps/verify_credentials', { token: owner.appToken })).status).toBe(200);
      const wrongSecret = await s.call('POST', '/oauth/revoke', { body: { client_id: owner.clientId, client_secret: 'nope', token: owner.appToken } });
      expect(wrongSecret.status).toBe(401);
      expect(wrongSecret.json.error).toBe('invalid_client');
      expect((await s.call('GET', '/api/v1/apps/verify_credentials', { token: owner.appToken })).status).toBe(200);
    });

    it('shows an error page, never a redirect, for an unknown client or an unregistered redirect_uri', async () => {
      const cases: Record<string, string>[] = [
        { response_type: 'code', client_id: client.client_id, redirect_uri: 'https://evil.example/steal' },
        { response_type: 'code', client_id: 'unknown', redirect_uri: REDIRECT },
        { response_type: 'token', client_id: client.client_id, redirect_uri: REDIRECT },
        { response_type: 'code', redirect_uri: REDIRECT },
        // Two URIs registered: one must be named.
        { response_type: 'code', client_id: client.client_id },
      ];
      for (const q of cases) {
        const get = await s.call('GET', `/oauth/authorize?${new URLSearchParams(q)}`);
        expect(get.status, JSON.stringify(q)).toBe(400);
        expect(get.headers.location).toBeUndefined();
        expect(get.body).not.toContain('evil.example');
        expect(String(get.headers['content-type'])).toMatch(/^text\/html/);
        const post = await s.call('POST', '/oauth/authorize', { form: { ...q, login: user.username, password: PASSWORD } });
        expect(post.status, JSON.stringify(q)).toBe(400);
        expect(post.headers.location).toBeUndefined();
      }
    });

    it('answers a wrong password with the 401 page and no redirect', async () => {
      const res = await authorize({ state: 'abc' }, user.username, 'wrong password');
      expect(res.status).toBe(401);
      expect(res.headers.location).toBeUndefined();
      expect(String(res.headers['content-type'])).toMatch(/^text\/html/);
      // The form is shown again with the request carried through.
      expect(hiddenFields(res.body)).toMatchObject({ client_id: client.client_id, redirect_uri: REDIRECT, state: 'abc' });
      const unknownUser = await authorize({}, 'nobody_here', PASSWORD);
      expect(unknownUser.status).toBe(401);
      expect(unknownUser.headers.location).toBeUndefined();
    });

    it('escapes the app name and the request on the sign-in page', async () => {
      const evil = await s.call('POST', '/api/v1/apps', { body: { client_name: '<script>alert(1)</script>', redirect_uris: REDIRECT, scopes: 'read' } });
      expect(evil.status).toBe(200);
      const page = await s.call('GET', `/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: evil.json.client_id, redirect_uri: REDIRECT, state: '"><script>alert(2)</script>' })}`);
      expect(page.status).toBe(200);
      expect(page.body).not.toContain('<script>');
      expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(String(page.headers['content-security-policy'])).toContain("default-src 'none'");
      expect(hiddenFields(page.body).state).toBe('"><script>alert(2)</script>');
    });

    it('answers 400 invalid_grant to a reused code, a wrong redirect_uri, another client, or a made-up code', async () => {
      const creds = { client_id: client.client_id, client_secret: client.client_secret };
      const code = await codeFor();
      // Another client cannot use the code, nor spend it.
      const otherApp = await registerApp(s);
      const stolen = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: otherApp.clientId, client_secret: otherApp.clientSecret });
      expect(stolen.status).toBe(400);
      expect(stolen.json.error).toBe('invalid_grant');
      const first = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, ...creds });
      expect(first.status).toBe(200);
      const second = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, ...creds });
      expect(second.status).toBe(400);
      expect(second.json.error).toBe('invalid_grant');

      // A failed exchange by its own client spends the code: it cannot be tried again.
      const code2 = await codeFor();
      const wrongUri = await token({ grant_type: 'authorization_code', code: code2, redirect_uri: 'https://client.example/other', ...creds });
      expect(wrongUri.status).toBe(400);
      expect(wrongUri.json.error).toBe('invalid_grant');
      const retry = await token({ grant_type: 'authorization_code', code: code2, redirect_uri: REDIRECT, ...creds });
      expect(retry.status).toBe(400);
      expect(retry.json.error).toBe('invalid_grant');

      const madeUp = await token({ grant_type: 'authorization_code', code: 'made-up', redirect_uri: REDIRECT, ...creds });
      expect(madeUp.json.error).toBe('invalid_grant');
    });

    it('answers 400 invalid_grant to a wrong or missing PKCE verifier', async () => {
      const verifier = randomBytes(32).toString('base64url');
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      const creds = { client_id: client.client_id, client_secret: client.client_secret, redirect_uri: REDIRECT, grant_type: 'authorization_code' };
      const code = await codeFor({ code_challenge: challenge, code_challenge_method: 'S256' });
      const wrong = await token({ ...creds, code, code_verifier: randomBytes(32).toString('base64url') });
      expect(wrong.status).toBe(400);
      expect(wrong.json.error).toBe('invalid_grant');
      const code2 = await codeFor({ code_challenge: challenge, code_challenge_method: 'S256' });
      const missing = await token({ ...creds, code: code2 });
      expect(missing.status).toBe(400);
      expect(missing.json.error).toBe('invalid_grant');
      // The challenge itself is not the verifier.
      const code3 = await codeFor({ code_challenge: challenge, code_challenge_method: 'S256' });
      const replayed = await token({ ...creds, code: code3, code_verifier: challenge });
      expect(replayed.json.error).toBe('invalid_grant');
      const method = await s.call('GET', `/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: client.client_id, redirect_uri: REDIRECT, code_challenge: challenge, code_challenge_method: 'S512' })}`);
      expect(method.status).toBe(400);
    });

    it('refuses PKCE plain (and a challenge without a method): 400 invalid_request naming code_challenge_method, on the page and the form', async () => {
      const verifier = randomBytes(32).toString('base64url');
      for (const method of [{ code_challenge_method: 'plain' }, { code_challenge_method: 'PLAIN' }, {}] as Record<string, string>[]) {
        const q = { response_type: 'code', client_id: client.client_id, redirect_uri: REDIRECT, scope: 'read', code_challenge: verifier, ...method };
        const get = await s.call('GET', `/oauth/authorize?${new URLSearchParams(q)}`);
        expect(get.status, JSON.stringify(method)).toBe(400);
        expect(get.body).toContain('data-code="invalid_request"');
        expect(get.body).toContain('data-field="code_challenge_method"');
        expect(get.body).not.toContain('<form');
        const post = await s.call('POST', '/oauth/authorize', { form: { ...q, login: user.username, password: PASSWORD } });
        expect(post.status, JSON.stringify(method)).toBe(400);
        expect(post.headers.location).toBeUndefined();
        expect(post.body).toContain('data-field="code_challenge_method"');
      }
    });

    it('refuses a forged cross-site POST of the sign-in form: no token, a token not from this browser, or another site by Origin or Sec-Fetch-Site', async () => {
      const q = { response_type: 'code', client_id: client.client_id, redirect_uri: REDIRECT, scope: 'read' };
      const victim = await s.call('GET', `/oauth/authorize?${new URLSearchParams(q)}`);
      const attacker = await s.call('GET', `/oauth/authorize?${new URLSearchParams(q)}`);
      const victimCookie = cookieHeader(victim);
      const victimToken = hiddenFields(victim.body).authenticity_token ?? '';
      const attackerToken = hiddenFields(attacker.body).authenticity_token ?? '';
      // The right password every time: only the forgery checks stand between these requests and a code.
      const forged: [string, Record<string, string>, Record<string, string>][] = [
        ['no token, the victim cookie', { ...q }, { cookie: victimCookie }],
        ['no token, no cookie', { ...q }, {}],
        ['the attacker own token, the victim cookie', { ...q, authenticity_token: attackerToken }, { cookie: victimCookie }],
        ['the token without its cookie', { ...q, authenticity_token: victimToken }, {}],
        ['a cross-site Origin', { ...q, authenticity_token: victimToken }, { cookie: victimCookie, origin: 'https://evil.example' }],
        ['a null Origin', { ...q, authenticity_token: victimToken }, { cookie: victimCookie, origin: 'null' }],
        ['Sec-Fetch-Site cross-site', { ...q, authenticity_token: victimToken }, { cookie: victimCookie, 'sec-fetch-site': 'cross-site' }],
        ['Sec-Fetch-Site same-site (a sibling host)', { ...q, authenticity_token: victimToken }, { cookie: victimCookie, 'sec-fetch-site': 'same-site', origin: 'https://other.test.example' }],
      ];
      for (const [what, form, headers] of forged) {
        const res = await s.call('POST', '/oauth/authorize', { form: { ...form, login: user.username, password: PASSWORD }, headers });
        expect(res.status, what).toBe(422);
        expect(res.headers.location, what).toBeUndefined();
        expect(res.body, what).toContain('data-code="invalid_authenticity_token"');
        expect(res.body, what).not.toContain('<code id="code">');
      }
      expect(victimToken).toBeTruthy();
      expect(attackerToken).not.toBe(victimToken);
      // The same request from this origin, with the browser's cookie and its token, signs in.
      const ok = await s.call('POST', '/oauth/authorize', {
        form: { ...q, authenticity_token: victimToken, login: user.username, password: PASSWORD },
        headers: { cookie: victimCookie, origin: 'http://test.example', 'sec-fetch-site': 'same-origin' },
      });
      expect(ok.status).toBe(302);
      expect(new URL(String(ok.headers.location)).searchParams.get('code')).toBeTruthy();
    });

    it('binds the form token to an HttpOnly, SameSite cookie scoped to /oauth', async () => {
      const page = await s.call('GET', `/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: client.client_id, redirect_uri: REDIRECT })}`);
      const set = [page.headers['set-cookie']].flat().map(String).find((c) => c.startsWith('govblog_csrf='));
      expect(set).toBeDefined();
      expect(set).toMatch(/;\s*HttpOnly/i);
      expect(set).toMatch(/;\s*SameSite=Lax/i);
      expect(set).toMatch(/;\s*Path=\/oauth/i);
      // So that a browser posts the form with its Origin, not `null` (which is refused).
      expect(page.headers['referrer-policy']).toBe('same-origin');
      // A browser that has the cookie keeps its token.
      const again = await s.call('GET', `/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: client.client_id, redirect_uri: REDIRECT })}`, { headers: { cookie: cookieHeader(page) } });
      expect(hiddenFields(again.body).authenticity_token).toBe(hiddenFields(page.body).authenticity_token);
    });

    it('never answers 5xx to odd token requests', async () => {
      for (const [payload, type] of [
        ['grant_type[]=client_credentials&client_id[x]=1', 'application/x-www-form-urlencoded'],
        ['{"grant_type":{"a":1}}', 'application/json'],
        ['{"grant_type":"authorization_code","code":["a"]}', 'application/json'],
        ['not json', 'application/json'],
      ]) {
        const res = await s.call('POST', '/oauth/token', { payload, headers: { 'content-type': type as string } });
        expect(res.status, payload).toBeGreaterThanOrEqual(400);
        expect(res.status, payload).toBeLessThan(500);
      }
      const weirdBasic = await token({ grant_type: 'client_credentials' }, { authorization: 'Basic %%%' });
      expect(weirdBasic.status).toBeLessThan(500);
      const badEscape = await token({ grant_type: 'client_credentials' }, { authorization: 'Basic ' + Buffer.from('%zz:%zz').toString('base64') });
      expect(badEscape.status).toBe(401);
    });
  });

  describe('happy paths', () => {
    it('runs the authorization_code flow through the HTML page and gives a working user token', async () => {
      const page = await s.call('GET', `/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: client.client_id, redirect_uri: REDIRECT, scope: 'read write', state: 'xyz 1/2' })}`);
      expect(page.status).toBe(200);
      expect(page.body).toContain('Web client');
      expect(page.body).toContain('<form method="post" action="/oauth/authorize">');
      const hidden = hiddenFields(page.body);
      expect(hidden).toMatchObject({ response_type: 'code', client_id: client.client_id, redirect_uri: REDIRECT, scope: 'read write', state: 'xyz 1/2' });

      const post = await s.call('POST', '/oauth/authorize', { form: { ...hidden, login: user.username.toUpperCase(), password: PASSWORD }, headers: { cookie: cookieHeader(page) } });
      expect(post.status).toBe(302);
      const location = new URL(String(post.headers.location));
      expect(location.origin + location.pathname).toBe(REDIRECT);
      expect(location.searchParams.get('state')).toBe('xyz 1/2');
      const code = location.searchParams.get('code') as string;
      expect(code).toBeTruthy();

      const exchanged = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: client.client_id, client_secret: client.client_secret });
      expect(exchanged.status).toBe(200);
      expect(exchanged.json).toMatchObject({ token_type: 'Bearer', scope: 'read write' });
      expect(exchanged.headers['cache-control']).toBe('no-store');
      const me = await s.call('GET', '/api/v1/accounts/verify_credentials', { token: exchanged.json.access_token });
      expect(me.status).toBe(200);
      expect(me.json.id).toBe(user.id);
    });

    it('signs in by e-mail too, and shows the code out of band', async () => {
      const page = await s.call('GET', `/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: client.client_id, redirect_uri: 'urn:ietf:wg:oauth:2.0:oob', scope: 'read' })}`);
      const res = await s.call('POST', '/oauth/authorize', { form: { ...hiddenFields(page.body), login: `${user.username}@example.cn`, password: PASSWORD }, headers: { cookie: cookieHeader(page) } });
      expect(res.status).toBe(200);
      expect(res.headers.location).toBeUndefined();
      const code = /<code id="code">([^<]+)<\/code>/.exec(res.body)?.[1] as string;
      const t = await token({ grant_type: 'authorization_code', code, redirect_uri: 'urn:ietf:wg:oauth:2.0:oob', client_id: client.client_id, client_secret: client.client_secret });
      expect(t.status).toBe(200);
      expect(t.json.scope).toBe('read');
    });

    it('accepts the right PKCE verifier', async () => {
      const verifier = randomBytes(32).toString('base64url');
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      const code = await codeFor({ code_challenge: challenge, code_challenge_method: 'S256' });
      const ok = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: client.client_id, client_secret: client.client_secret, code_verifier: verifier });
      expect(ok.status).toBe(200);
      expect((await s.call('GET', '/api/v1/accounts/verify_credentials', { token: ok.json.access_token })).status).toBe(200);
    });

    it('gives a token no wider than asked: a read-only token reads but cannot write (403)', async () => {
      const code = await codeFor({ scope: 'read' });
      const t = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: client.client_id, client_secret: client.client_secret });
      expect(t.json.scope).toBe('read');
      const readOnly = t.json.access_token as string;
      expect((await s.call('GET', '/api/v1/accounts/verify_credentials', { token: readOnly })).status).toBe(200);
      const write = await s.call('POST', '/api/v1/gov/verifications', { token: readOnly, body: institutionApplication() });
      expect(write.status).toBe(403);
      expect(write.json.code).toBe('insufficient_scope');
      const patch = await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: readOnly, body: { note: 'hi' } });
      expect(patch.status).toBe(403);
      expect(patch.json.code).toBe('insufficient_scope');
    });

    it('gives an app registered with only read a user token that cannot write (403)', async () => {
      const reader = await s.call('POST', '/api/v1/apps', { form: { client_name: 'Reader', redirect_uris: REDIRECT, scopes: 'read' } });
      const page = await s.call('GET', `/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: reader.json.client_id, redirect_uri: REDIRECT })}`);
      expect(page.status).toBe(200);
      const post = await s.call('POST', '/oauth/authorize', { form: { ...hiddenFields(page.body), login: user.username, password: PASSWORD }, headers: { cookie: cookieHeader(page) } });
      const code = new URL(String(post.headers.location)).searchParams.get('code') as string;
      const t = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: reader.json.client_id, client_secret: reader.json.client_secret });
      expect(t.status).toBe(200);
      expect(t.json.scope).toBe('read');
      for (const [method, url, body] of [
        ['POST', '/api/v1/gov/verifications', institutionApplication()],
        ['PATCH', '/api/v1/accounts/update_credentials', { note: 'x' }],
        ['POST', '/api/v1/gov/verifications/1/approve', {}],
      ] as const) {
        const res = await s.call(method, url, { token: t.json.access_token, body });
        expect(res.status, url).toBe(403);
        expect(res.json.code).toBe('insufficient_scope');
      }
      expect((await s.call('GET', '/api/v1/gov/verifications', { token: t.json.access_token })).status).toBe(200);
    });

    it('authenticates clients by HTTP Basic as well as by body fields', async () => {
      const res = await token({ grant_type: 'client_credentials', scope: 'read' }, { authorization: basic(client.client_id, client.client_secret) });
      expect(res.status).toBe(200);
      expect(res.json.scope).toBe('read');
      const code = await codeFor();
      const exchanged = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }, { authorization: basic(client.client_id, client.client_secret) });
      expect(exchanged.status).toBe(200);
      const revoke = await s.call('POST', '/oauth/revoke', { form: { token: exchanged.json.access_token }, headers: { authorization: basic(client.client_id, client.client_secret) } });
      expect(revoke.status).toBe(200);
      expect((await s.call('GET', '/api/v1/accounts/verify_credentials', { token: exchanged.json.access_token })).status).toBe(401);
    });

    it('registers apps from JSON, form and multipart bodies, with redirect_uris as a list', async () => {
      const uris = ['https://a.example/cb', 'myapp://oauth'];
      const json = await s.call('POST', '/api/v1/apps', { body: { client_name: 'J', redirect_uris: uris, scopes: 'read write' } });
      const form = await s.call('POST', '/api/v1/apps', { form: { client_name: 'F', 'redirect_uris[]': uris, scopes: 'read write' } });
      const multi = await s.call('POST', '/api/v1/apps', { multipart: { client_name: 'M', 'redirect_uris[]': uris, scopes: 'read write' } });
      const spaced = await s.call('POST', '/api/v1/apps', { multipart: { client_name: 'S', redirect_uris: uris.join('\n'), scopes: 'read write', website: 'https://a.example' } });
      for (const res of [json, form, multi, spaced]) {
        expect(res.status, res.body).toBe(200);
        expect(res.json.redirect_uris).toEqual(uris);
        expect(res.json.scopes).toEqual(['read', 'write']);
        expect(typeof res.json.client_id).toBe('string');
        expect(typeof res.json.client_secret).toBe('string');
      }
      expect(spaced.json.website).toBe('https://a.example');
      const http = await s.call('POST', '/api/v1/apps', { body: { client_name: 'H', redirect_uris: REDIRECT, website: 'http://a.example/app' } });
      expect(http.status).toBe(200);
      expect(http.json.website).toBe('http://a.example/app');
      // Default scope: read.
      const plain = await s.call('POST', '/api/v1/apps', { form: { client_name: 'P', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob' } });
      expect(plain.json.scopes).toEqual(['read']);
    });

    it('publishes the authorization server metadata', async () => {
      const res = await s.call('GET', '/.well-known/oauth-authorization-server');
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ token_endpoint: 'http://test.example/oauth/token', code_challenge_methods_supported: ['S256'] });
    });
  });
});
