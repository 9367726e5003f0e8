import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, tokenWithScopes } from '../../../../test/factories.js';
import { type TestServer, testServer } from '../../../../test/http.js';

describe.each(DIALECTS)('e-mail confirmation routes (%s)', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(dialect);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('401 without a token, 403 without the scope; a confirmed account is refused a resend with Mastodon’s message; the check is true', async () => {
    expect((await s.call('POST', '/api/v1/emails/confirmations')).status).toBe(401);
    expect((await s.call('GET', '/api/v1/emails/check_confirmation')).status).toBe(401);
    const u = await citizen(s);
    const readOnly = await tokenWithScopes(s, u.id, ['read']);
    expect((await s.call('POST', '/api/v1/emails/confirmations', { token: readOnly })).status).toBe(403);
    const resend = await s.call('POST', '/api/v1/emails/confirmations', { token: u.token, body: { email: 'x@example.gov.cn' } });
    expect(resend.status).toBe(403);
    expect(resend.json.error).toBe('This method is only available while the e-mail is awaiting confirmation');
    const check = await s.call('GET', '/api/v1/emails/check_confirmation', { token: readOnly });
    expect(check.status).toBe(200);
    expect(check.json).toBe(true);
  });
});
