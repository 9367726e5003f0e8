import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../app/clock.js';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, creditCodeFor, institutionApplication, staffUser, tokenWithScopes } from '../../../../test/factories.js';
import { type TestServer, testServer } from '../../../../test/http.js';

/**
 * Issue 15: the name a verified account shows, the applicant told of each
 * decision, the reviewer's undo, division names and duplicates in the queue.
 */
describe.each(DIALECTS)('verification decisions (%s)', (dialect) => {
  let s: TestServer;
  let reviewer: { token: string; id: string };
  let otherReviewer: { token: string; id: string };
  // A clock of our own: the undo window is ten minutes of it.
  const clock = fixedClock(new Date());
  let serial = 7000;

  beforeAll(async () => {
    s = await testServer(dialect, {}, clock);
    reviewer = await staffUser(s, 'reviewer');
    otherReviewer = await staffUser(s, 'reviewer');
  });
  afterAll(async () => {
    await s?.close();
  });

  const apply = (token: string, body: unknown) => s.call('POST', '/api/v1/gov/verifications', { token, body });
  const decide = (token: string | undefined, id: string, decision: 'approve' | 'reject' | 'revoke' | 'undo', body: unknown = {}) =>
    s.call('POST', `/api/v1/gov/verifications/${id}/${decision}`, { ...(token ? { token } : {}), body });
  /** A fresh organ name and credit code, so that no other test's verification counts as a duplicate. */
  const jinan = (overrides: Record<string, unknown> = {}) => {
    serial += 1;
    return institutionApplication({
      organ_name: `济南市公安局${serial}`,
      public_security: true,
      level: 'prefectural',
      region_code: '370100',
      credit_code: creditCodeFor('370100', serial),
      verification: '济南市公安局官方微博',
      ...overrides,
    });
  };
  async function pending(overrides: Record<string, unknown> = {}) {
    const user = await citizen(s);
    const res = await apply(user.token, jinan(overrides));
    expect(res.status).toBe(201);
    return { user, id: res.json.id as string, body: res.json };
  }
  const me = async (token: string) => (await s.call('GET', '/api/v1/accounts/verify_credentials', { token })).json;
  const notifications = async (token: string) => (await s.call('GET', '/api/v1/notifications', { token })).json as any[];

  describe('refusals', () => {
    it('answers 401 to an undo without a token', async () => {
      const { id } = await pending();
      const res = await decide(undefined, id, 'undo');
      expect(res.status).toBe(401);
      expect(res.json.code).toBe('token_required');
    });

    it('answers 403 to a citizen who undoes: insufficient_scope without admin scopes, forbidden with them, the same for ids that do not exist', async () => {
      const { id } = await pending();
      expect((await decide(reviewer.token, id, 'reject', { reason: '材料不全' })).status).toBe(200);
      const other = await citizen(s);
      const plain = await decide(other.token, id, 'undo');
      expect(plain.status).toBe(403);
      expect(plain.json.code).toBe('insufficient_scope');
      const scoped = await tokenWithScopes(s, other.id, ['read', 'write', 'admin:read', 'admin:write']);
      expect((await decide(scoped, id, 'undo')).json.code).toBe('forbidden');
      expect((await decide(scoped, '999999999', 'undo')).status).toBe(403);
    });

    it('answers 403 to another reviewer, and to the deciding reviewer once ten minutes have passed', async () => {
      const { id } = await pending();
      expect((await decide(reviewer.token, id, 'approve')).status).toBe(200);
      const other = await decide(otherReviewer.token, id, 'undo');
      expect(other.status).toBe(403);
      expect(other.json.code).toBe('forbidden');
      clock.advance(10 * 60_000 + 1000);
      const late = await decide(reviewer.token, id, 'undo');
      expect(late.status).toBe(403);
      expect(late.json.code).toBe('forbidden');
      const still = (await s.call('GET', `/api/v1/gov/verifications/${id}`, { token: reviewer.token })).json;
      expect(still.state).toBe('approved');
      expect(Date.parse(still.undo_until)).toBeLessThan(clock.now().getTime());
    });

    it('answers 404 to an unknown id and 422 invalid_state to an undo of a pending or revoked application', async () => {
      expect((await decide(reviewer.token, '999999999', 'undo')).status).toBe(404);
      expect((await decide(reviewer.token, 'nope', 'undo')).status).toBe(404);
      const { id } = await pending();
      const nothing = await decide(reviewer.token, id, 'undo');
      expect(nothing.status).toBe(422);
      expect(nothing.json.code).toBe('invalid_state');
      expect((await decide(reviewer.token, id, 'approve')).status).toBe(200);
      expect((await decide(reviewer.token, id, 'revoke', { reason: '移交' })).status).toBe(200);
      const revoked = await decide(reviewer.token, id, 'undo');
      expect(revoked.status).toBe(422);
      expect(revoked.json.code).toBe('invalid_state');
    });

    it('answers 409 to an undo of a rejection after the applicant applied again', async () => {
      const { user, id } = await pending();
      expect((await decide(reviewer.token, id, 'reject', { reason: '材料不全' })).status).toBe(200);
      expect((await apply(user.token, jinan())).status).toBe(201);
      const res = await decide(reviewer.token, id, 'undo');
      expect(res.status).toBe(409);
      expect(res.json.code).toBe('conflict');
    });

    it('answers 422 naming display_name to a blank, long or control-character name, and to a name given with a rejection', async () => {
      const { id } = await pending();
      for (const name of ['   ', '公'.repeat(31), '济南\u0007公安', '济南\u202e公安']) {
        const res = await decide(reviewer.token, id, 'approve', { display_name: name });
        expect(res.status, JSON.stringify(name)).toBe(422);
        expect(Object.keys(res.json.details)).toEqual(['display_name']);
      }
      const rejected = await decide(reviewer.token, id, 'reject', { reason: '不符', display_name: '济南公安' });
      expect(rejected.status).toBe(422);
      expect(Object.keys(rejected.json.details)).toEqual(['display_name']);
      expect((await s.call('GET', `/api/v1/gov/verifications/${id}`, { token: reviewer.token })).json.state).toBe('pending');
    });

    it('answers 422 naming account_name to an application asking for a name that cannot be one', async () => {
      const user = await citizen(s);
      for (const name of ['公'.repeat(31), '济南\u200b公安', '济南\n公安']) {
        const res = await apply(user.token, jinan({ account_name: name }));
        expect(res.status, JSON.stringify(name)).toBe(422);
        expect(Object.keys(res.json.details)).toEqual(['account_name']);
      }
    });
  });

  describe('happy paths', () => {
    it("approves under the reviewer's chosen name, which then holds: a rename is refused", async () => {
      const { user, id, body } = await pending({ account_name: '济南公安' });
      expect(body).toMatchObject({ account_name: '济南公安', display_name: null, undo_until: null });
      const approved = await decide(reviewer.token, id, 'approve', { display_name: ' 泉城公安 ' });
      expect(approved.status).toBe(200);
      expect(approved.json).toMatchObject({ state: 'approved', display_name: '泉城公安' });
      expect(Date.parse(approved.json.undo_until) - Date.parse(approved.json.decided_at)).toBe(10 * 60_000);
      expect(approved.json.account.display_name).toBe('泉城公安');
      expect((await me(user.token)).display_name).toBe('泉城公安');
      const rename = await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: user.token, body: { display_name: '济南公安' } });
      expect(rename.status).toBe(422);
      expect(rename.json.details.display_name[0].error).toBe('ERR_LOCKED');
    });

    it('gives the account name applied for, else the organ name, when the reviewer chooses none', async () => {
      const asked = await pending({ account_name: '济南公安' });
      expect((await decide(reviewer.token, asked.id, 'approve')).json.account.display_name).toBe('济南公安');
      const plain = await pending();
      const approved = await decide(reviewer.token, plain.id, 'approve');
      expect(approved.json.account.display_name).toBe(plain.body.organ_name);
    });

    it('renames a verified organ through a new application, and an undo gives back the earlier name and approval', async () => {
      const { user, id } = await pending({ account_name: '济南公安' });
      expect((await decide(reviewer.token, id, 'approve')).status).toBe(200);
      const again = await apply(user.token, jinan({ account_name: '平安泉城' }));
      expect(again.status).toBe(201);
      const approved = await decide(otherReviewer.token, again.json.id, 'approve');
      expect(approved.json.account.display_name).toBe('平安泉城');
      expect((await s.call('GET', `/api/v1/gov/verifications/${id}`, { token: reviewer.token })).json.state).toBe('revoked');

      const undone = await decide(otherReviewer.token, again.json.id, 'undo');
      expect(undone.status).toBe(200);
      expect(undone.json).toMatchObject({ state: 'pending', reviewer_id: null, decided_at: null, display_name: null, undo_until: null });
      const first = await s.call('GET', `/api/v1/gov/verifications/${id}`, { token: reviewer.token });
      expect(first.json).toMatchObject({ state: 'approved', reviewer_id: reviewer.id, display_name: '济南公安' });
      const account = await me(user.token);
      expect(account.display_name).toBe('济南公安');
      expect(account.gov).not.toBeNull();
    });

    it('undoes an approval: pending again, unverified, the old name back, the notification withdrawn, audited', async () => {
      const { user, id } = await pending({ account_name: '济南公安' });
      expect((await decide(reviewer.token, id, 'approve')).status).toBe(200);
      expect((await notifications(user.token)).some((n) => n.type === 'gov.verification_decision')).toBe(true);
      clock.advance(9 * 60_000);
      const undone = await decide(reviewer.token, id, 'undo');
      expect(undone.status).toBe(200);
      expect(undone.json.state).toBe('pending');
      expect(undone.json.account.gov).toBeNull();
      expect(undone.json.account.display_name).toBe('');
      expect((await notifications(user.token)).some((n) => n.type === 'gov.verification_decision')).toBe(false);
      const audit = await s.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'verification.undo').where('subject_id', '=', id).execute();
      expect(audit).toHaveLength(1);
      expect(Number(audit[0]?.actor_id)).toBe(Number(reviewer.id));
      // Back in the queue, it can be decided again.
      expect((await decide(otherReviewer.token, id, 'reject', { reason: '公函不符' })).json.state).toBe('rejected');
    });

    it('undoes a rejection: pending again, and the applicant is not told of it twice', async () => {
      const { user, id } = await pending();
      expect((await decide(reviewer.token, id, 'reject', { reason: '材料不全' })).status).toBe(200);
      const undone = await decide(reviewer.token, id, 'undo');
      expect(undone.json).toMatchObject({ state: 'pending', reason: null });
      expect((await notifications(user.token)).filter((n) => n.type === 'gov.verification_decision')).toHaveLength(0);
    });

    it('tells the applicant of an approval and of a rejection with its reason, in v1 and v2 notifications', async () => {
      const ok = await pending({ account_name: '济南公安' });
      await decide(reviewer.token, ok.id, 'approve');
      const [approved] = (await notifications(ok.user.token)).filter((n) => n.type === 'gov.verification_decision');
      expect(approved).toMatchObject({ account: { id: reviewer.id }, verification: { id: ok.id, state: 'approved', display_name: '济南公安', reason: null } });

      const no = await pending();
      await decide(reviewer.token, no.id, 'reject', { reason: '公函与机构名称不符' });
      const [rejected] = (await notifications(no.user.token)).filter((n) => n.type === 'gov.verification_decision');
      expect(rejected.verification).toMatchObject({ id: no.id, state: 'rejected', reason: '公函与机构名称不符', organ_name: no.body.organ_name });
      // A later decision is told of by its own notification; the earlier one still says what it told.
      await decide(reviewer.token, ok.id, 'revoke', { reason: '账号移交' });
      const told = (await notifications(ok.user.token)).filter((n) => n.type === 'gov.verification_decision').map((n) => n.verification);
      expect(told).toEqual([
        { id: ok.id, state: 'revoked', organ_name: ok.body.organ_name, display_name: null, reason: '账号移交' },
        { id: ok.id, state: 'approved', organ_name: ok.body.organ_name, display_name: '济南公安', reason: null },
      ]);
      const v2 = await s.call('GET', '/api/v2/notifications', { token: no.user.token });
      expect(v2.status).toBe(200);
      const group = v2.json.notification_groups.find((g: any) => g.type === 'gov.verification_decision');
      expect(group.verification).toMatchObject({ state: 'rejected', reason: '公函与机构名称不符' });
    });

    it("gives a rejected applicant their last application's fields to fill the form again", async () => {
      const { user, id } = await pending({ account_name: '济南公安', evidence: '济公函〔2026〕3号' });
      await decide(reviewer.token, id, 'reject', { reason: '公函不清' });
      const mine = await s.call('GET', '/api/v1/gov/verifications', { token: user.token });
      expect(mine.json[0]).toMatchObject({ id, state: 'rejected', reason: '公函不清', account_name: '济南公安', evidence: '济公函〔2026〕3号', region_code: '370100', credit_code: expect.any(String) });
      expect((await s.call('GET', `/api/v1/gov/verifications/${id}`, { token: user.token })).json.account_name).toBe('济南公安');
    });

    it('names the division of a code: 正定县 within 河北省石家庄市, 济南市 within 山东省', async () => {
      const county = await pending({ organ_name: '正定县人民政府', public_security: false, level: 'county', region_code: '130123', credit_code: creditCodeFor('130123', 9001) });
      expect(county.body).toMatchObject({ division_name: '正定县', division_within: '河北省石家庄市' });
      const city = await s.call('GET', `/api/v1/gov/verifications/${(await pending()).id}`, { token: reviewer.token });
      expect(city.json).toMatchObject({ division_name: '济南市', division_within: '山东省' });
    });

    it('warns reviewers, not the applicant, of another account verified under the same organ name or credit code', async () => {
      const first = await pending();
      await decide(reviewer.token, first.id, 'approve');
      const copy = await citizen(s);
      const res = await apply(copy.token, { ...jinan(), organ_name: first.body.organ_name, credit_code: first.body.credit_code });
      expect(res.status).toBe(201);
      expect(res.json.duplicates).toEqual([]);
      const seen = await s.call('GET', `/api/v1/gov/verifications/${res.json.id}`, { token: reviewer.token });
      const firstAccount = await me(first.user.token);
      expect(seen.json.duplicates).toEqual([
        { account_id: first.user.id, acct: firstAccount.acct, display_name: firstAccount.display_name, field: 'organ_name' },
        { account_id: first.user.id, acct: firstAccount.acct, display_name: firstAccount.display_name, field: 'credit_code' },
      ]);
      const queue = await s.call('GET', '/api/v1/gov/verifications?state=pending&limit=80', { token: reviewer.token });
      const item = (queue.json as any[]).find((v) => v.id === res.json.id);
      // The queue may have moved past this page; where it holds it, the warning is there too.
      if (item) expect(item.duplicates).toHaveLength(2);
      // The applicant's own reads never carry other accounts.
      expect((await s.call('GET', `/api/v1/gov/verifications/${res.json.id}`, { token: copy.token })).json.duplicates).toEqual([]);
      // Its own earlier verification is no duplicate of the account's new application.
      const renamed = await apply(first.user.token, { ...jinan(), organ_name: first.body.organ_name, credit_code: first.body.credit_code });
      expect((await s.call('GET', `/api/v1/gov/verifications/${renamed.json.id}`, { token: reviewer.token })).json.duplicates).toEqual([]);
    });
  });
});
