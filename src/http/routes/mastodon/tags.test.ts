import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, tokenWithScopes, homeIds as homeIdsOf, postStatus } from '../../../../test/factories.js';
import { type TestServer, testServer } from '../../../../test/http.js';

type User = Awaited<ReturnType<typeof citizen>>;

describe.each(DIALECTS)('followed and featured tags (%s)', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(dialect);
  });
  afterAll(async () => {
    await s?.close();
  });
  const post = (u: User, body: Record<string, unknown>) => postStatus(s, u, body);
  const homeIds = (u: User) => homeIdsOf(s, u);

  it('refusals: 401, 403 without the scopes, 422 for no hashtag, 404 for an unknown one', async () => {
    const u = await citizen(s);
    expect((await s.call('POST', '/api/v1/tags/雾霾/follow')).status).toBe(401);
    expect((await s.call('GET', '/api/v1/followed_tags')).status).toBe(401);
    expect((await s.call('POST', '/api/v1/featured_tags', { body: { name: 'x' } })).status).toBe(401);
    const narrow = await tokenWithScopes(s, u.id, ['read:statuses']);
    expect((await s.call('POST', '/api/v1/tags/雾霾/follow', { token: narrow })).status).toBe(403);
    expect((await s.call('GET', '/api/v1/followed_tags', { token: narrow })).status).toBe(403);
    expect((await s.call('POST', '/api/v1/tags/a%20b/follow', { token: u.token })).status).toBe(422);
    // A valid name nobody used: Mastodon's unsaved Tag (empty id, a week of zeros), not a 404; an invalid one is a 404.
    const unused = await s.call('GET', '/api/v1/tags/never_used_here', { token: u.token });
    expect(unused.status).toBe(200);
    expect(unused.json).toMatchObject({ id: '', name: 'never_used_here', following: false, featuring: false });
    expect(unused.json.history).toHaveLength(7);
    expect(unused.json.history.every((d: { uses: string }) => d.uses === '0')).toBe(true);
    expect((await s.call('GET', '/api/v1/tags/a%20b')).status).toBe(404);
    expect((await s.call('POST', '/api/v1/featured_tags', { token: u.token, body: { name: '' } })).status).toBe(422);
  });

  it('follow a tag: following shows, its public posts reach home on write, unfollow stops them', async () => {
    const reader = await citizen(s);
    const author = await citizen(s);
    const followed = await s.call('POST', `/api/v1/tags/${encodeURIComponent('#政务公开#')}/follow`, { token: reader.token });
    expect(followed.status, followed.body).toBe(200);
    expect(followed.json).toMatchObject({ name: '政务公开', following: true });
    expect(followed.json.history).toHaveLength(7);
    const tagged = await post(author, { status: '今天 #政务公开# 发布' });
    const unlisted = await post(author, { status: '#政务公开 不公开', visibility: 'unlisted' });
    const plain = await post(author, { status: '无标签' });
    const home = await homeIds(reader);
    expect(home).toContain(tagged);
    expect(home).not.toContain(unlisted);
    expect(home).not.toContain(plain);
    expect((await s.call('GET', `/api/v1/tags/${encodeURIComponent('政务公开')}`, { token: reader.token })).json.following).toBe(true);
    expect((await s.call('GET', `/api/v1/tags/${encodeURIComponent('政务公开')}`, { token: author.token })).json.following).toBe(false);
    expect((await s.call('GET', `/api/v1/tags/${encodeURIComponent('政务公开')}`)).json.following).toBeUndefined();
    await s.call('POST', '/api/v1/tags/second/follow', { token: reader.token });
    const list = await s.call('GET', '/api/v1/followed_tags?limit=1', { token: reader.token });
    expect(list.json.map((t: { name: string }) => t.name)).toEqual(['second']);
    expect(String(list.headers.link)).toContain('max_id=');
    const unf = await s.call('POST', `/api/v1/tags/${encodeURIComponent('政务公开')}/unfollow`, { token: reader.token });
    expect(unf.json.following).toBe(false);
    const later = await post(author, { status: '又一条 #政务公开#' });
    expect(await homeIds(reader)).not.toContain(later);
    expect((await s.call('GET', '/api/v1/followed_tags', { token: reader.token })).json.map((t: { name: string }) => t.name)).toEqual(['second']);
  });

  it('featured tags: add, count, list on the profile, suggestions, and another account may not remove one', async () => {
    const u = await citizen(s);
    const other = await citizen(s);
    await post(u, { status: '#雾霾# 一' });
    await post(u, { status: '#雾霾# 二' });
    await post(u, { status: '#交通# 三' });
    expect((await s.call('GET', '/api/v1/featured_tags/suggestions', { token: u.token })).json.map((t: { name: string }) => t.name)).toEqual(['雾霾', '交通']);
    const f = await s.call('POST', '/api/v1/featured_tags', { token: u.token, body: { name: '雾霾' } });
    expect(f.status, f.body).toBe(200);
    expect(f.json).toMatchObject({ name: '雾霾', statuses_count: '2' });
    expect(f.json.last_status_at).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(f.json.url).toContain(`/@${u.username}/tagged/`);
    expect((await s.call('POST', '/api/v1/featured_tags', { token: u.token, body: { name: '雾霾' } })).status).toBe(422);
    expect((await s.call('GET', '/api/v1/featured_tags/suggestions', { token: u.token })).json.map((t: { name: string }) => t.name)).toEqual(['交通']);
    expect((await s.call('GET', `/api/v1/accounts/${u.id}/featured_tags`)).json.map((t: { id: string }) => t.id)).toEqual([f.json.id]);
    expect((await s.call('DELETE', `/api/v1/featured_tags/${f.json.id}`, { token: other.token })).status).toBe(404);
    expect((await s.call('GET', '/api/v1/featured_tags', { token: u.token })).json).toHaveLength(1);
    expect((await s.call('DELETE', `/api/v1/featured_tags/${f.json.id}`, { token: u.token })).status).toBe(200);
    expect((await s.call('GET', `/api/v1/accounts/${u.id}/featured_tags`)).json).toEqual([]);
    // Mastodon 4.4's tag routes, idempotent, with `featuring` on the Tag.
    for (let i = 0; i < 2; i++) expect((await s.call('POST', `/api/v1/tags/${encodeURIComponent('交通')}/feature`, { token: u.token })).json).toMatchObject({ name: '交通', featuring: true });
    expect((await s.call('GET', `/api/v1/accounts/${u.id}/featured_tags`)).json.map((t: { name: string }) => t.name)).toEqual(['交通']);
    expect((await s.call('POST', `/api/v1/tags/${encodeURIComponent('交通')}/unfeature`, { token: u.token })).json.featuring).toBe(false);
    expect((await s.call('GET', `/api/v1/accounts/${u.id}/featured_tags`)).json).toEqual([]);
    expect((await s.call('POST', `/api/v1/tags/x/feature`, { token: await tokenWithScopes(s, u.id, ['read']) })).status).toBe(403);
  });
});
