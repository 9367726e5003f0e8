import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, tokenWithScopes } from '../../../../test/factories.js';
import { type TestServer, testServer } from '../../../../test/http.js';

describe.each(DIALECTS)('preferences (%s)', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(dialect);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('401 without a token, 403 without read:accounts; a bad privacy or language is a 422', async () => {
    const u = await citizen(s);
    expect((await s.call('GET', '/api/v1/preferences')).status).toBe(401);
    expect((await s.call('GET', '/api/v1/preferences', { token: await tokenWithScopes(s, u.id, ['read:statuses']) })).status).toBe(403);
    expect((await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: u.token, body: { source: { privacy: 'everyone' } } })).status).toBe(422);
    expect((await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: u.token, body: { source: { language: 'Chinese' } } })).status).toBe(422);
  });

  it('set through update_credentials source[…], shown in preferences and source, used when posting', async () => {
    const u = await citizen(s);
    const fresh = (await s.call('GET', '/api/v1/preferences', { token: u.token })).json;
    expect(fresh).toEqual({ 'posting:default:visibility': 'public', 'posting:default:sensitive': false, 'posting:default:language': null, 'reading:expand:media': 'default', 'reading:expand:spoilers': false });
    const r = await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: u.token, form: { 'source[privacy]': 'private', 'source[sensitive]': 'true', 'source[language]': 'zh' } });
    expect(r.status, r.body).toBe(200);
    expect(r.json.source).toMatchObject({ privacy: 'private', sensitive: true, language: 'zh' });
    expect((await s.call('GET', '/api/v1/preferences', { token: u.token })).json).toMatchObject({ 'posting:default:visibility': 'private', 'posting:default:sensitive': true, 'posting:default:language': 'zh' });
    const post = await s.call('POST', '/api/v1/statuses', { token: u.token, body: { status: '默认设置' } });
    expect(post.json).toMatchObject({ visibility: 'private', sensitive: true, language: 'zh' });
    const explicit = await s.call('POST', '/api/v1/statuses', { token: u.token, body: { status: 'explicit', visibility: 'public', sensitive: false, language: 'en' } });
    expect(explicit.json).toMatchObject({ visibility: 'public', sensitive: false, language: 'en' });
    await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: u.token, body: { source: { language: '' } } });
    expect((await s.call('GET', '/api/v1/preferences', { token: u.token })).json['posting:default:language']).toBeNull();
  });
});
