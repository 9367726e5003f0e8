import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, staffUser } from '../../../../test/factories.js';
import { type Party, fastOrgan } from '../../../../test/gov-cast.js';
import { type TestServer, testServer } from '../../../../test/http.js';

/** Service requests pass through blocks and mutes by design: an organ cannot block a citizen out of public service (README "Blocks and mutes"). */
describe.each(DIALECTS)('service requests across blocks and mutes (%s)', (dialect) => {
  let s: TestServer;
  let organ: Party;

  beforeAll(async () => {
    s = await testServer(dialect);
    const reviewer = await staffUser(s, 'reviewer');
    organ = await fastOrgan(s, reviewer.token);
  });
  afterAll(async () => {
    await s?.close();
  });

  const types = async (u: Party) => ((await s.call('GET', '/api/v1/notifications', { token: u.token })).json as { type: string }[]).map((n) => n.type);

  it('a blocked citizen still submits, the organ is told, and the citizen hears every step', async () => {
    const alice = await citizen(s);
    expect((await s.call('POST', `/api/v1/accounts/${alice.id}/block`, { token: organ.token })).json.blocking).toBe(true);
    // And the citizen mutes the organ, notifications hidden: the answers still reach them.
    expect((await s.call('POST', `/api/v1/accounts/${organ.id}/mute`, { token: alice.token })).json.muting_notifications).toBe(true);
    const submitted = await s.call('POST', '/api/v1/gov/requests', { token: alice.token, body: { account_id: organ.id, category: 'help', text: '路灯坏了', visibility: 'public' } });
    expect(submitted.status).toBe(201);
    expect(await types(organ)).toContain('gov.request');
    expect((await s.call('POST', `/api/v1/gov/requests/${submitted.json.id}/accept`, { token: organ.token })).status).toBe(200);
    expect((await s.call('POST', `/api/v1/gov/requests/${submitted.json.id}/respond`, { token: organ.token, body: { text: '已安排维修' } })).status).toBe(200);
    expect((await types(alice)).filter((t) => t === 'gov.request_update').length).toBeGreaterThanOrEqual(2);
  });
});
