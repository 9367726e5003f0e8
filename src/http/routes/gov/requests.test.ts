import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../app/clock.js';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, staffUser } from '../../../../test/factories.js';
import { type Party, fastOrgan, operatorOf, requestIn } from '../../../../test/gov-cast.js';
import { type TestServer, testServer } from '../../../../test/http.js';

function links(header: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of String(header ?? '').matchAll(/<([^>]+)>;\s*rel="([^"]+)"/g)) {
    const u = new URL(m[1] as string);
    out[m[2] as string] = u.pathname + u.search;
  }
  return out;
}

const HOUR = 3_600_000;

describe.each(DIALECTS)('service requests /api/v1/gov/requests (%s)', (dialect) => {
  const clock = fixedClock('2024-05-01T08:00:00.000Z');
  let s: TestServer;
  let reviewer: Party;
  let organ: Party;
  let staff: Party;
  let operatorToken: string;
  let alice: Party;

  beforeAll(async () => {
    s = await testServer(dialect, {}, clock);
    reviewer = await staffUser(s, 'reviewer');
    organ = await fastOrgan(s, reviewer.token);
    staff = await citizen(s);
    operatorToken = await operatorOf(s, organ, staff);
    alice = await citizen(s);
  });
  afterAll(async () => {
    await s?.close();
  });

  const submit = (token: string, body: Record<string, unknown>) => s.call('POST', '/api/v1/gov/requests', { token, body });
  const step = (id: string, action: string, token: string, body?: unknown) => s.call('POST', `/api/v1/gov/requests/${id}/${action}`, { token, ...(body !== undefined ? { body } : {}) });

  describe('refusals', () => {
    it('answers 422 naming the field to a bad submission', async () => {
      const good = { account_id: organ.id, category: 'help', text: '求助', visibility: 'public' };
      for (const [patch, field] of [
        [{ account_id: alice.id }, 'account_id'],
        [{ account_id: '999999' }, 'account_id'],
        [{ account_id: 'x' }, 'account_id'],
        [{ category: 'praise' }, 'category'],
        [{ text: '   ' }, 'text'],
        [{ text: '字'.repeat(2001) }, 'text'],
        [{ visibility: 'direct' }, 'visibility'],
      ] as const) {
        const res = await submit(alice.token, { ...good, ...patch });
        expect(res.status, JSON.stringify(patch)).toBe(422);
        expect(Object.keys(res.json.details), JSON.stringify(patch)).toEqual([field]);
      }
      expect((await submit(alice.token, { ...good, text: '字'.repeat(2000) })).status).toBe(201);
    });

    it('answers 422 invalid_state to every step out of order', async () => {
      const id = await requestIn(s, alice.token, organ, 'submitted');
      for (const [action, body] of [['respond', { text: '答' }], ['resolve', undefined], ['rate', { score: 5 }]] as const) {
        const res = await step(id, action, action === 'rate' ? alice.token : organ.token, body);
        expect(res.status, action).toBe(422);
        expect(res.json.code, action).toBe('invalid_state');
      }
      await step(id, 'accept', organ.token);
      expect((await step(id, 'accept', organ.token)).json.code).toBe('invalid_state');
      expect((await step(id, 'resolve', organ.token)).json.code).toBe('invalid_state');
      const done = await requestIn(s, alice.token, organ, 'resolved');
      expect((await step(done, 'respond', organ.token, { text: '再答' })).json.code).toBe('invalid_state');
      expect((await step(done, 'accept', organ.token)).json.code).toBe('invalid_state');
      expect((await step(done, 'rate', alice.token, { score: 3 })).status).toBe(200);
      const twice = await step(done, 'rate', alice.token, { score: 5 });
      expect(twice.status).toBe(422);
      expect(twice.json.code).toBe('invalid_state');
    });

    it('answers 422 naming score to a score outside 1..5 or not whole, and text to a blank response', async () => {
      const id = await requestIn(s, alice.token, organ, 'resolved');
      for (const score of [0, 6, 4.5, 'five', null]) {
        const res = await step(id, 'rate', alice.token, { score });
        expect(res.status, String(score)).toBe(422);
        expect(Object.keys(res.json.details)).toEqual(['score']);
      }
      const accepted = await requestIn(s, alice.token, organ, 'accepted');
      const blank = await step(accepted, 'respond', organ.token, { text: '' });
      expect(Object.keys(blank.json.details)).toEqual(['text']);
      expect((await s.call('GET', '/api/v1/gov/requests/abc')).status).toBe(404);
      expect((await s.call('GET', '/api/v1/gov/requests/999999')).status).toBe(404);
    });
  });

  it('walks a request from submission to rating, with its history and notifications both ways', async () => {
    const t0 = clock.now().getTime();
    const sub = await submit(alice.token, { account_id: organ.id, category: 'complaint', text: '小区门口路灯坏了一个月', visibility: 'private' });
    expect(sub.status).toBe(201);
    expect(sub.json).toMatchObject({ state: 'submitted', account_id: organ.id, citizen_account_id: alice.id, visibility: 'private', category: 'complaint', response: null, organ: { id: organ.id }, citizen: { id: alice.id } });
    expect(sub.json.organ.gov.kind).toBe('institutional');
    const id = sub.json.id as string;

    clock.advance(2 * HOUR);
    const acc = await step(id, 'accept', operatorToken);
    expect(acc.json).toMatchObject({ state: 'accepted', accepted_at: new Date(t0 + 2 * HOUR).toISOString() });
    clock.advance(HOUR);
    const resp = await step(id, 'respond', operatorToken, { text: '已联系物业维修。' });
    expect(resp.json).toMatchObject({ state: 'responded', response: '已联系物业维修。', first_response_at: new Date(t0 + 3 * HOUR).toISOString() });
    clock.advance(HOUR);
    const again = await step(id, 'respond', organ.token, { text: '物业已于今日修好。' });
    expect(again.json).toMatchObject({ state: 'responded', response: '物业已于今日修好。', first_response_at: new Date(t0 + 3 * HOUR).toISOString() });
    const res = await step(id, 'resolve', organ.token);
    expect(res.json.state).toBe('resolved');
    const rated = await step(id, 'rate', alice.token, { score: '5' });
    expect(rated.json).toMatchObject({ state: 'resolved', rating: 5, rated_at: expect.any(String) });

    // The organ's side sees which operator took each step; the citizen sees that the organ did.
    const asOrgan = await s.call('GET', `/api/v1/gov/requests/${id}`, { token: organ.token });
    expect(asOrgan.json.events.map((e: any) => [e.type, e.account_id, e.operator_id])).toEqual([
      ['submitted', alice.id, null],
      ['accepted', organ.id, staff.id],
      ['responded', organ.id, staff.id],
      ['responded', organ.id, null],
      ['resolved', organ.id, null],
      ['rated', alice.id, null],
    ]);
    const asAlice = await s.call('GET', `/api/v1/gov/requests/${id}`, { token: alice.token });
    expect(asAlice.json.events.map((e: any) => e.operator_id)).toEqual([null, null, null, null, null, null]);
    expect(asAlice.json.events[2].text).toBe('已联系物业维修。');

    const notes = await s.ctx.db.selectFrom('notifications').select(['account_id', 'from_account_id', 'type']).where('request_id', '=', Number(id)).orderBy('id').execute();
    // Each step: govblog's own notification, and a mention of its direct message for apps that know only Mastodon's types.
    expect(notes.map((n) => [String(n.account_id), String(n.from_account_id), n.type])).toEqual([
      [organ.id, alice.id, 'mention'],
      [organ.id, alice.id, 'gov.request'],
      [alice.id, organ.id, 'mention'],
      [alice.id, organ.id, 'gov.request_update'],
      [alice.id, organ.id, 'mention'],
      [alice.id, organ.id, 'gov.request_update'],
      [alice.id, organ.id, 'mention'],
      [alice.id, organ.id, 'gov.request_update'],
      [alice.id, organ.id, 'mention'],
      [alice.id, organ.id, 'gov.request_update'],
      [organ.id, alice.id, 'mention'],
      [organ.id, alice.id, 'gov.request_update'],
    ]);
  });

  it("records an operator's respond in the organ's audit log with the operator's id", async () => {
    const id = await requestIn(s, alice.token, organ, 'accepted');
    await step(id, 'respond', operatorToken, { text: '收到。' });
    const log = await s.call('GET', '/api/v1/gov/audit_log', { token: organ.token });
    expect(log.json.find((e: any) => e.action === 'request.respond' && e.subject_id === id)).toMatchObject({ actor_id: organ.id, operator_id: staff.id });
    // The organ's own act is audited too, without an operator.
    const own = await requestIn(s, alice.token, organ, 'submitted');
    await step(own, 'accept', organ.token);
    const log2 = await s.call('GET', '/api/v1/gov/audit_log', { token: organ.token });
    expect(log2.json.find((e: any) => e.action === 'request.accept' && e.subject_id === own)).toMatchObject({ actor_id: organ.id, operator_id: null });
  });

  describe('lists and statistics', () => {
    let other: Party;
    let bob: Party;
    const made: { id: string; visibility: string }[] = [];

    beforeAll(async () => {
      other = await fastOrgan(s, reviewer.token, { organ_name: '上海市公安局', region_code: '310000', verification: '上海市公安局官方微博' });
      bob = await citizen(s);
      for (const [visibility, state] of [
        ['public', 'submitted'],
        ['private', 'accepted'],
        ['public', 'responded'],
        ['public', 'resolved'],
        ['private', 'resolved'],
      ] as const) {
        made.push({ id: await requestIn(s, bob.token, other, state, visibility), visibility });
      }
    });

    it("lists the organ's public requests newest first with Link pagination; private ones only to its side", async () => {
      const publicIds = made.filter((m) => m.visibility === 'public').map((m) => m.id).reverse();
      const page1 = await s.call('GET', `/api/v1/gov/accounts/${other.id}/requests?limit=2`);
      expect(page1.json.map((r: { id: string }) => r.id)).toEqual(publicIds.slice(0, 2));
      const next = links(page1.headers.link).next as string;
      const page2 = await s.call('GET', next);
      expect(page2.json.map((r: { id: string }) => r.id)).toEqual(publicIds.slice(2));
      const prev = await s.call('GET', links(page2.headers.link).prev as string);
      expect(prev.json.map((r: { id: string }) => r.id)).toEqual(publicIds.slice(0, 2));

      const all = await s.call('GET', `/api/v1/gov/accounts/${other.id}/requests?visibility=all&limit=40`, { token: other.token });
      expect(all.json.map((r: { id: string }) => r.id)).toEqual(made.map((m) => m.id).reverse());
      const resolved = await s.call('GET', `/api/v1/gov/accounts/${other.id}/requests?visibility=all&state=resolved`, { token: other.token });
      expect(resolved.json).toHaveLength(2);
      expect((await s.call('GET', `/api/v1/gov/accounts/${other.id}/requests?visibility=everything`)).status).toBe(422);
      expect((await s.call('GET', `/api/v1/gov/accounts/${alice.id}/requests`)).status).toBe(404);
    });

    it("lists the caller's own: sent for a citizen, received for an organ", async () => {
      const mine = await s.call('GET', '/api/v1/gov/requests?limit=40', { token: bob.token });
      expect(mine.json.map((r: { id: string }) => r.id)).toEqual(made.map((m) => m.id).reverse());
      const inbox = await s.call('GET', '/api/v1/gov/requests?state=submitted', { token: other.token });
      expect(inbox.json.map((r: { id: string }) => r.id)).toEqual([made[0]?.id]);
      const sent = await s.call('GET', '/api/v1/gov/requests?box=sent', { token: other.token });
      expect(sent.json).toEqual([]);
    });

    it('gives public statistics over public and private requests', async () => {
      const stats = await s.call('GET', `/api/v1/gov/accounts/${other.id}/service_stats`);
      expect(stats.status).toBe(200);
      // The test clock stands still while these are made: every first response came at once.
      expect(stats.json).toEqual({
        total: 5,
        counts: { submitted: 1, accepted: 1, responded: 1, resolved: 2 },
        response_rate: 0.6,
        median_hours_to_first_response: 0,
        average_rating: null,
        ratings: 0,
      });
    });
  });
});
