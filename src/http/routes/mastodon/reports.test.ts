import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, staffUser, tokenWithScopes } from '../../../../test/factories.js';
import { type Party, fastOrgan, operatorOf } from '../../../../test/gov-cast.js';
import { type TestServer, testServer } from '../../../../test/http.js';

const RULES = [
  { text: '不得发布违法信息', hint: '' },
  { text: '不得骚扰他人', hint: '包括辱骂、威胁' },
];

describe.each(DIALECTS)('POST /api/v1/reports (%s)', (dialect) => {
  let s: TestServer;
  let reviewer: Party;
  let organ: Party;
  let staff: Party;
  let reporter: Party;
  let other: Party;
  let organPost: string;
  let otherPost: string;

  beforeAll(async () => {
    s = await testServer(dialect, { rules: RULES });
    reviewer = await staffUser(s, 'reviewer');
    organ = await fastOrgan(s, reviewer.token);
    staff = await staffUser(s, 'reviewer');
    reporter = await citizen(s);
    other = await citizen(s);
    organPost = (await s.call('POST', '/api/v1/statuses', { token: organ.token, body: { status: '通知：明日停水' } })).json.id;
    otherPost = (await s.call('POST', '/api/v1/statuses', { token: other.token, body: { status: '别人的帖子' } })).json.id;
  });
  afterAll(async () => {
    await s?.close();
  });

  it('asks for a token with write:reports', async () => {
    expect((await s.call('POST', '/api/v1/reports', { body: { account_id: organ.id } })).status).toBe(401);
    const readOnly = await tokenWithScopes(s, reporter.id, ['read']);
    expect((await s.call('POST', '/api/v1/reports', { token: readOnly, body: { account_id: organ.id } })).status).toBe(403);
  });

  it('refuses bad input with 422 naming the field, and an unknown account with 404', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'account_id'],
      [{ account_id: 'abc' }, 'account_id'],
      [{ account_id: reporter.id }, 'account_id'],
      [{ account_id: organ.id, status_ids: [otherPost] }, 'status_ids'],
      [{ account_id: organ.id, status_ids: ['999999999'] }, 'status_ids'],
      [{ account_id: organ.id, rule_ids: ['3'] }, 'rule_ids'],
      [{ account_id: organ.id, category: 'violation' }, 'rule_ids'],
      [{ account_id: organ.id, category: 'rude' }, 'category'],
      [{ account_id: organ.id, comment: 'x'.repeat(1001) }, 'comment'],
    ];
    for (const [body, field] of cases) {
      const res = await s.call('POST', '/api/v1/reports', { token: reporter.token, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(Object.keys(res.json.details ?? {}), JSON.stringify(body)).toEqual([field]);
    }
    expect((await s.call('POST', '/api/v1/reports', { token: reporter.token, body: { account_id: '999999999' } })).status).toBe(404);
  });

  it('files a report as Mastodon returns it: citing rules makes it a violation', async () => {
    const res = await s.call('POST', '/api/v1/reports', { token: reporter.token, form: { account_id: organ.id, 'status_ids[]': [organPost], 'rule_ids[]': ['2'], comment: ' 辱骂市民 ', category: 'other', forward: 'true' } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      id: expect.any(String),
      action_taken: false,
      action_taken_at: null,
      category: 'violation',
      comment: '辱骂市民',
      forwarded: false,
      created_at: expect.any(String),
      status_ids: [organPost],
      rule_ids: ['2'],
      target_account: expect.objectContaining({ id: organ.id }),
    });
    const plain = await s.call('POST', '/api/v1/reports', { token: reporter.token, body: { account_id: organ.id, category: 'spam' } });
    expect(plain.json).toMatchObject({ category: 'spam', status_ids: [], rule_ids: null, comment: '' });
  });

  it('keeps the report from the organ and its operators, even an operator who is a reviewer', async () => {
    const filed = await s.call('POST', '/api/v1/reports', { token: reporter.token, body: { account_id: organ.id, comment: '不回复' } });
    const operatorToken = await operatorOf(s, organ, staff);
    for (const token of [organ.token, operatorToken]) {
      expect((await s.call('GET', '/api/v1/admin/reports', { token })).status).toBe(403);
      expect((await s.call('GET', `/api/v1/admin/reports/${filed.json.id}`, { token })).status).toBe(403);
    }
    // As themself the operator is a reviewer, but one with a stake in the organ: the report does not exist for them.
    const queue = await s.call('GET', '/api/v1/admin/reports', { token: staff.token });
    expect(queue.status).toBe(200);
    expect(queue.json.map((r: { id: string }) => r.id)).not.toContain(filed.json.id);
    expect((await s.call('GET', `/api/v1/admin/reports/${filed.json.id}`, { token: staff.token })).status).toBe(404);
    expect((await s.call('POST', `/api/v1/admin/reports/${filed.json.id}/resolve`, { token: staff.token })).status).toBe(404);
    // Another reviewer sees it, with the reporter named to the moderators only.
    const seen = await s.call('GET', `/api/v1/admin/reports/${filed.json.id}`, { token: reviewer.token });
    expect(seen.json).toMatchObject({ account: { id: reporter.id }, target_account: { id: organ.id }, comment: '不回复' });
    // The audit log the organ reads names no report about it.
    const log = await s.call('GET', '/api/v1/gov/audit_log', { token: organ.token });
    expect(log.json.filter((e: { subject_type: string; subject_id: string }) => e.subject_type === 'report' && e.subject_id === filed.json.id)).toEqual([]);
  });

  it('tells the moderators who may handle it with admin.report, once while reports about the account stay open', async () => {
    const target = await fastOrgan(s, reviewer.token);
    const stake = await staffUser(s, 'admin');
    await operatorOf(s, target, stake);
    const admin = await staffUser(s, 'admin');
    const first = await s.call('POST', '/api/v1/reports', { token: reporter.token, body: { account_id: target.id, category: 'spam', comment: '垃圾广告' } });
    await s.call('POST', '/api/v1/reports', { token: other.token, body: { account_id: target.id } });
    const told = async (token: string) => ((await s.call('GET', '/api/v1/notifications?types[]=admin.report', { token })).json as { type: string; account: { id: string }; report: { id: string } }[]).filter((n) => n.report?.id !== undefined);
    for (const token of [reviewer.token, admin.token]) {
      const mine = (await told(token)).filter((n) => n.report.id === first.json.id || n.account.id === other.id);
      expect(mine).toEqual([expect.objectContaining({ type: 'admin.report', account: expect.objectContaining({ id: reporter.id }), report: expect.objectContaining({ id: first.json.id, comment: '垃圾广告', target_account: expect.objectContaining({ id: target.id }) }) })]);
    }
    // Neither the organ reported nor someone who operates it hears of it.
    for (const token of [target.token, stake.token]) expect((await told(token)).filter((n) => n.report.id === first.json.id)).toEqual([]);
    const grouped = await s.call('GET', '/api/v2/notifications', { token: admin.token });
    expect(grouped.json.notification_groups.find((g: { type: string }) => g.type === 'admin.report')).toMatchObject({ report: { id: first.json.id } });
  });

  it("counts reports per account under Mastodon's reports limit (400 a day)", async () => {
    const limited = await testServer(dialect, { rateLimit: true });
    try {
      const a = await citizen(limited);
      const b = await citizen(limited);
      const res = await limited.call('POST', '/api/v1/reports', { token: a.token, body: { account_id: b.id } });
      expect(res.status).toBe(200);
      expect(res.headers['x-ratelimit-limit']).toBe('400');
      expect(res.headers['x-ratelimit-remaining']).toBe('399');
    } finally {
      await limited.close();
    }
  });

  it('lets an organ report through its operator, recorded in its audit log', async () => {
    const person = await citizen(s);
    const operatorToken = await operatorOf(s, organ, person);
    const res = await s.call('POST', '/api/v1/reports', { token: operatorToken, body: { account_id: other.id, status_ids: [otherPost], category: 'spam' } });
    expect(res.status).toBe(200);
    const log = await s.call('GET', '/api/v1/gov/audit_log', { token: organ.token });
    expect(log.json.find((e: { action: string }) => e.action === 'report.create')).toMatchObject({ actor_id: organ.id, operator_id: person.id, subject_id: res.json.id });
  });
});
