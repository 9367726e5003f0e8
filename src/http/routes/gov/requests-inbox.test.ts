import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../app/clock.js';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, staffUser } from '../../../../test/factories.js';
import { type Party, fastOrgan, operatorOf, requestIn } from '../../../../test/gov-cast.js';
import { type TestServer, testServer } from '../../../../test/http.js';

const HOUR = 3_600_000;

function nextLink(header: unknown): string | null {
  const m = /<([^>]+)>;\s*rel="next"/.exec(String(header ?? ''));
  if (!m) return null;
  const u = new URL(m[1] as string);
  return u.pathname + u.search;
}

/** The press officer's inbox: filters, search, due order, assignment and due marks (issue 15). */
describe.each(DIALECTS)('request inbox /api/v1/gov/requests (%s)', (dialect) => {
  const clock = fixedClock('2024-05-01T08:00:00.000Z');
  let s: TestServer;
  let reviewer: Party;
  let organ: Party;
  let staff: Party;
  let staff2: Party;
  let operatorToken: string;
  let otherOrgan: Party;
  let otherStaff: Party;
  let otherOperatorToken: string;
  let removed: Party;
  let alice: Party;

  beforeAll(async () => {
    s = await testServer(dialect, {}, clock);
    reviewer = await staffUser(s, 'reviewer');
    organ = await fastOrgan(s, reviewer.token);
    otherOrgan = await fastOrgan(s, reviewer.token, { organ_name: '上海市公安局', region_code: '310000', verification: '上海市公安局官方微博' });
    staff = await citizen(s);
    staff2 = await citizen(s);
    otherStaff = await citizen(s);
    removed = await citizen(s);
    operatorToken = await operatorOf(s, organ, staff);
    await operatorOf(s, organ, staff2);
    otherOperatorToken = await operatorOf(s, otherOrgan, otherStaff);
    await operatorOf(s, organ, removed);
    const gone = await s.call('DELETE', `/api/v1/gov/accounts/${organ.id}/operators/${removed.id}`, { token: organ.token });
    expect(gone.status).toBe(200);
    alice = await citizen(s);
  });
  afterAll(async () => {
    await s?.close();
  });

  const submit = async (token: string, category: string, text: string, visibility: 'public' | 'private' = 'private') => {
    const res = await s.call('POST', '/api/v1/gov/requests', { token, body: { account_id: organ.id, category, text, visibility } });
    expect(res.status, res.body).toBe(201);
    return res.json;
  };
  const assign = (id: string, token: string, assignee: string) => s.call('POST', `/api/v1/gov/requests/${id}/assign`, { token, body: { assignee_id: assignee } });
  const inbox = (token: string, query: string) => s.call('GET', `/api/v1/gov/requests?box=received&${query}`, { token });

  describe('assignment refusals', () => {
    it('answers 401 without a token and 404 for an unknown request', async () => {
      const id = await requestIn(s, alice.token, organ, 'submitted');
      expect((await s.call('POST', `/api/v1/gov/requests/${id}/assign`, { body: { assignee_id: staff.id } })).status).toBe(401);
      expect((await s.call('POST', `/api/v1/gov/requests/${id}/unassign`)).status).toBe(401);
      expect((await assign('999999', organ.token, staff.id)).status).toBe(404);
      expect((await assign('x', organ.token, staff.id)).status).toBe(404);
    });

    it('answers 422 naming assignee_id to a missing or bad id', async () => {
      const id = await requestIn(s, alice.token, organ, 'submitted');
      for (const body of [{}, { assignee_id: 'someone' }]) {
        const res = await s.call('POST', `/api/v1/gov/requests/${id}/assign`, { token: organ.token, body });
        expect(res.status, JSON.stringify(body)).toBe(422);
        expect(Object.keys(res.json.details)).toEqual(['assignee_id']);
      }
    });

    it('refuses the citizen, another organ, its operator and a removed operator (403, or 404 to those who may not see a private request)', async () => {
      const pub = await requestIn(s, alice.token, organ, 'submitted', 'public');
      const priv = await requestIn(s, alice.token, organ, 'submitted', 'private');
      for (const [who, token] of [['citizen', alice.token], ['other organ', otherOrgan.token], ['other operator', otherOperatorToken], ['removed operator', removed.token], ['reviewer', reviewer.token]] as const) {
        const res = await assign(pub, token, staff.id);
        expect(res.status, who).toBe(403);
        expect(res.json.code, who).toBe('forbidden');
        expect((await s.call('POST', `/api/v1/gov/requests/${pub}/unassign`, { token })).status, who).toBe(403);
      }
      // A private request does not exist for those outside it; the citizen and reviewers see it but may not assign.
      expect((await assign(priv, otherOrgan.token, staff.id)).status).toBe(404);
      expect((await assign(priv, removed.token, staff.id)).status).toBe(404);
      expect((await assign(priv, alice.token, staff.id)).status).toBe(403);
      expect((await assign(priv, reviewer.token, staff.id)).status).toBe(403);
    });

    it('refuses as assignee anyone but the organ and its live operators (422 assignee_id)', async () => {
      const id = await requestIn(s, alice.token, organ, 'submitted');
      for (const [who, target] of [['citizen', alice.id], ['removed operator', removed.id], ['other organ', otherOrgan.id], ["other organ's staff", otherStaff.id], ['nobody', '999999']] as const) {
        const res = await assign(id, organ.token, target);
        expect(res.status, who).toBe(422);
        expect(Object.keys(res.json.details), who).toEqual(['assignee_id']);
      }
      const row = (await s.call('GET', `/api/v1/gov/requests/${id}`, { token: organ.token })).json;
      expect(row.assignee_id).toBeNull();
    });

    it('lets only the organ side filter by assignee', async () => {
      expect((await s.call('GET', `/api/v1/gov/requests?box=sent&assignee_id=unassigned`, { token: alice.token })).status).toBe(403);
      expect((await s.call('GET', `/api/v1/gov/accounts/${organ.id}/requests?assignee_id=${staff.id}`, { token: alice.token })).status).toBe(403);
      expect((await s.call('GET', `/api/v1/gov/accounts/${organ.id}/requests?assignee_id=${staff.id}`)).status).toBe(403);
      expect((await s.call('GET', `/api/v1/gov/accounts/${organ.id}/requests?assignee_id=${staff.id}`, { token: reviewer.token })).status).toBe(200);
      expect((await inbox(organ.token, 'assignee_id=bob')).status).toBe(422);
      expect((await inbox(organ.token, 'sort=oldest')).status).toBe(422);
      expect((await inbox(organ.token, 'after=yesterday&sort=due')).status).toBe(422);
    });
  });

  describe('assignment', () => {
    it('gives a request to an operator and takes it back, through the organ, its operator token and a live operator signed in as themself; each act audited', async () => {
      const id = await requestIn(s, alice.token, organ, 'accepted');
      const given = await assign(id, operatorToken, staff2.id);
      expect(given.status, given.body).toBe(200);
      expect(given.json.assignee_id).toBe(staff2.id);
      expect(given.json.assignee).toMatchObject({ id: staff2.id, acct: expect.any(String), display_name: expect.any(String) });
      expect(given.json.assigned_at).toBe(clock.now().toISOString());
      expect((await assign(id, staff.token, organ.id)).json.assignee_id).toBe(organ.id);
      const back = await s.call('POST', `/api/v1/gov/requests/${id}/unassign`, { token: organ.token });
      expect(back.status).toBe(200);
      expect(back.json).toMatchObject({ assignee_id: null, assignee: null, assigned_at: null });

      // The citizen and the public never learn whom the organ gave it to.
      await assign(id, organ.token, staff.id);
      const seen = await s.call('GET', `/api/v1/gov/requests/${id}`, { token: alice.token });
      expect(seen.json).toMatchObject({ assignee_id: null, assignee: null });
      expect((await s.call('GET', `/api/v1/gov/requests/${id}`, { token: reviewer.token })).json.assignee_id).toBe(staff.id);

      const audit = await s.call('GET', '/api/v1/gov/audit_log?limit=40', { token: organ.token });
      expect(audit.status, audit.body).toBe(200);
      const mine = (audit.json as { action: string; subject_id: string; operator_id: string | null }[]).filter((e) => e.subject_id === id && e.action.startsWith('request.'));
      expect(mine.map((e) => [e.action, e.operator_id])).toEqual([
        ['request.assign', null],
        ['request.unassign', null],
        ['request.assign', staff.id],
        ['request.assign', staff.id],
        ['request.accept', null],
      ]);
    });
  });

  describe('filters, search and order', () => {
    let ids: Record<string, string>;
    let organ2: Party;
    const submit2 = async (category: string, text: string) => {
      const res = await s.call('POST', '/api/v1/gov/requests', { token: alice.token, body: { account_id: organ2.id, category, text, visibility: 'private' } });
      expect(res.status, res.body).toBe(201);
      return res.json.id as string;
    };
    beforeAll(async () => {
      organ2 = await fastOrgan(s, reviewer.token, { organ_name: '浙江省交通运输厅', region_code: '330000', verification: '浙江省交通运输厅官方微博' });
      await operatorOf(s, organ2, staff);
      clock.set('2024-06-01T00:00:00.000Z');
      // Created an hour apart: due times inquiry +72 h, help +48 h, complaint and report +360 h.
      const complaint = await submit2('complaint', '小区噪音扰民 100% 无人处理');
      clock.advance(HOUR);
      const inquiry = await submit2('inquiry', '请问居住证如何办理');
      clock.advance(HOUR);
      const help = await submit2('help', '老人走失，请求帮助');
      clock.advance(HOUR);
      const report = await submit2('report', '举报违规停车 Parking');
      clock.advance(HOUR);
      ids = { complaint, inquiry, help, report };
      const go = (id: string, step: string, body?: unknown) => s.call('POST', `/api/v1/gov/requests/${id}/${step}`, { token: organ2.token, ...(body ? { body } : {}) });
      await go(help, 'accept');
      await go(help, 'respond', { text: '已联系派出所协助寻找' });
      await go(help, 'resolve');
      await go(inquiry, 'accept');
      expect((await s.call('POST', `/api/v1/gov/requests/${inquiry}/assign`, { token: organ2.token, body: { assignee_id: staff.id } })).status).toBe(200);
    });
    const list = async (query: string) => {
      const res = await s.call('GET', `/api/v1/gov/requests?box=received&${query}`, { token: organ2.token });
      expect(res.status, res.body).toBe(200);
      return res.json as { id: string; due_at: string; overdue: boolean; due_soon: boolean }[];
    };
    const idsOf = (rows: { id: string }[]) => rows.map((r) => r.id);

    it('filters by state, open and assignee', async () => {
      expect(idsOf(await list(''))).toEqual([ids.report, ids.help, ids.inquiry, ids.complaint]);
      expect(idsOf(await list('state=resolved'))).toEqual([ids.help]);
      expect(idsOf(await list('state=open'))).toEqual([ids.report, ids.inquiry, ids.complaint]);
      expect(idsOf(await list(`assignee_id=${staff.id}`))).toEqual([ids.inquiry]);
      expect(idsOf(await list('assignee_id=unassigned'))).toEqual([ids.report, ids.help, ids.complaint]);
      expect(idsOf(await list('assignee_id=unassigned&state=submitted'))).toEqual([ids.report, ids.complaint]);
      // The organ's public record filters the same way for its side.
      const all = await s.call('GET', `/api/v1/gov/accounts/${organ2.id}/requests?visibility=all&state=open&assignee_id=unassigned`, { token: organ2.token });
      expect(idsOf(all.json)).toEqual([ids.report, ids.complaint]);
    });

    it('searches the text and the response, case-insensitively, taking % and _ literally', async () => {
      expect(idsOf(await list(`q=${encodeURIComponent('居住证')}`))).toEqual([ids.inquiry]);
      expect(idsOf(await list(`q=${encodeURIComponent('派出所')}`))).toEqual([ids.help]);
      expect(idsOf(await list('q=parking'))).toEqual([ids.report]);
      expect(idsOf(await list(`q=${encodeURIComponent('100%')}`))).toEqual([ids.complaint]);
      expect(idsOf(await list(`q=${encodeURIComponent('%')}`))).toEqual([ids.complaint]);
      expect(idsOf(await list('q=_'))).toEqual([]);
      expect(idsOf(await list(`q=${encodeURIComponent('居住证')}&state=resolved`))).toEqual([]);
    });

    it('sorts soonest due first and pages by the due cursor', async () => {
      // help due 06-03T02, inquiry 06-04T01, complaint 06-16T00, report 06-16T03.
      expect(idsOf(await list('sort=due'))).toEqual([ids.help, ids.inquiry, ids.complaint, ids.report]);
      const first = await s.call('GET', '/api/v1/gov/requests?box=received&sort=due&state=open&limit=2', { token: organ2.token });
      expect(idsOf(first.json)).toEqual([ids.inquiry, ids.complaint]);
      const next = nextLink(first.headers.link);
      expect(next).toContain('after=');
      const second = await s.call('GET', next as string, { token: organ2.token });
      expect(idsOf(second.json)).toEqual([ids.report]);
      expect(nextLink(second.headers.link)).toBeNull();
    });

    it('pages newest first with filters applied before the limit', async () => {
      const first = await s.call('GET', '/api/v1/gov/requests?box=received&assignee_id=unassigned&limit=2', { token: organ2.token });
      expect(idsOf(first.json)).toEqual([ids.report, ids.help]);
      const second = await s.call('GET', nextLink(first.headers.link) as string, { token: organ2.token });
      expect(idsOf(second.json)).toEqual([ids.complaint]);
    });

    it('gives due_at from the category time limit, due_soon within 24 h and overdue past it, while open, by the context clock', async () => {
      const at = (rows: { id: string; due_at: string; overdue: boolean; due_soon: boolean }[], id: string) => rows.find((r) => r.id === id);
      let rows = await list('');
      expect(at(rows, ids.inquiry as string)?.due_at).toBe('2024-06-04T01:00:00.000Z');
      expect(at(rows, ids.help as string)?.due_at).toBe('2024-06-03T02:00:00.000Z');
      expect(at(rows, ids.complaint as string)?.due_at).toBe('2024-06-16T00:00:00.000Z');
      expect(at(rows, ids.report as string)?.due_at).toBe('2024-06-16T03:00:00.000Z');
      expect(rows.map((r) => [r.overdue, r.due_soon])).toEqual([[false, false], [false, false], [false, false], [false, false]]);
      expect(idsOf(await list('overdue=true'))).toEqual([]);

      clock.set('2024-06-03T12:00:00.000Z');
      rows = await list('');
      expect(at(rows, ids.inquiry as string)).toMatchObject({ overdue: false, due_soon: true });
      // Resolved: past its due time but no longer open.
      expect(at(rows, ids.help as string)).toMatchObject({ overdue: false, due_soon: false });

      clock.set('2024-06-04T01:00:00.001Z');
      rows = await list('');
      expect(at(rows, ids.inquiry as string)).toMatchObject({ overdue: true, due_soon: false });
      expect(idsOf(await list('overdue=true'))).toEqual([ids.inquiry]);
      expect(idsOf(await list('overdue=true&sort=due'))).toEqual([ids.inquiry]);

      clock.set('2024-06-17T00:00:00.000Z');
      expect(idsOf(await list('overdue=true&sort=due'))).toEqual([ids.inquiry, ids.complaint, ids.report]);
      expect(idsOf(await list('overdue=true&assignee_id=unassigned'))).toEqual([ids.report, ids.complaint]);
    });
  });

  describe('history and notifications', () => {
    it('names the operator of each step to the organ side and reviewers, never to the citizen', async () => {
      clock.set('2024-07-01T00:00:00.000Z');
      const id = (await submit(alice.token, 'inquiry', '公交线路咨询', 'public')).id as string;
      expect((await s.call('POST', `/api/v1/gov/requests/${id}/accept`, { token: operatorToken })).status).toBe(200);
      const me = (await s.call('GET', '/api/v1/accounts/verify_credentials', { token: staff.token })).json;
      const organView = (await s.call('GET', `/api/v1/gov/requests/${id}`, { token: organ.token })).json;
      const accepted = organView.events.find((e: { type: string }) => e.type === 'accepted');
      expect(accepted.operator).toEqual({ id: staff.id, username: me.username, acct: me.acct, display_name: me.display_name });
      expect((await s.call('GET', `/api/v1/gov/requests/${id}`, { token: reviewer.token })).json.events[1].operator.id).toBe(staff.id);
      for (const token of [alice.token, otherOrgan.token, undefined]) {
        const view = (await s.call('GET', `/api/v1/gov/requests/${id}`, token ? { token } : {})).json;
        expect(view.events[1]).toMatchObject({ type: 'accepted', account_id: organ.id, operator_id: null, operator: null });
      }
    });

    it("tells the citizen which step the organ took (request_step) in v1 and grouped notifications", async () => {
      const id = await requestIn(s, alice.token, organ, 'resolved');
      const res = await s.call('GET', '/api/v1/notifications?types[]=gov.request_update&limit=40', { token: alice.token });
      const mine = (res.json as { request_id?: string; request_step?: string }[]).filter((n) => n.request_id === id);
      expect(mine.map((n) => n.request_step)).toEqual(['resolved', 'responded', 'accepted']);
      const grouped = await s.call('GET', '/api/v2/notifications?types[]=gov.request_update&limit=40', { token: alice.token });
      const groups = (grouped.json.notification_groups as { request_id?: string; request_step?: string }[]).filter((g) => g.request_id === id);
      expect(groups.map((g) => g.request_step).sort()).toEqual(['accepted', 'resolved', 'responded']);
      await s.call('POST', `/api/v1/gov/requests/${id}/rate`, { token: alice.token, body: { score: 4 } });
      const organSide = await s.call('GET', '/api/v1/notifications?types[]=gov.request_update&limit=5', { token: organ.token });
      expect((organSide.json as { request_id?: string; request_step?: string }[]).find((n) => n.request_id === id)?.request_step).toBe('rated');
    });
  });
});
