import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, staffUser, tokenWithScopes } from '../../../../test/factories.js';
import { fastOrgan, operatorOf } from '../../../../test/gov-cast.js';
import { mintToken } from '../../../oauth/tokens.js';
import { type TestServer, testServer } from '../../../../test/http.js';

type Party = { token: string; id: string };

describe.each(DIALECTS)('admin tags (%s)', (dialect) => {
  let s: TestServer;
  let admin: Party;
  let reviewer: Party;
  let someone: Party;
  const ids: Record<string, string> = {};

  const post = async (who: Party, status: string) => {
    const r = await s.call('POST', '/api/v1/statuses', { token: who.token, body: { status } });
    expect(r.status).toBe(200);
    return r.json;
  };
  const audit = async () => (await s.call('GET', '/api/v1/gov/audit_log?limit=80', { token: admin.token })).json.filter((e: { action: string }) => e.action === 'tag.update');

  beforeAll(async () => {
    s = await testServer(dialect);
    admin = await staffUser(s, 'admin');
    reviewer = await staffUser(s, 'reviewer');
    someone = await citizen(s);
    for (const name of ['Heating', 'Transit', 'Spam', 'Flood']) {
      const st = await post(someone, `通知 #${name}`);
      ids[name.toLowerCase()] = st.tags.length ? (await s.call('GET', `/api/v1/tags/${name}`, { token: someone.token })).json.id : '';
    }
  });
  afterAll(async () => {
    await s?.close();
  });

  describe('who may not', () => {
    const routes = (): [string, string, Record<string, unknown>?][] => [
      ['GET', '/api/v1/admin/tags'],
      ['GET', `/api/v1/admin/tags/${ids.heating}`],
      ['PUT', `/api/v1/admin/tags/${ids.heating}`, { usable: false }],
    ];

    it('answers 401 without a token', async () => {
      for (const [method, url, body] of routes()) expect((await s.call(method as 'GET', url, { body })).status).toBe(401);
    });

    it('answers 403 to a citizen (even with admin scopes), to a reviewer acting for an organ, and to staff whose token lacks the admin scope', async () => {
      const readOnly = await tokenWithScopes(s, admin.id, ['read', 'write']);
      for (const [method, url, body] of routes()) {
        expect((await s.call(method as 'GET', url, { token: someone.token, body })).status).toBe(403);
        expect((await s.call(method as 'GET', url, { token: readOnly, body })).status).toBe(403);
      }
      // A citizen given the admin scopes, and a reviewer acting as an organ's operator with them: the policy still says no.
      const scopedCitizen = await tokenWithScopes(s, someone.id, ['admin:read', 'admin:write']);
      const organ = await fastOrgan(s, reviewer.token);
      await operatorOf(s, organ, reviewer as Party & { username: string });
      const operatorAdmin = (await mintToken(s.ctx, s.ctx.db, { appId: null, accountId: Number(organ.id), operatorId: Number(reviewer.id), scopes: ['admin:read', 'admin:write'] })).access_token;
      for (const token of [scopedCitizen, operatorAdmin]) {
        for (const [method, url, body] of routes()) {
          const r = await s.call(method as 'GET', url, { token, body });
          expect(r.status, `${method} ${url}`).toBe(403);
        }
      }
      const readScope = await tokenWithScopes(s, admin.id, ['admin:read']);
      expect((await s.call('PUT', `/api/v1/admin/tags/${ids.heating}`, { token: readScope, body: { usable: false } })).status).toBe(403);
      const t = (await s.call('GET', `/api/v1/admin/tags/${ids.heating}`, { token: admin.token })).json;
      expect(t).toMatchObject({ usable: true, requires_review: true });
      expect(await audit()).toEqual([]);
    });

    it('answers 404 for an unknown tag and 422 for a display name of another hashtag', async () => {
      expect((await s.call('GET', '/api/v1/admin/tags/999999', { token: admin.token })).status).toBe(404);
      expect((await s.call('GET', '/api/v1/admin/tags/nope', { token: admin.token })).status).toBe(404);
      expect((await s.call('PUT', '/api/v1/admin/tags/999999', { token: admin.token, body: { usable: false } })).status).toBe(404);
      const r = await s.call('PUT', `/api/v1/admin/tags/${ids.heating}`, { token: admin.token, body: { display_name: 'Cooling' } });
      expect(r.status).toBe(422);
      expect(r.json.details).toHaveProperty('display_name');
      expect((await s.call('PUT', `/api/v1/admin/tags/${ids.heating}`, { token: admin.token, body: { usable: 'maybe' } })).status).toBe(422);
    });
  });

  it('lists every hashtag newest first, paged by id with Link headers', async () => {
    const first = await s.call('GET', '/api/v1/admin/tags?limit=2', { token: reviewer.token });
    expect(first.status).toBe(200);
    expect(first.json.map((t: { name: string }) => t.name)).toEqual(['Flood', 'Spam']);
    expect(first.json[0]).toMatchObject({ id: ids.flood, name: 'Flood', url: expect.stringContaining('/tags/flood'), trendable: expect.any(Boolean), usable: true, requires_review: true });
    expect(first.json[0].history).toHaveLength(7);
    const link = String(first.headers.link);
    expect(link).toContain('rel="next"');
    expect(link).toContain('rel="prev"');
    const next = /<([^>]+)>; rel="next"/.exec(link)?.[1] as string;
    const second = await s.call('GET', new URL(next).pathname + new URL(next).search, { token: reviewer.token });
    expect(second.json.map((t: { name: string }) => t.name)).toEqual(['Transit', 'Heating']);
    expect((await s.call('GET', `/api/v1/admin/tags?min_id=${ids.heating}&limit=2`, { token: reviewer.token })).json.map((t: { name: string }) => t.name)).toEqual(['Spam', 'Transit']);
  });

  it('updates the spelling and trendable, marks the tag reviewed and writes the audit log', async () => {
    const r = await s.call('PUT', `/api/v1/admin/tags/${ids.transit}`, { token: reviewer.token, body: { display_name: 'TRANSIT', trendable: true } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ id: ids.transit, name: 'TRANSIT', trendable: true, usable: true, requires_review: false });
    expect((await s.call('GET', `/api/v1/admin/tags/${ids.transit}`, { token: admin.token })).json).toMatchObject({ name: 'TRANSIT', trendable: true, requires_review: false });
    // form bodies, as some apps send them
    const f = await s.call('PUT', `/api/v1/admin/tags/${ids.transit}`, { token: admin.token, form: { trendable: 'false' } });
    expect(f.status, JSON.stringify(f.json)).toBe(200);
    expect(f.json).toMatchObject({ name: 'TRANSIT', trendable: false });
    expect(await audit()).toContainEqual(expect.objectContaining({ actor_id: reviewer.id, subject_type: 'tag', subject_id: ids.transit }));
  });

  it('usable=false: new posts are no longer filed under the hashtag; usable=true files them again', async () => {
    const r = await s.call('PUT', `/api/v1/admin/tags/${ids.spam}`, { token: admin.token, body: { usable: false } });
    expect(r.json).toMatchObject({ usable: false, requires_review: false });
    const later = await post(someone, '再发 #Spam');
    expect(later.tags).toEqual([]);
    const timeline = (await s.call('GET', '/api/v1/timelines/tag/spam', { token: someone.token })).json.map((st: { id: string }) => st.id);
    expect(timeline).not.toContain(later.id);
    expect(timeline).toHaveLength(1); // the post from before stays filed
    await s.call('PUT', `/api/v1/admin/tags/${ids.spam}`, { token: admin.token, body: { usable: true } });
    const again = await post(someone, '又发 #spam');
    expect(again.tags.map((t: { name: string }) => t.name)).toEqual(['Spam']);
  });

  it('listable=false: hashtag search leaves it out; listable=true lists it again', async () => {
    const search = async () => (await s.call('GET', '/api/v2/search?q=%23flo&type=hashtags', { token: someone.token })).json.hashtags.map((t: { name: string }) => t.name.toLowerCase());
    expect(await search()).toEqual(['flood']);
    expect((await s.call('PUT', `/api/v1/admin/tags/${ids.flood}`, { token: admin.token, body: { listable: false } })).status).toBe(200);
    expect(await search()).toEqual([]);
    await s.call('PUT', `/api/v1/admin/tags/${ids.flood}`, { token: admin.token, body: { listable: 'true' } });
    expect(await search()).toEqual(['flood']);
    const entries = await audit();
    expect(entries).toContainEqual(expect.objectContaining({ actor_id: admin.id, subject_id: ids.flood }));
  });
});
