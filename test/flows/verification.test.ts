import { createOAuthAPIClient, createRestAPIClient } from 'masto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../dialects.js';
import { creditCodeFor, staffUser } from '../factories.js';
import { type TestServer, listeningServer } from '../http.js';

/**
 * The whole life of a verified organ, driven over real HTTP: the Mastodon
 * parts with the masto client library, the government parts with fetch.
 */
describe.each(DIALECTS)('verification flow over HTTP (%s)', (dialect) => {
  let s: TestServer & { url: string };
  beforeAll(async () => {
    s = await listeningServer(dialect, { provider: 'weibo.example' });
  });
  afterAll(async () => {
    await s?.close();
  });

  async function gov(method: string, path: string, token: string | null, body?: unknown) {
    const res = await fetch(s.url + path, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, json: (await res.json()) as any, link: res.headers.get('link') };
  }

  it('app → token → sign-up → apply → approve → gov filled → in the census feed; revoke → gone', async () => {
    const anon = createRestAPIClient({ url: s.url });
    const app = await anon.v1.apps.create({ clientName: 'govblog test', redirectUris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write follow' });
    expect(app.clientId).toBeTruthy();

    const oauth = createOAuthAPIClient({ url: s.url });
    const appToken = await oauth.token.create({
      grantType: 'client_credentials',
      clientId: app.clientId as string,
      clientSecret: app.clientSecret as string,
      redirectUri: 'urn:ietf:wg:oauth:2.0:oob',
      scope: 'read write follow',
    });
    expect(appToken.accessToken).toBeTruthy();

    const asApp = createRestAPIClient({ url: s.url, accessToken: appToken.accessToken });
    const userToken = await asApp.v1.accounts.create({ username: 'pinganbeijing', email: 'police@beijing.example', password: 'a long passphrase', agreement: true, locale: 'zh-CN' });
    const masto = createRestAPIClient({ url: s.url, accessToken: userToken.accessToken });
    const me = await masto.v1.accounts.verifyCredentials();
    expect(me.username).toBe('pinganbeijing');
    expect((me as unknown as { gov: unknown }).gov).toBeNull();
    await masto.v1.accounts.updateCredentials({ displayName: '平安北京' });

    const application = await gov('POST', '/api/v1/gov/verifications', userToken.accessToken, {
      kind: 'institutional',
      organ_name: '北京市公安局',
      organ: 'government',
      public_security: true,
      level: 'provincial',
      region_code: '110000',
      credit_code: creditCodeFor('110000', 42),
      verification: '北京市公安局官方微博',
      evidence: '京公函〔2012〕17号',
    });
    expect(application.status).toBe(201);
    expect(application.json.state).toBe('pending');

    const reviewer = await staffUser(s, 'reviewer');
    const queue = await gov('GET', '/api/v1/gov/verifications?state=pending', reviewer.token);
    expect(queue.json.map((v: { id: string }) => v.id)).toContain(application.json.id);

    // Not in the verified census feed before approval.
    const before = await gov('GET', '/api/v1/gov/directory', null);
    expect(before.json.map((r: { id: string }) => r.id)).not.toContain(me.id);

    const approved = await gov('POST', `/api/v1/gov/verifications/${application.json.id}/approve`, reviewer.token, { reason: '公函核实 Letter checked' });
    expect(approved.status).toBe(200);
    expect(approved.json.state).toBe('approved');

    const account = await masto.v1.accounts.$select(me.id).fetch();
    // masto hands fields over in camelCase.
    const g = (account as unknown as { gov: Record<string, unknown> }).gov;
    expect(g).toMatchObject({ kind: 'institutional', organ: 'government', publicSecurity: true, level: 'provincial', rank: null, province: '11', verification: '北京市公安局官方微博' });
    expect(typeof g.verifiedAt).toBe('string');

    const feed = await gov('GET', '/api/v1/gov/directory', null);
    expect(feed.json).toContainEqual({
      provider: 'weibo.example',
      id: me.id,
      handle: 'pinganbeijing',
      name: '平安北京',
      verified: true,
      verification: '北京市公安局官方微博',
      created_at: expect.any(String),
      closed_at: null,
      followers: 0,
      posts: 0,
      labels: { government: true, kind: 'institutional', organ: 'government', public_security: true, level: 'provincial', rank: null, province: '11' },
    });
    const directory = await masto.v1.directory.list({ limit: 80 });
    expect(directory.map((a) => a.id)).toContain(me.id);

    const revoked = await gov('POST', `/api/v1/gov/verifications/${application.json.id}/revoke`, reviewer.token, { reason: '账号移交 Account handed over' });
    expect(revoked.json.state).toBe('revoked');
    const after = await masto.v1.accounts.$select(me.id).fetch();
    expect((after as unknown as { gov: unknown }).gov).toBeNull();
    const feedAfter = await gov('GET', '/api/v1/gov/directory', null);
    expect(feedAfter.json.map((r: { id: string }) => r.id)).not.toContain(me.id);

    // Both decisions are in the audit log with the reviewer and the reasons.
    const audit = await gov('GET', '/api/v1/gov/audit_log', reviewer.token);
    const decisions = audit.json.filter((e: { subject_id: string }) => e.subject_id === application.json.id);
    expect(decisions.map((e: { action: string }) => e.action)).toEqual(['verification.revoke', 'verification.approve', 'verification.apply']);
    expect(decisions[0]).toMatchObject({ actor_id: reviewer.id, reason: '账号移交 Account handed over' });
  });

  it('revokes a token through /oauth/revoke so that it stops working', async () => {
    const anon = createRestAPIClient({ url: s.url });
    const app = await anon.v1.apps.create({ clientName: 'revoker', redirectUris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write' });
    const oauth = createOAuthAPIClient({ url: s.url });
    const token = await oauth.token.create({ grantType: 'client_credentials', clientId: app.clientId as string, clientSecret: app.clientSecret as string, redirectUri: 'urn:ietf:wg:oauth:2.0:oob', scope: 'read write' });
    const asApp = createRestAPIClient({ url: s.url, accessToken: token.accessToken });
    const user = await asApp.v1.accounts.create({ username: 'revoked_user', email: 'r@example.cn', password: 'a long passphrase', agreement: true, locale: 'zh-CN' });
    const masto = createRestAPIClient({ url: s.url, accessToken: user.accessToken });
    await expect(masto.v1.accounts.verifyCredentials()).resolves.toMatchObject({ username: 'revoked_user' });
    await oauth.revoke({ clientId: app.clientId as string, clientSecret: app.clientSecret as string, token: user.accessToken });
    await expect(masto.v1.accounts.verifyCredentials()).rejects.toMatchObject({ statusCode: 401 });
  });

  it('serves the instance documents that clients read first', async () => {
    const anon = createRestAPIClient({ url: s.url });
    const v2 = await anon.v2.instance.fetch();
    expect(v2.domain).toBe('weibo.example');
    expect(v2.configuration.statuses.maxCharacters).toBeGreaterThan(0);
    const v1 = await anon.v1.instance.fetch();
    expect(v1.uri).toBe('weibo.example');
  });
});
