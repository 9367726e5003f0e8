import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizen, institutionApplication, officialApplication } from '../../../test/factories.js';
import { type TestServer, testServer } from '../../../test/http.js';

/**
 * What an error tells a client besides Mastodon's English: the field's reason and what it names, what a 404 looked
 * for. The web UI says these in its user's language (web/src/errors.test.ts takes the same shapes).
 */
describe('error reasons for clients', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer('sqlite');
  });
  afterAll(async () => {
    await s?.close();
  });

  it('names the credit code problem', async () => {
    const user = await citizen(s);
    const res = await s.call('POST', '/api/v1/gov/verifications', { token: user.token, body: institutionApplication({ credit_code: '11110000000000000X' }) });
    expect(res.status).toBe(422);
    expect(res.json.code).toBe('validation_failed');
    expect(res.json.details.credit_code[0]).toMatchObject({ error: 'ERR_INVALID', reason: expect.stringMatching(/^credit_code_(check|alphabet)$/) });
  });

  it('names the rank and level of a rank above the level', async () => {
    const user = await citizen(s);
    const res = await s.call('POST', '/api/v1/gov/verifications', { token: user.token, body: officialApplication({ rank: 'ministerial', level: 'county' }) });
    expect(res.status).toBe(422);
    expect(res.json.details.rank[0]).toMatchObject({ error: 'ERR_INVALID', reason: 'rank_above_level', params: { rank: 'ministerial', level: 'county' } });
  });

  it('says what a 404 looked for, keeping Mastodon\'s error text', async () => {
    const res = await s.call('GET', '/api/v1/accounts/999999999');
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: 'Account not found', code: 'not_found', resource: 'account' });
  });

  it('gives a schema failure its reason and limit', async () => {
    const user = await citizen(s);
    const res = await s.call('POST', '/api/v1/lists', { token: user.token, body: { title: 'x'.repeat(5000) } });
    expect(res.status).toBe(422);
    expect(res.json.details.title[0]).toMatchObject({ error: 'ERR_INVALID', reason: 'too_long', params: { count: expect.any(Number) } });
    const missing = await s.call('POST', '/api/v1/lists', { token: user.token, body: {} });
    expect(missing.status).toBe(422);
    expect(missing.json.details.title[0]).toMatchObject({ error: 'ERR_BLANK' });
  });

  it('names sign-up problems with their limits', async () => {
    const app = await s.call('POST', '/api/v1/apps', { body: { client_name: 'probe', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write' } });
    const token = await s.call('POST', '/oauth/token', {
      body: { grant_type: 'client_credentials', client_id: app.json.client_id, client_secret: app.json.client_secret, scope: 'write' },
    });
    const res = await s.call('POST', '/api/v1/accounts', { token: String(token.json.access_token), body: { username: 'a-b', email: 'x@example.org', password: 'short', agreement: false, locale: 'zh-CN' } });
    expect(res.status).toBe(422);
    expect(res.json.details.username[0]).toMatchObject({ error: 'ERR_INVALID', reason: 'username_characters' });
    expect(res.json.details.password[0]).toMatchObject({ error: 'ERR_TOO_SHORT', params: { count: expect.any(Number) } });
    expect(res.json.details.agreement[0]).toMatchObject({ error: 'ERR_ACCEPTED' });
  });
});
