import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../app/clock.js';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, staffUser } from '../../../../test/factories.js';
import { type Party, fastOrgan, operatorOf } from '../../../../test/gov-cast.js';
import { type TestServer, testServer } from '../../../../test/http.js';

/**
 * Every write route of statuses (favourites aside: social's) driven through
 * an operator's token: each act lands in the organ's audit log, naming the
 * operator behind it and the action.
 */
describe.each(DIALECTS)('statuses: an operator’s acts in the audit log (%s)', (dialect) => {
  let s: TestServer;
  const clock = fixedClock('2012-12-01T08:00:00Z');
  let organ: Party;
  let staff: Party;
  let operatorToken: string;
  let other: Party;

  beforeAll(async () => {
    s = await testServer(dialect, {}, clock);
    const reviewer = await staffUser(s, 'reviewer');
    organ = await fastOrgan(s, reviewer.token);
    staff = await citizen(s);
    operatorToken = await operatorOf(s, organ, staff);
    other = await citizen(s);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('records create, schedule, reschedule, unschedule, reblog, unreblog and delete with the operator and the subject', async () => {
    const token = operatorToken;
    const ok = (r: { status: number; body: string }, what: string) => expect(r.status, `${what}: ${r.body}`).toBe(200);

    const created = await s.call('POST', '/api/v1/statuses', { token, body: { status: '本局今日发布通告' } });
    ok(created, 'create');
    const scheduled = await s.call('POST', '/api/v1/statuses', { token, body: { status: '明日发布会预告', scheduled_at: '2012-12-02T08:00:00.000Z' } });
    ok(scheduled, 'schedule');
    const rescheduled = await s.call('PUT', `/api/v1/scheduled_statuses/${scheduled.json.id}`, { token, body: { scheduled_at: '2012-12-03T08:00:00.000Z' } });
    ok(rescheduled, 'reschedule');
    ok(await s.call('DELETE', `/api/v1/scheduled_statuses/${scheduled.json.id}`, { token }), 'unschedule');

    const theirs = await s.call('POST', '/api/v1/statuses', { token: other.token, body: { status: '市民来信' } });
    ok(theirs, 'other post');
    const reblog = await s.call('POST', `/api/v1/statuses/${theirs.json.id}/reblog`, { token });
    ok(reblog, 'reblog');
    ok(await s.call('POST', `/api/v1/statuses/${theirs.json.id}/unreblog`, { token }), 'unreblog');
    ok(await s.call('DELETE', `/api/v1/statuses/${created.json.id}`, { token }), 'delete');

    const log = await s.call('GET', '/api/v1/gov/audit_log?limit=80', { token: organ.token });
    expect(log.status).toBe(200);
    const mine = (log.json as { action: string; actor_id: string; operator_id: string | null; subject_type: string; subject_id: string }[]).filter((e) => e.operator_id !== null && e.action.startsWith('status.'));
    const expected = [
      ['status.delete', 'status', created.json.id],
      ['status.unreblog', 'status', theirs.json.id],
      ['status.reblog', 'status', reblog.json.id],
      ['status.unschedule', 'scheduled_status', scheduled.json.id],
      ['status.reschedule', 'scheduled_status', scheduled.json.id],
      ['status.schedule', 'scheduled_status', scheduled.json.id],
      ['status.create', 'status', created.json.id],
    ];
    expect(mine.map((e) => [e.action, e.subject_type, e.subject_id])).toEqual(expected);
    for (const e of mine) expect([e.actor_id, e.operator_id]).toEqual([organ.id, staff.id]);
  });
});
