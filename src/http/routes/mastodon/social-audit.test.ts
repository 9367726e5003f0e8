import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, staffUser } from '../../../../test/factories.js';
import { type Party, fastOrgan, operatorOf } from '../../../../test/gov-cast.js';
import { type TestServer, testServer } from '../../../../test/http.js';

interface Entry {
  action: string;
  actor_id: string | null;
  operator_id: string | null;
  subject_type: string;
  subject_id: string;
}

/**
 * Every write route of the social area (follows, follow requests, favourites,
 * notifications, own profile) driven through an operator's token: the organ's
 * audit log must name the operator and the act, each time.
 */
describe.each(DIALECTS)('operators\u2019 social acts are audited (%s)', (dialect) => {
  let s: TestServer;
  let organ: Party;
  let staff: Party;
  let operator: string;
  let alice: Party;
  let bob: Party;

  beforeAll(async () => {
    s = await testServer(dialect);
    const reviewer = await staffUser(s, 'reviewer');
    organ = await fastOrgan(s, reviewer.token);
    staff = await citizen(s);
    operator = await operatorOf(s, organ, staff);
    alice = await citizen(s);
    bob = await citizen(s);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('records who did each follow, favourite, request decision, notification change and profile update', async () => {
    const acts: [string, string, string][] = [];
    const ok = async (method: 'POST' | 'PATCH', url: string, body: unknown, act: [string, string, string]) => {
      const res = await s.call(method, url, { token: operator, body });
      expect(res.status, `${method} ${url}: ${res.body}`).toBe(200);
      acts.push(act);
      return res;
    };

    const post = await s.call('POST', '/api/v1/statuses', { token: alice.token, body: { status: 'to be favourited by an organ' } });
    expect(post.status).toBe(200);
    const statusId = post.json.id as string;

    await ok('POST', `/api/v1/accounts/${alice.id}/follow`, {}, ['account.follow', 'account', alice.id]);
    // Idempotent calls are acts too: the operator pressed the button.
    await ok('POST', `/api/v1/accounts/${alice.id}/follow`, {}, ['account.follow', 'account', alice.id]);
    await ok('POST', `/api/v1/accounts/${alice.id}/unfollow`, {}, ['account.unfollow', 'account', alice.id]);
    await ok('POST', `/api/v1/statuses/${statusId}/favourite`, {}, ['status.favourite', 'status', statusId]);
    await ok('POST', `/api/v1/statuses/${statusId}/unfavourite`, {}, ['status.unfavourite', 'status', statusId]);

    await ok('PATCH', '/api/v1/accounts/update_credentials', { locked: true }, ['account.update', 'account', organ.id]);
    for (const who of [alice, bob]) expect((await s.call('POST', `/api/v1/accounts/${organ.id}/follow`, { token: who.token })).status).toBe(200);
    await ok('POST', `/api/v1/follow_requests/${alice.id}/authorize`, {}, ['follow_request.authorize', 'account', alice.id]);
    await ok('POST', `/api/v1/follow_requests/${bob.id}/reject`, {}, ['follow_request.reject', 'account', bob.id]);

    const list = await s.call('GET', '/api/v1/notifications', { token: operator });
    const notificationId = list.json[0]?.id as string;
    expect(notificationId).toBeDefined();
    await ok('POST', `/api/v1/notifications/${notificationId}/dismiss`, {}, ['notification.dismiss', 'notification', notificationId]);
    await ok('POST', '/api/v1/notifications/clear', {}, ['notifications.clear', 'account', organ.id]);

    const log = await s.call('GET', '/api/v1/gov/audit_log?limit=80', { token: organ.token });
    expect(log.status).toBe(200);
    const social = (log.json as Entry[]).filter((e) => e.operator_id !== null && !e.action.startsWith('operator.'));
    expect(social.map((e) => [e.action, e.subject_type, e.subject_id]).reverse()).toEqual(acts);
    for (const e of social) expect([e.actor_id, e.operator_id]).toEqual([organ.id, staff.id]);
  });

  it('records nothing when the organ acts with its own token', async () => {
    const before = (await s.call('GET', '/api/v1/gov/audit_log?limit=80', { token: organ.token })).json.length as number;
    expect((await s.call('POST', `/api/v1/accounts/${bob.id}/follow`, { token: organ.token })).status).toBe(200);
    expect((await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: organ.token, body: { note: 'own token' } })).status).toBe(200);
    const after = (await s.call('GET', '/api/v1/gov/audit_log?limit=80', { token: organ.token })).json.length as number;
    expect(after).toBe(before);
  });
});
