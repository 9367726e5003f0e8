import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, institutionApplication, registerApp, staffUser, tokenWithScopes } from '../../../../test/factories.js';
import { type TestServer, testServer } from '../../../../test/http.js';

function links(header: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of String(header ?? '').matchAll(/<([^>]+)>;\s*rel="([^"]+)"/g)) {
    const u = new URL(m[1] as string);
    out[m[2] as string] = u.pathname + u.search;
  }
  return out;
}

describe.each(DIALECTS)('audit log GET /api/v1/gov/audit_log (%s)', (dialect) => {
  let s: TestServer;
  let reviewer: { token: string; id: string };
  let alice: { token: string; id: string };
  let bob: { token: string; id: string };
  /** Alice's application: applied, rejected, applied again, approved, revoked. */
  let first: string;
  let second: string;

  beforeAll(async () => {
    s = await testServer(dialect);
    reviewer = await staffUser(s, 'reviewer');
    alice = await citizen(s);
    bob = await citizen(s);
    const post = (url: string, token: string, body: unknown) => s.call('POST', url, { token, body });
    first = (await post('/api/v1/gov/verifications', alice.token, institutionApplication())).json.id;
    await post(`/api/v1/gov/verifications/${first}/reject`, reviewer.token, { reason: '材料不全' });
    second = (await post('/api/v1/gov/verifications', alice.token, institutionApplication())).json.id;
    await post(`/api/v1/gov/verifications/${second}/approve`, reviewer.token, { reason: '公函核实' });
    await post(`/api/v1/gov/verifications/${second}/revoke`, reviewer.token, { reason: '账号移交' });
    await post('/api/v1/gov/verifications', bob.token, institutionApplication());
  });
  afterAll(async () => {
    await s?.close();
  });

  describe('refusals', () => {
    it('answers 401 without a token, to a bad one and to an app-only token', async () => {
      const none = await s.call('GET', '/api/v1/gov/audit_log');
      expect(none.status).toBe(401);
      expect(none.json.code).toBe('token_required');
      const bad = await s.call('GET', '/api/v1/gov/audit_log', { token: 'forged' });
      expect(bad.status).toBe(401);
      expect(bad.json.code).toBe('unauthorized');
      const { appToken } = await registerApp(s);
      const app = await s.call('GET', '/api/v1/gov/audit_log', { token: appToken });
      expect(app.status).toBe(401);
      expect(app.json.code).toBe('token_required');
    });

    it('answers 403 to a token without a read scope', async () => {
      const writeOnly = await tokenWithScopes(s, reviewer.id, ['write']);
      const res = await s.call('GET', '/api/v1/gov/audit_log', { token: writeOnly });
      expect(res.status).toBe(403);
      expect(res.json.code).toBe('insufficient_scope');
    });

    it('answers 422 naming the parameter to a bad limit or cursor', async () => {
      for (const [q, field] of [
        ['limit=0', 'limit'],
        ['limit=81', 'limit'],
        ['limit=many', 'limit'],
        ['max_id=abc', 'max_id'],
        ['min_id=1.5', 'min_id'],
      ] as const) {
        const res = await s.call('GET', `/api/v1/gov/audit_log?${q}`, { token: reviewer.token });
        expect(res.status, q).toBe(422);
        expect(Object.keys(res.json.details), q).toEqual([field]);
      }
    });
  });

  describe('entries', () => {
    it('shows a reviewer every decision, newest first, with actor and reason', async () => {
      const res = await s.call('GET', '/api/v1/gov/audit_log?limit=80', { token: reviewer.token });
      expect(res.status).toBe(200);
      const entries = res.json as { id: string; action: string; actor_id: string; subject_type: string; subject_id: string; reason: string | null; data: unknown; created_at: string; operator_id: string | null }[];
      const ids = entries.map((e) => e.id);
      expect(ids).toEqual([...ids].sort((a, b) => Number(b) - Number(a)));
      expect(entries.map((e) => e.action)).toEqual([
        'verification.apply',
        'verification.revoke',
        'verification.approve',
        'verification.apply',
        'verification.reject',
        'verification.apply',
      ]);
      expect(entries[1]).toMatchObject({ actor_id: reviewer.id, operator_id: null, subject_type: 'verification', subject_id: second, reason: '账号移交', data: { account_id: alice.id } });
      expect(entries[4]).toMatchObject({ actor_id: reviewer.id, subject_id: first, reason: '材料不全' });
      expect(entries[5]).toMatchObject({ actor_id: alice.id, subject_id: first, reason: null });
      for (const e of entries) expect(Object.keys(e).sort()).toEqual(['action', 'actor_id', 'created_at', 'data', 'id', 'operator_id', 'reason', 'subject_id', 'subject_type']);
    });

    it("shows a citizen their own acts, not another's", async () => {
      const mine = await s.call('GET', '/api/v1/gov/audit_log', { token: bob.token });
      expect(mine.status).toBe(200);
      expect(mine.json.map((e: { action: string; actor_id: string }) => [e.action, e.actor_id])).toEqual([['verification.apply', bob.id]]);
      const aliceSees = await s.call('GET', '/api/v1/gov/audit_log', { token: alice.token });
      expect(aliceSees.json.every((e: { actor_id: string }) => e.actor_id === alice.id)).toBe(true);
      expect(aliceSees.json).toHaveLength(2);
    });

    it('pages by Link: next walks older entries, prev newer ones, each entry once', async () => {
      const all = (await s.call('GET', '/api/v1/gov/audit_log?limit=80', { token: reviewer.token })).json.map((e: { id: string }) => e.id) as string[];
      const seen: string[] = [];
      let url: string | undefined = '/api/v1/gov/audit_log?limit=2';
      let last: { json: { id: string }[]; headers: Record<string, unknown> } | undefined;
      for (let i = 0; url && i < 20; i++) {
        const res = await s.call('GET', url, { token: reviewer.token });
        if (res.json.length === 0) break;
        seen.push(...res.json.map((e: { id: string }) => e.id));
        last = res;
        url = links(res.headers.link).next;
      }
      expect(seen).toEqual(all);

      // Back up from the oldest page: each prev page is the one just above, newest first.
      const back: string[][] = [];
      url = links(last?.headers.link).prev;
      for (let i = 0; url && i < 20; i++) {
        const res = await s.call('GET', url, { token: reviewer.token });
        if (res.json.length === 0) break;
        back.push(res.json.map((e: { id: string }) => e.id));
        url = links(res.headers.link).prev;
      }
      const pages: string[][] = [];
      for (let i = 0; i < all.length; i += 2) pages.push(all.slice(i, i + 2));
      expect(back).toEqual(pages.slice(0, -1).reverse());
    });
  });
});
