import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen } from '../../../../test/factories.js';
import { type TestServer, testServer } from '../../../../test/http.js';

describe.each(DIALECTS)('web pages behind the API url fields (%s)', (dialect) => {
  let s: TestServer;
  let who: Awaited<ReturnType<typeof citizen>>;
  beforeAll(async () => {
    s = await testServer(dialect);
    who = await citizen(s, 'pagetest');
    await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: who.token, body: { display_name: '<script>x()</script>', note: '<b>bold</b>' } });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('profile and status pages escape user text and show only public posts', async () => {
    const pub = await s.call('POST', '/api/v1/statuses', { token: who.token, body: { status: '<img src=x onerror=alert(1)> #公开#' } });
    const priv = await s.call('POST', '/api/v1/statuses', { token: who.token, body: { status: 'followers only', visibility: 'private' } });
    const profile = await s.call('GET', pub.json.account.url.replace('http://test.example', ''));
    expect(profile.status).toBe(200);
    expect(profile.headers['content-security-policy']).toContain("default-src 'none'");
    expect(profile.body).not.toMatch(/<script>x|<img src=x|<b>bold/);
    expect(profile.body).toContain('&lt;script&gt;x()&lt;/script&gt;');
    expect(profile.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(profile.body).not.toContain('followers only');

    const page = await s.call('GET', pub.json.url.replace('http://test.example', ''));
    expect(page.status).toBe(200);
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect((await s.call('GET', priv.json.url.replace('http://test.example', ''))).status).toBe(404);
    expect((await s.call('GET', `/@someoneelse/${pub.json.id}`)).status).toBe(404);
    expect((await s.call('GET', '/@nobody_here')).status).toBe(404);

    const tag = await s.call('GET', `/tags/${encodeURIComponent('公开')}`);
    expect(tag.status).toBe(200);
    expect(tag.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('shows the status text in the page title escaped once, not twice', async () => {
    const text = 'A & B <c> "d" 政务公开，便民服务';
    const st = await s.call('POST', '/api/v1/statuses', { token: who.token, body: { status: text } });
    const page = await s.call('GET', st.json.url.replace('http://test.example', ''));
    expect(page.status).toBe(200);
    const title = /<title>([^<]*)<\/title>/.exec(page.body)?.[1];
    expect(title).toBe('&lt;script&gt;x()&lt;/script&gt;: A &amp; B &lt;c&gt; &quot;d&quot; 政务公开，便民服务');
    expect(page.body).not.toMatch(/&amp;(amp|lt|gt|quot|#39);/);
  });
});
