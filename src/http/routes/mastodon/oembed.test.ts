import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen } from '../../../../test/factories.js';
import { type TestServer, testServer } from '../../../../test/http.js';

type Party = { token: string; id: string; username: string };

describe.each(DIALECTS)('oEmbed and the embed page (%s)', (dialect) => {
  let s: TestServer;
  let author: Party;
  let other: Party;
  const st: Record<string, { id: string; url: string; uri: string }> = {};
  const oembed = (url: string, extra = '') => s.call('GET', `/api/oembed?url=${encodeURIComponent(url)}${extra}`);

  beforeAll(async () => {
    s = await testServer(dialect);
    author = await citizen(s);
    other = await citizen(s);
    await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: author.token, body: { display_name: '市民<b>小李</b>' } });
    for (const [key, visibility, status] of [
      ['public', 'public', '供暖 <script>alert(1)</script> & "引号"'],
      ['unlisted', 'unlisted', '不公开列出的'],
      ['private', 'private', '仅关注者'],
      ['direct', 'direct', `@${other.username} 私信`],
    ] as const) {
      const r = await s.call('POST', '/api/v1/statuses', { token: author.token, body: { status, visibility } });
      expect(r.status).toBe(200);
      st[key] = r.json;
    }
    const rb = await s.call('POST', `/api/v1/statuses/${st.public?.id}/reblog`, { token: other.token });
    st.reblog = rb.json;
  });
  afterAll(async () => {
    await s?.close();
  });

  describe('what may not be embedded: 404', () => {
    it('a private, a direct or an unknown status, a reblog, a wrong handle, a foreign or malformed URL', async () => {
      const pub = st.public as { id: string; url: string };
      const home = new URL(pub.url);
      for (const url of [
        (st.private as { url: string }).url,
        (st.direct as { url: string }).url,
        `${home.origin}/@${author.username}/99999999`,
        `${home.origin}/@${other.username}/${(st.reblog as { id: string }).id}`,
        `${home.origin}/@${other.username}/${pub.id}`,
        `https://elsewhere.example/@${author.username}/${pub.id}`,
        `${home.origin}/tags/heating`,
        'not a url',
      ]) {
        const r = await oembed(url);
        expect(r.status, url).toBe(404);
        expect(r.json).toHaveProperty('error');
      }
      expect((await s.call('GET', '/api/oembed')).status).toBe(422);
      expect((await oembed(pub.url, '&maxwidth=wide')).status).toBe(422);
      for (const path of [`/@${author.username}/${(st.private as { id: string }).id}/embed`, `/@${other.username}/${pub.id}/embed`, `/@${author.username}/nope/embed`]) {
        const page = await s.call('GET', path);
        expect(page.status, path).toBe(404);
        expect(String(page.headers['content-type'])).toContain('text/html');
      }
    });
  });

  it("answers Mastodon's oEmbed JSON for the status url and uri, and the /users/:user/statuses/:id form", async () => {
    const pub = st.public as { id: string; url: string; uri: string };
    const home = new URL(pub.url);
    const r = await oembed(pub.url);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      type: 'rich',
      version: '1.0',
      author_name: '市民<b>小李</b>',
      author_url: `${home.origin}/@${author.username}`,
      provider_name: s.ctx.config.provider,
      provider_url: `${home.origin}/`,
      cache_age: 86400,
      html: `<iframe src="${pub.url}/embed" class="mastodon-embed" style="max-width: 100%; border: 0" width="400" allowfullscreen="allowfullscreen"></iframe>`,
      width: 400,
      height: null,
    });
    expect(r.json.html).not.toContain('<script');
    expect((await oembed(pub.uri)).json).toEqual(r.json);
    expect((await oembed(`${home.origin}/users/${author.username}/statuses/${pub.id}`)).json).toEqual(r.json);
    const sized = await oembed(pub.url, '&maxwidth=320&maxheight=240');
    expect(sized.json).toMatchObject({ width: 320, height: 240 });
    expect(sized.json.html).toContain('width="320" height="240"');
    expect((await oembed((st.unlisted as { url: string }).url)).status).toBe(200);
  });

  it('the embed page shows the status with every user text escaped, no script, a CSP that lets others frame it', async () => {
    const pub = st.public as { id: string; url: string };
    const page = await s.call('GET', new URL(`${pub.url}/embed`).pathname);
    expect(page.status).toBe(200);
    expect(String(page.headers['content-type'])).toContain('text/html');
    expect(page.body).not.toContain('<script');
    expect(page.body).not.toContain('<b>小李</b>');
    expect(page.body).toContain('市民&lt;b&gt;小李&lt;/b&gt;');
    expect(page.body).toContain('&lt;script&gt;');
    expect(page.body).toContain('<base target="_blank">');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain('frame-ancestors *');
    expect(csp).not.toContain('script-src');
  });
});
