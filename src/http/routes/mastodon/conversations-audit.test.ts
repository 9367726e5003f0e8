import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, staffUser } from '../../../../test/factories.js';
import { type Party, fastOrgan, operatorOf } from '../../../../test/gov-cast.js';
import { type TestServer, testServer } from '../../../../test/http.js';

type Entry = { action: string; actor_id: string; operator_id: string | null; subject_type: string; subject_id: string };

/** Every write route of the timelines area, driven through an operator's token, leaves an entry in the organ's audit log naming the operator. */
describe.each(DIALECTS)('operators acting on conversations are audited (%s)', (dialect) => {
  let s: TestServer;
  let organ: Party;
  let staff: Party;
  let operatorToken: string;
  let conversationId: string;

  beforeAll(async () => {
    s = await testServer(dialect);
    const reviewer = await staffUser(s, 'reviewer');
    organ = await fastOrgan(s, reviewer.token);
    staff = await citizen(s);
    operatorToken = await operatorOf(s, organ, staff);
    const me = await s.call('GET', '/api/v1/accounts/verify_credentials', { token: organ.token });
    const asker = await citizen(s);
    const dm = await s.call('POST', '/api/v1/statuses', { token: asker.token, body: { status: `@${me.json.username} 请问办事大厅几点开门？`, visibility: 'direct' } });
    expect(dm.status).toBe(200);
    const list = await s.call('GET', '/api/v1/conversations', { token: operatorToken });
    expect(list.status).toBe(200);
    conversationId = list.json[0].id;
  });
  afterAll(async () => {
    await s?.close();
  });

  const entries = async (): Promise<Entry[]> => {
    const log = await s.call('GET', '/api/v1/gov/audit_log', { token: organ.token });
    expect(log.status).toBe(200);
    return log.json;
  };

  it('POST /api/v1/conversations/:id/read records conversation.read', async () => {
    const res = await s.call('POST', `/api/v1/conversations/${conversationId}/read`, { token: operatorToken });
    expect(res.status, res.body).toBe(200);
    expect(res.json.unread).toBe(false);
    expect(await entries()).toContainEqual(
      expect.objectContaining({ action: 'conversation.read', actor_id: organ.id, operator_id: staff.id, subject_type: 'conversation', subject_id: conversationId }),
    );
  });

  it('POST /api/v1/conversations/:id/unread marks it unread again and records conversation.unread', async () => {
    const res = await s.call('POST', `/api/v1/conversations/${conversationId}/unread`, { token: operatorToken });
    expect(res.status, res.body).toBe(200);
    expect(res.json.unread).toBe(true);
    expect(await entries()).toContainEqual(
      expect.objectContaining({ action: 'conversation.unread', actor_id: organ.id, operator_id: staff.id, subject_type: 'conversation', subject_id: conversationId }),
    );
    // Someone else's conversation is not found, and nothing is recorded.
    const before = (await entries()).length;
    expect((await s.call('POST', `/api/v1/conversations/${conversationId}/unread`, { token: staff.token })).status).toBe(404);
    expect((await entries()).length).toBe(before);
  });

  it('DELETE /api/v1/conversations/:id records conversation.remove', async () => {
    const res = await s.call('DELETE', `/api/v1/conversations/${conversationId}`, { token: operatorToken });
    expect(res.status, res.body).toBe(200);
    expect(await entries()).toContainEqual(
      expect.objectContaining({ action: 'conversation.remove', actor_id: organ.id, operator_id: staff.id, subject_type: 'conversation', subject_id: conversationId }),
    );
  });

  it('records nothing for an act that failed', async () => {
    const before = (await entries()).length;
    expect((await s.call('POST', `/api/v1/conversations/${conversationId}/read`, { token: operatorToken })).status).toBe(404);
    expect((await s.call('DELETE', `/api/v1/conversations/${conversationId}`, { token: operatorToken })).status).toBe(404);
    expect((await entries()).length).toBe(before);
  });
});
