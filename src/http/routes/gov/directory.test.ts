import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, creditCodeFor, institutionApplication, officialApplication, staffUser } from '../../../../test/factories.js';
import { type TestServer, testServer } from '../../../../test/http.js';

const RECORD_KEYS = ['provider', 'id', 'handle', 'name', 'verified', 'verification', 'created_at', 'closed_at', 'followers', 'posts', 'labels'].sort();
const LABEL_KEYS = ['government', 'kind', 'organ', 'public_security', 'level', 'rank', 'province'].sort();
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function nextLink(header: unknown): string | undefined {
  const m = /<([^>]+)>;\s*rel="next"/.exec(String(header ?? ''));
  if (!m) return undefined;
  const u = new URL(m[1] as string);
  return u.pathname + u.search;
}

describe.each(DIALECTS)('census feed GET /api/v1/gov/directory (%s)', (dialect) => {
  let s: TestServer;
  let reviewer: { token: string; id: string };

  beforeAll(async () => {
    s = await testServer(dialect, { provider: 'weibo.example' });
    reviewer = await staffUser(s, 'reviewer');
  });
  afterAll(async () => {
    await s?.close();
  });

  /** A citizen verified through the API with this application; returns it and its verification id. */
  async function verifiedAccount(application: Record<string, unknown>, displayName?: string) {
    const user = await citizen(s);
    if (displayName) await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: user.token, body: { display_name: displayName } });
    const app = await s.call('POST', '/api/v1/gov/verifications', { token: user.token, body: application });
    expect(app.status).toBe(201);
    expect((await s.call('POST', `/api/v1/gov/verifications/${app.json.id}/approve`, { token: reviewer.token, body: {} })).status).toBe(200);
    return { ...user, verificationId: app.json.id as string };
  }

  /** Every page of the feed from the first, following `next`, with a hook between pages. */
  async function walk(first: string, between: (seen: readonly string[]) => Promise<void> = async () => {}) {
    const ids: string[] = [];
    let url: string | undefined = first;
    for (let page = 0; url && page < 50; page++) {
      const res = await s.call('GET', url);
      expect(res.status).toBe(200);
      ids.push(...res.json.map((r: { id: string }) => r.id));
      url = nextLink(res.headers.link);
      if (url) await between(ids);
    }
    return ids;
  }

  describe('refusals', () => {
    it('answers 401 to a bad token although the feed is public', async () => {
      const res = await s.call('GET', '/api/v1/gov/directory', { token: 'forged' });
      expect(res.status).toBe(401);
      expect(res.json.code).toBe('unauthorized');
    });

    it('answers 422 naming the parameter to a bad limit, cursor, offset or flag', async () => {
      const cases: [string, string][] = [
        ['limit=1001', 'limit'],
        ['limit=0', 'limit'],
        ['limit=-5', 'limit'],
        ['limit=ten', 'limit'],
        ['limit=1.5', 'limit'],
        ['min_id=abc', 'min_id'],
        ['min_id=-1', 'min_id'],
        ['offset=-1', 'offset'],
        ['verified=maybe', 'verified'],
      ];
      for (const [q, field] of cases) {
        const res = await s.call('GET', `/api/v1/gov/directory?${q}`);
        expect(res.status, q).toBe(422);
        expect(res.json.code).toBe('validation_failed');
        expect(Object.keys(res.json.details), q).toEqual([field]);
      }
    });
  });

  describe('records', () => {
    it('serves CONTRACT §2 records of verified accounts, public, ascending by id', async () => {
      const organ = await verifiedAccount(institutionApplication({ credit_code: creditCodeFor('110000') }), '平安北京');
      const official = await verifiedAccount(officialApplication());
      const plain = await citizen(s);

      const res = await s.call('GET', '/api/v1/gov/directory?limit=1000');
      expect(res.status).toBe(200);
      const records = res.json as Record<string, unknown>[];
      const ids = records.map((r) => r.id as string);
      expect(ids).toEqual([...ids].sort((a, b) => Number(a) - Number(b)));
      expect(ids).not.toContain(plain.id);
      for (const r of records) {
        expect(Object.keys(r).sort()).toEqual(RECORD_KEYS);
        expect(Object.keys(r.labels as object).sort()).toEqual(LABEL_KEYS);
        expect(r.created_at).toMatch(RFC3339);
        expect(r.verified).toBe(true);
      }
      expect(records.find((r) => r.id === organ.id)).toEqual({
        provider: 'weibo.example',
        id: organ.id,
        handle: organ.username,
        name: '平安北京',
        verified: true,
        verification: '北京市公安局官方微博',
        created_at: expect.stringMatching(RFC3339),
        closed_at: null,
        followers: 0,
        posts: 0,
        labels: { government: true, kind: 'institutional', organ: 'government', public_security: true, level: 'provincial', rank: null, province: '11' },
      });
      // A nameless account is named by its handle: `name` is required.
      expect(records.find((r) => r.id === official.id)).toMatchObject({
        name: official.username,
        verification: '湖南省长沙市岳麓区副区长',
        labels: { government: true, kind: 'individual', organ: 'government', public_security: false, level: 'county', rank: 'division', province: '43' },
      });
      // No Link when the page is not full.
      expect(res.headers.link).toBeUndefined();
    });

    it('includes unverified accounts with verified=false: labels null, verified false', async () => {
      const plain = await citizen(s);
      expect((await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: plain.token, body: { discoverable: true } })).status).toBe(200);
      const res = await s.call('GET', '/api/v1/gov/directory?verified=false&limit=1000');
      expect(res.status).toBe(200);
      const rec = res.json.find((r: { id: string }) => r.id === plain.id);
      expect(rec).toMatchObject({ id: plain.id, handle: plain.username, name: plain.username, verified: false, verification: null, labels: null, closed_at: null });
      expect(Object.keys(rec).sort()).toEqual(RECORD_KEYS);
      // And the verified ones with theirs.
      expect(res.json.some((r: { verified: boolean }) => r.verified)).toBe(true);
    });

    it('lists with verified=false only the accounts that chose to be discoverable and the verified ones, never a private citizen', async () => {
      const hidden = await citizen(s);
      const shown = await citizen(s);
      expect((await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: shown.token, body: { discoverable: true } })).status).toBe(200);
      const organ = await verifiedAccount(institutionApplication({ credit_code: creditCodeFor('110000') }));
      // An account that opted in and then out again is gone too.
      const changed = await citizen(s);
      await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: changed.token, body: { discoverable: true } });
      await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: changed.token, body: { discoverable: false } });

      const ids = await walk('/api/v1/gov/directory?verified=false&limit=2');
      expect(ids).not.toContain(hidden.id);
      expect(ids).not.toContain(changed.id);
      expect(ids).toContain(shown.id);
      expect(ids).toContain(organ.id);
      const single = await s.call('GET', '/api/v1/gov/directory?verified=false&limit=1000');
      expect(single.json.map((r: { id: string }) => r.id)).not.toContain(hidden.id);
      // The verified feed is unchanged: organs only, opted-in citizens or not.
      const verified = (await s.call('GET', '/api/v1/gov/directory?limit=1000')).json.map((r: { id: string }) => r.id);
      expect(verified).toContain(organ.id);
      expect(verified).not.toContain(shown.id);
    });

    it('keeps a closed account in the feed with closed_at set', async () => {
      const organ = await verifiedAccount(institutionApplication({ organ_name: '上海市公安局', region_code: '310000', credit_code: creditCodeFor('310000') }));
      const closedAt = '2013-01-02T03:04:05.000Z';
      await s.ctx.db.updateTable('accounts').set({ closed_at: closedAt }).where('id', '=', Number(organ.id)).execute();
      const res = await s.call('GET', '/api/v1/gov/directory?limit=1000');
      const rec = res.json.find((r: { id: string }) => r.id === organ.id);
      expect(rec).toMatchObject({ id: organ.id, verified: true, closed_at: closedAt, labels: { province: '31' } });
    });
  });

  describe('pagination', () => {
    it('walks every page by the next link, none lost or repeated, even when accounts are revoked between pages', async () => {
      const made: Awaited<ReturnType<typeof verifiedAccount>>[] = [];
      for (let i = 0; i < 7; i++) made.push(await verifiedAccount(institutionApplication({ credit_code: creditCodeFor('110000') })));
      const before = await walk('/api/v1/gov/directory?limit=1000');
      expect(new Set(before).size).toBe(before.length);

      // As soon as one of them has been read, revoke it and one not read yet.
      let seenThenRevoked: (typeof made)[number] | undefined;
      let unseenThenRevoked: (typeof made)[number] | undefined;
      const ids = await walk('/api/v1/gov/directory?limit=2', async (seen) => {
        if (seenThenRevoked) return;
        seenThenRevoked = made.find((m) => seen.includes(m.id));
        if (!seenThenRevoked) return;
        const unseen = made[made.length - 1] as (typeof made)[number];
        unseenThenRevoked = unseen;
        expect(seen).not.toContain(unseen.id);
        for (const m of [seenThenRevoked, unseen]) {
          const r = await s.call('POST', `/api/v1/gov/verifications/${m.verificationId}/revoke`, { token: reviewer.token, body: { reason: 'test' } });
          expect(r.status).toBe(200);
        }
      });
      expect(seenThenRevoked).toBeDefined();
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual([...ids].sort((a, b) => Number(a) - Number(b)));
      // Everything that stayed verified was read exactly once; the unread revoked one is gone.
      expect(ids).toEqual(before.filter((id) => id !== unseenThenRevoked?.id));
      expect(ids).toContain(seenThenRevoked?.id);
    });

    it('keeps verified=false and the limit in the next link', async () => {
      const all = await walk('/api/v1/gov/directory?verified=false&limit=1000');
      const paged = await walk('/api/v1/gov/directory?verified=false&limit=3');
      expect(paged).toEqual(all);
      const res = await s.call('GET', '/api/v1/gov/directory?verified=false&limit=3');
      const next = new URL(`http://x${nextLink(res.headers.link)}`);
      expect(next.searchParams.get('verified')).toBe('false');
      expect(next.searchParams.get('limit')).toBe('3');
      expect(next.searchParams.get('min_id')).toBe(res.json[2].id);
    });

    it('still accepts offset for the first pages', async () => {
      const all = (await s.call('GET', '/api/v1/gov/directory?limit=1000')).json.map((r: { id: string }) => r.id);
      const page = await s.call('GET', '/api/v1/gov/directory?limit=2&offset=1');
      expect(page.json.map((r: { id: string }) => r.id)).toEqual(all.slice(1, 3));
      // The next link switches to the keyset cursor.
      expect(nextLink(page.headers.link)).not.toContain('offset=');
    });
  });
});
