import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, officialApplication, staffUser } from '../../../../test/factories.js';
import { type Party, fastOrgan, officialNaming, operatorOf } from '../../../../test/gov-cast.js';
import { type TestServer, testServer } from '../../../../test/http.js';

describe.each(DIALECTS)('vouching for officials (%s)', (dialect) => {
  let s: TestServer;
  let reviewer: Party;
  let organ: Party;
  let staff: Party;
  let operatorToken: string;

  beforeAll(async () => {
    s = await testServer(dialect);
    reviewer = await staffUser(s, 'reviewer');
    organ = await fastOrgan(s, reviewer.token);
    staff = await citizen(s);
    operatorToken = await operatorOf(s, organ, staff);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('answers 404 for no such application and 422 for one naming no organ', async () => {
    expect((await s.call('POST', '/api/v1/gov/verifications/999999/vouch', { token: organ.token })).status).toBe(404);
    expect((await s.call('POST', '/api/v1/gov/verifications/x1/vouch', { token: organ.token })).status).toBe(404);
    const lone = await citizen(s);
    const app = await s.call('POST', '/api/v1/gov/verifications', { token: lone.token, body: officialApplication() });
    const res = await s.call('POST', `/api/v1/gov/verifications/${app.json.id}/vouch`, { token: organ.token });
    expect(res.status).toBe(422);
    expect(res.json.code).toBe('validation_failed');
  });

  it("an operator vouches; reviewers see the vouch with the operator's id; the applicant is told", async () => {
    const { id, applicant } = await officialNaming(s, organ.id);
    const pending = await s.call('GET', `/api/v1/gov/accounts/${organ.id}/vouch_requests`, { token: operatorToken });
    expect(pending.status).toBe(200);
    expect(pending.json.map((v: { id: string }) => v.id)).toContain(id);
    expect(pending.json[0].vouches).toEqual([]);

    const res = await s.call('POST', `/api/v1/gov/verifications/${id}/vouch`, { token: operatorToken });
    expect(res.status).toBe(200);
    expect(res.json.vouches).toEqual([{ organ_account_id: organ.id, operator_id: staff.id, created_at: expect.any(String) }]);
    // Again: nothing changes.
    const again = await s.call('POST', `/api/v1/gov/verifications/${id}/vouch`, { token: organ.token });
    expect(again.json.vouches).toHaveLength(1);

    const seen = await s.call('GET', `/api/v1/gov/verifications/${id}`, { token: reviewer.token });
    expect(seen.json.vouches).toEqual([{ organ_account_id: organ.id, operator_id: staff.id, created_at: expect.any(String) }]);
    const queue = await s.call('GET', '/api/v1/gov/verifications?state=pending&limit=80', { token: reviewer.token });
    expect(queue.json.find((v: { id: string }) => v.id === id).vouches).toHaveLength(1);

    const told = await s.ctx.db.selectFrom('notifications').selectAll().where('account_id', '=', Number(applicant.id)).execute();
    expect(told.map((n) => [n.type, String(n.from_account_id)])).toEqual([['gov.verification', organ.id]]);

    // The operator's act is in the organ's audit log under both names.
    const log = await s.call('GET', '/api/v1/gov/audit_log', { token: organ.token });
    expect(log.json.find((e: { action: string }) => e.action === 'verification.vouch')).toMatchObject({ actor_id: organ.id, operator_id: staff.id });
  });

  it('the organ itself vouches (operator_id null) and a live operator may from their own token', async () => {
    const a = await officialNaming(s, organ.id);
    const byOrgan = await s.call('POST', `/api/v1/gov/verifications/${a.id}/vouch`, { token: organ.token });
    expect(byOrgan.json.vouches[0].operator_id).toBeNull();
    const b = await officialNaming(s, organ.id);
    const byStaff = await s.call('POST', `/api/v1/gov/verifications/${b.id}/vouch`, { token: staff.token });
    expect(byStaff.json.vouches[0].operator_id).toBe(staff.id);
    const log = await s.call('GET', '/api/v1/gov/audit_log?limit=80', { token: organ.token });
    const vouches = log.json.filter((e: { action: string }) => e.action === 'verification.vouch');
    expect(vouches.map((e: { subject_id: string; operator_id: string | null }) => [e.subject_id, e.operator_id])).toEqual(
      expect.arrayContaining([
        [a.id, null],
        [b.id, staff.id],
      ]),
    );
  });

  it('a decided application takes no vouch (422 invalid_state) and leaves the vouch requests', async () => {
    const { id } = await officialNaming(s, organ.id);
    await s.call('POST', `/api/v1/gov/verifications/${id}/approve`, { token: reviewer.token, body: {} });
    const res = await s.call('POST', `/api/v1/gov/verifications/${id}/vouch`, { token: organ.token });
    expect(res.status).toBe(422);
    expect(res.json.code).toBe('invalid_state');
    const pending = await s.call('GET', `/api/v1/gov/accounts/${organ.id}/vouch_requests?limit=80`, { token: organ.token });
    expect(pending.json.map((v: { id: string }) => v.id)).not.toContain(id);
  });
});
