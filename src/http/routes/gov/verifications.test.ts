import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import {
  citizen,
  creditCodeFor,
  institutionApplication,
  officialApplication,
  oversized,
  registerApp,
  staffUser,
  tokenWithScopes,
} from '../../../../test/factories.js';
import { type TestServer, multipartBody, testServer } from '../../../../test/http.js';

/** The `rel` links of a Link header, as absolute URLs. */
function links(header: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of String(header ?? '').matchAll(/<([^>]+)>;\s*rel="([^"]+)"/g)) out[m[2] as string] = m[1] as string;
  return out;
}

/** The path and query of an absolute URL, for inject. */
function pathOf(url: string): string {
  const u = new URL(url);
  return u.pathname + u.search;
}

describe.each(DIALECTS)('verification routes (%s)', (dialect) => {
  let s: TestServer;
  let reviewer: { token: string; id: string };

  beforeAll(async () => {
    s = await testServer(dialect);
    reviewer = await staffUser(s, 'reviewer');
  });
  afterAll(async () => {
    await s?.close();
  });

  const apply = (token: string | undefined, body: unknown) => s.call('POST', '/api/v1/gov/verifications', { ...(token ? { token } : {}), body });
  const decide = (token: string | undefined, id: string, decision: 'approve' | 'reject' | 'revoke', body: unknown = {}) =>
    s.call('POST', `/api/v1/gov/verifications/${id}/${decision}`, { ...(token ? { token } : {}), body });

  /** A new citizen with a pending application; returns both. */
  async function pending(overrides: Record<string, unknown> = {}) {
    const user = await citizen(s);
    const res = await apply(user.token, institutionApplication({ credit_code: creditCodeFor('110000'), ...overrides }));
    expect(res.status).toBe(201);
    return { user, id: res.json.id as string };
  }

  describe('refusals', () => {
    it('answers 401 without a token on every route', async () => {
      const { id } = await pending();
      for (const [method, url] of [
        ['POST', '/api/v1/gov/verifications'],
        ['GET', '/api/v1/gov/verifications'],
        ['GET', `/api/v1/gov/verifications/${id}`],
        ['POST', `/api/v1/gov/verifications/${id}/approve`],
        ['POST', `/api/v1/gov/verifications/${id}/reject`],
        ['POST', `/api/v1/gov/verifications/${id}/revoke`],
      ] as const) {
        const res = await s.call(method, url, method === 'POST' ? { body: method === 'POST' && url.endsWith('verifications') ? institutionApplication() : { reason: 'x' } } : {});
        expect(res.status, `${method} ${url}`).toBe(401);
        expect(res.json.code).toBe('token_required');
      }
    });

    it('answers 401 to an invalid or malformed bearer token', async () => {
      const bad = await s.call('GET', '/api/v1/gov/verifications', { token: 'not-a-token' });
      expect(bad.status).toBe(401);
      expect(bad.json.code).toBe('unauthorized');
      const malformed = await s.call('GET', '/api/v1/gov/verifications', { headers: { authorization: 'Bearer' } });
      expect(malformed.status).toBe(401);
      expect(malformed.json.code).toBe('unauthorized');
    });

    it('answers 401 to an app-only token: applications need a user', async () => {
      const { appToken } = await registerApp(s);
      const res = await apply(appToken, institutionApplication());
      expect(res.status).toBe(401);
      expect(res.json.code).toBe('token_required');
      const list = await s.call('GET', '/api/v1/gov/verifications', { token: appToken });
      expect(list.status).toBe(401);
    });

    it('answers 403 to a token without a write scope on the write routes, 200 on reads', async () => {
      const user = await citizen(s);
      const readOnly = await tokenWithScopes(s, user.id, ['read']);
      const res = await apply(readOnly, institutionApplication());
      expect(res.status).toBe(403);
      expect(res.json.code).toBe('insufficient_scope');
      expect((await s.call('GET', '/api/v1/gov/verifications', { token: readOnly })).status).toBe(200);

      const { id } = await pending();
      const reviewerReadOnly = await tokenWithScopes(s, reviewer.id, ['read']);
      const approve = await decide(reviewerReadOnly, id, 'approve');
      expect(approve.status).toBe(403);
      expect(approve.json.code).toBe('insufficient_scope');
    });

    it('answers 403 to a citizen who approves, rejects or revokes: insufficient_scope without admin scopes, forbidden with them', async () => {
      const { id } = await pending();
      const other = await citizen(s);
      const otherAdminScoped = await tokenWithScopes(s, other.id, ['read', 'write', 'admin:read', 'admin:write']);
      for (const d of ['approve', 'reject', 'revoke'] as const) {
        const plain = await decide(other.token, id, d, { reason: 'because' });
        expect(plain.status, d).toBe(403);
        expect(plain.json.code).toBe('insufficient_scope');
        const res = await decide(otherAdminScoped, id, d, { reason: 'because' });
        expect(res.status, d).toBe(403);
        expect(res.json.code).toBe('forbidden');
      }
      // The same answer whether or not the application exists: a 403 must not reveal ids.
      const missing = await decide(otherAdminScoped, '999999999', 'approve');
      expect(missing.status).toBe(403);
      expect(missing.json.code).toBe('forbidden');
      const { user, id: own } = await pending();
      const self = await decide(await tokenWithScopes(s, user.id, ['admin:write']), own, 'approve');
      expect(self.status).toBe(403);
      expect(self.json.code).toBe('forbidden');
    });

    it('answers 403 to an account that applies on behalf of another', async () => {
      const a = await citizen(s);
      const b = await citizen(s);
      const res = await apply(a.token, institutionApplication({ account_id: b.id }));
      expect(res.status).toBe(403);
      expect(res.json.code).toBe('forbidden');
      const list = await s.call('GET', '/api/v1/gov/verifications', { token: b.token });
      expect(list.json).toEqual([]);
      // Naming oneself is fine.
      expect((await apply(a.token, institutionApplication({ account_id: a.id }))).status).toBe(201);
    });

    it('answers 403 to a reviewer deciding their own application', async () => {
      const r = await staffUser(s, 'reviewer');
      const own = await apply(r.token, institutionApplication());
      expect(own.status).toBe(201);
      for (const d of ['approve', 'reject'] as const) {
        const res = await decide(r.token, own.json.id, d, { reason: 'mine' });
        expect(res.status, d).toBe(403);
        expect(res.json.code).toBe('forbidden');
      }
    });

    it('answers 422 naming credit_code when the code is bad or missing', async () => {
      const user = await citizen(s);
      const good = creditCodeFor('110000', 7);
      const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
      for (const credit_code of [wrongCheck, good.slice(0, 17), good.slice(0, 16) + 'I' + good[17], undefined, '']) {
        const res = await apply(user.token, institutionApplication({ credit_code }));
        expect(res.status, String(credit_code)).toBe(422);
        expect(res.json.code).toBe('validation_failed');
        expect(Object.keys(res.json.details)).toEqual(['credit_code']);
      }
      // Lower case, as written by hand, is accepted and stored upper case.
      const ok = await apply(user.token, institutionApplication({ credit_code: good.toLowerCase() }));
      expect(ok.status).toBe(201);
      expect(ok.json.credit_code).toBe(good);
    });

    it('answers 422 naming the field for schema failures', async () => {
      const user = await citizen(s);
      const cases: [Record<string, unknown>, string][] = [
        [{ kind: undefined }, 'kind'],
        [{ kind: 'robot' }, 'kind'],
        [{ organ: 'army' }, 'organ'],
        [{ level: 'galactic' }, 'level'],
        [{ organ_name: '' }, 'organ_name'],
        [{ verification: '   ' }, 'verification'],
        [{ evidence: undefined }, 'evidence'],
        [{ public_security: 'perhaps' }, 'public_security'],
        [{ account_id: 'abc' }, 'account_id'],
      ];
      for (const [overrides, field] of cases) {
        const res = await apply(user.token, institutionApplication(overrides));
        expect(res.status, field).toBe(422);
        expect(res.json.code).toBe('validation_failed');
        expect(res.json.details, field).toHaveProperty([field]);
      }
    });

    it('answers 422 to an individual without position or rank, or with a rank above the level', async () => {
      const user = await citizen(s);
      const noPosition = await apply(user.token, officialApplication({ position: undefined }));
      expect(noPosition.status).toBe(422);
      expect(noPosition.json.details).toHaveProperty(['position']);
      const noRank = await apply(user.token, officialApplication({ rank: undefined }));
      expect(noRank.status).toBe(422);
      expect(noRank.json.details).toHaveProperty(['rank']);
      const tooHigh = await apply(user.token, officialApplication({ rank: 'ministerial', level: 'county' }));
      expect(tooHigh.status).toBe(422);
      expect(tooHigh.json.details).toHaveProperty(['rank']);
      const bureauAtTownship = await apply(user.token, officialApplication({ rank: 'division', level: 'township', region_code: '430104' }));
      expect(bureauAtTownship.status).toBe(422);
      expect(bureauAtTownship.json.details).toHaveProperty(['rank']);
      // An institution has no rank.
      const institutionRank = await apply(user.token, institutionApplication({ rank: 'bureau' }));
      expect(institutionRank.status).toBe(422);
      expect(institutionRank.json.details).toHaveProperty(['rank']);
    });

    it('answers 422 to public_security with an organ outside government', async () => {
      const user = await citizen(s);
      const res = await apply(user.token, institutionApplication({ organ: 'court', public_security: true }));
      expect(res.status).toBe(422);
      expect(res.json.details).toHaveProperty(['public_security']);
    });

    it('answers 422 naming region_code when it names no province or does not fit the level', async () => {
      const user = await citizen(s);
      for (const region_code of ['990000', '000001', 'abcdef', '11000', '110101']) {
        const res = await apply(user.token, institutionApplication({ region_code }));
        expect(res.status, region_code).toBe(422);
        expect(res.json.details, region_code).toHaveProperty(['region_code']);
      }
      const missing = await apply(user.token, institutionApplication({ region_code: undefined, level: 'county' }));
      expect(missing.status).toBe(422);
      expect(missing.json.details).toHaveProperty(['region_code']);
    });

    it('answers 409 to a second pending application', async () => {
      const { user } = await pending();
      const res = await apply(user.token, institutionApplication());
      expect(res.status).toBe(409);
      expect(res.json.code).toBe('conflict');
    });

    it('answers 422 naming reason to a reject or revoke without one', async () => {
      const { id } = await pending();
      for (const body of [{}, { reason: '' }, { reason: '   ' }]) {
        const res = await decide(reviewer.token, id, 'reject', body);
        expect(res.status).toBe(422);
        expect(res.json.details).toHaveProperty(['reason']);
      }
      expect((await decide(reviewer.token, id, 'approve')).status).toBe(200);
      const revoke = await decide(reviewer.token, id, 'revoke', {});
      expect(revoke.status).toBe(422);
      expect(revoke.json.details).toHaveProperty(['reason']);
    });

    it('answers 422 invalid_state to a decision the state does not allow', async () => {
      const { id } = await pending();
      const revokePending = await decide(reviewer.token, id, 'revoke', { reason: 'r' });
      expect(revokePending.status).toBe(422);
      expect(revokePending.json.code).toBe('invalid_state');
      expect((await decide(reviewer.token, id, 'approve')).status).toBe(200);
      const again = await decide(reviewer.token, id, 'approve');
      expect(again.status).toBe(422);
      expect(again.json.code).toBe('invalid_state');
      const rejectApproved = await decide(reviewer.token, id, 'reject', { reason: 'r' });
      expect(rejectApproved.json.code).toBe('invalid_state');
      expect((await decide(reviewer.token, id, 'revoke', { reason: 'r' })).status).toBe(200);
      const approveRevoked = await decide(reviewer.token, id, 'approve');
      expect(approveRevoked.status).toBe(422);
      expect(approveRevoked.json.code).toBe('invalid_state');
    });

    it('hides an application from other citizens (404), and answers 404 to ids that are not ids', async () => {
      const { user, id } = await pending();
      expect((await s.call('GET', `/api/v1/gov/verifications/${id}`, { token: user.token })).status).toBe(200);
      expect((await s.call('GET', `/api/v1/gov/verifications/${id}`, { token: reviewer.token })).status).toBe(200);
      const other = await citizen(s);
      const hidden = await s.call('GET', `/api/v1/gov/verifications/${id}`, { token: other.token });
      expect(hidden.status).toBe(404);
      expect(hidden.json.code).toBe('not_found');
      for (const bad of ['abc', '1e3', '-1', '0x10', '99999999999999999999', '999999999']) {
        const get = await s.call('GET', `/api/v1/gov/verifications/${bad}`, { token: reviewer.token });
        expect(get.status, bad).toBe(404);
        const post = await decide(reviewer.token, bad, 'approve');
        expect(post.status, bad).toBe(404);
      }
    });

    it('answers 413 to bodies over 1 MiB, as JSON, form and multipart', async () => {
      const user = await citizen(s);
      const big = oversized();
      const json = await apply(user.token, institutionApplication({ evidence: big }));
      expect(json.status).toBe(413);
      expect(json.json.code).toBe('payload_too_large');
      const form = await s.call('POST', '/api/v1/gov/verifications', { token: user.token, form: { kind: 'institutional', evidence: big } });
      expect(form.status).toBe(413);
      const multi = await s.call('POST', '/api/v1/gov/verifications', { token: user.token, multipart: { kind: 'institutional', evidence: big } });
      expect(multi.status).toBe(413);
      expect(multi.json.code).toBe('payload_too_large');
      const many = await s.call('POST', '/api/v1/gov/verifications', {
        token: user.token,
        multipart: Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`f${i}`, 'y'.repeat(300 * 1024)])),
      });
      expect(many.status).toBe(413);
      // The same bodies without a Content-Length (chunked) are still held to the limit.
      const chunked = await multipartBody(Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`f${i}`, 'y'.repeat(300 * 1024)])));
      const streamed = await s.app.inject({
        method: 'POST',
        url: '/api/v1/gov/verifications',
        headers: { authorization: `Bearer ${user.token}`, 'content-type': chunked.contentType, 'transfer-encoding': 'chunked' },
        payload: Readable.from([chunked.payload]),
      });
      expect(streamed.statusCode).toBe(413);
      const decision = await s.call('POST', '/api/v1/gov/verifications/1/reject', { token: reviewer.token, body: { reason: big } });
      expect(decision.status).toBe(413);
    });

    it('never answers 5xx to odd bodies', async () => {
      const user = await citizen(s);
      const odd: { payload: string; type: string }[] = [
        { payload: '[]', type: 'application/json' },
        { payload: 'null', type: 'application/json' },
        { payload: '"text"', type: 'application/json' },
        { payload: '{', type: 'application/json' },
        { payload: '', type: 'application/json' },
        { payload: '{"kind":{"a":1},"organ":[1,2],"level":null}', type: 'application/json' },
        { payload: '{"__proto__":{"admin":true},"kind":"institutional"}', type: 'application/json' },
        { payload: 'kind[]=a&kind[]=b&organ[x]=1&__proto__[a]=1', type: 'application/x-www-form-urlencoded' },
        { payload: '--x\r\nbroken', type: 'multipart/form-data; boundary=x' },
        { payload: 'kind=institutional', type: 'text/plain' },
        { payload: '<xml/>', type: 'application/xml' },
      ];
      for (const { payload, type } of odd) {
        const res = await s.call('POST', '/api/v1/gov/verifications', { token: user.token, payload, headers: { 'content-type': type } });
        expect(res.status, `${type} ${payload}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${type} ${payload}`).toBeLessThan(500);
        expect(typeof res.json.error).toBe('string');
      }
      for (const payload of ['[]', '"x"', '{"reason":{"a":1}}', '{"reason":["a"]}']) {
        const res = await s.call('POST', '/api/v1/gov/verifications/1/reject', { token: reviewer.token, payload, headers: { 'content-type': 'application/json' } });
        expect(res.status, payload).toBeLessThan(500);
      }
      const list = await s.call('GET', '/api/v1/gov/verifications?limit=abc&state=nope&max_id=x', { token: reviewer.token });
      expect(list.status).toBe(422);
      expect(Object.keys(list.json.details).sort()).toEqual(['limit', 'max_id', 'state']);
    });
  });

  describe('happy paths', () => {
    it('applies as an organ, is approved, fills gov, is revoked, empties gov', async () => {
      const user = await citizen(s);
      const code = creditCodeFor('110000', 4242);
      const res = await apply(user.token, institutionApplication({ credit_code: code }));
      expect(res.status).toBe(201);
      expect(res.json).toMatchObject({
        account_id: user.id,
        state: 'pending',
        kind: 'institutional',
        organ: 'government',
        public_security: true,
        level: 'provincial',
        region_code: '110000',
        province: '11',
        credit_code: code,
        rank: null,
        verification: '北京市公安局官方微博',
        reason: null,
        reviewer_id: null,
        decided_at: null,
      });
      expect(res.json.account.id).toBe(user.id);
      const id = res.json.id as string;

      const approved = await decide(reviewer.token, id, 'approve', { reason: '公函核实' });
      expect(approved.status).toBe(200);
      expect(approved.json).toMatchObject({ id, state: 'approved', reviewer_id: reviewer.id, reason: '公函核实' });
      expect(approved.json.account.gov).toMatchObject({ kind: 'institutional', organ: 'government', public_security: true, level: 'provincial', rank: null, province: '11' });
      const me = await s.call('GET', '/api/v1/accounts/verify_credentials', { token: user.token });
      expect(me.json.gov.verification).toBe('北京市公安局官方微博');

      const revoked = await decide(reviewer.token, id, 'revoke', { reason: '账号移交' });
      expect(revoked.status).toBe(200);
      expect(revoked.json.state).toBe('revoked');
      expect(revoked.json.account.gov).toBeNull();
    });

    it('applies as an official serving in a verified organ, with the rank the level allows', async () => {
      const organ = await pending({ organ_name: '长沙市岳麓区人民政府', level: 'county', region_code: '430104', public_security: false, credit_code: creditCodeFor('430104') });
      expect((await decide(reviewer.token, organ.id, 'approve')).status).toBe(200);
      const official = await citizen(s);
      const res = await apply(official.token, officialApplication({ organ_account_id: organ.user.id }));
      expect(res.status).toBe(201);
      expect(res.json).toMatchObject({ kind: 'individual', rank: 'division', position: '副区长', organ_account_id: organ.user.id, credit_code: null });
      const ok = await decide(reviewer.token, res.json.id, 'approve');
      expect(ok.json.account.gov).toMatchObject({ kind: 'individual', level: 'county', rank: 'division', province: '43' });

      // The organ named must be a verified institution.
      const other = await citizen(s);
      const notOrgan = await apply(other.token, officialApplication({ organ_account_id: other.id }));
      expect(notOrgan.status).toBe(422);
      expect(notOrgan.json.details).toHaveProperty(['organ_account_id']);
    });

    it('lets a rejected applicant apply again', async () => {
      const { user, id } = await pending();
      const rejected = await decide(reviewer.token, id, 'reject', { reason: '材料不全 Letter missing' });
      expect(rejected.json).toMatchObject({ state: 'rejected', reason: '材料不全 Letter missing' });
      expect(rejected.json.account.gov).toBeNull();
      expect((await apply(user.token, institutionApplication())).status).toBe(201);
    });

    it('accepts applications as form-urlencoded and multipart bodies', async () => {
      const asStrings = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]));
      const a = await citizen(s);
      const form = await s.call('POST', '/api/v1/gov/verifications', { token: a.token, form: asStrings(institutionApplication({ public_security: 'true' })) });
      expect(form.status).toBe(201);
      expect(form.json.public_security).toBe(true);
      const b = await citizen(s);
      const multi = await s.call('POST', '/api/v1/gov/verifications', { token: b.token, multipart: asStrings(officialApplication({ public_security: '0', rank: 'section' })) });
      expect(multi.status).toBe(201);
      expect(multi.json).toMatchObject({ kind: 'individual', public_security: false, rank: 'section' });
    });

    it('lists only their own applications to a citizen, all to a reviewer', async () => {
      const mine = await pending();
      const theirs = await pending();
      const own = await s.call('GET', '/api/v1/gov/verifications', { token: mine.user.token });
      expect(own.status).toBe(200);
      expect(own.json.map((v: { id: string }) => v.id)).toEqual([mine.id]);
      const all = await s.call('GET', '/api/v1/gov/verifications?limit=80', { token: reviewer.token });
      const ids = all.json.map((v: { id: string }) => v.id);
      expect(ids).toEqual(expect.arrayContaining([mine.id, theirs.id]));
      // Newest first outside the queue.
      expect(ids).toEqual([...ids].sort((x: string, y: string) => Number(y) - Number(x)));
      // A citizen asking for the pending queue still sees only their own.
      const ownPending = await s.call('GET', '/api/v1/gov/verifications?state=pending', { token: theirs.user.token });
      expect(ownPending.json.map((v: { id: string }) => v.id)).toEqual([theirs.id]);
    });

    it('walks the reviewer queue oldest first through Link pages, each application once', async () => {
      // Approve whatever earlier tests left pending, so the queue is just these five.
      const left = await s.call('GET', '/api/v1/gov/verifications?state=pending&limit=80', { token: reviewer.token });
      for (const v of left.json as { id: string; account_id: string }[]) {
        if (v.account_id !== reviewer.id) await decide(reviewer.token, v.id, 'reject', { reason: 'cleanup' });
      }
      const created: string[] = [];
      for (let i = 0; i < 5; i++) created.push((await pending()).id);

      const seen: string[] = [];
      let url: string | undefined = '/api/v1/gov/verifications?state=pending&limit=2';
      let pages = 0;
      while (url && pages < 10) {
        const res = await s.call('GET', url, { token: reviewer.token });
        expect(res.status).toBe(200);
        seen.push(...res.json.filter((v: { account_id: string }) => v.account_id !== reviewer.id).map((v: { id: string }) => v.id));
        const next = links(res.headers.link).next;
        url = next ? pathOf(next) : undefined;
        pages += 1;
      }
      expect(seen).toEqual(created);
      expect(new Set(seen).size).toBe(seen.length);

      // `prev` from the second page leads back to the page just before it.
      const third = await s.call('GET', `/api/v1/gov/verifications?state=pending&limit=2&min_id=${created[1]}`, { token: reviewer.token });
      expect(third.json.map((v: { id: string }) => v.id)).toEqual(created.slice(2, 4));
      const back = await s.call('GET', pathOf(links(third.headers.link).prev as string), { token: reviewer.token });
      expect(back.json.map((v: { id: string }) => v.id)).toEqual(created.slice(0, 2));
    });
  });
});

