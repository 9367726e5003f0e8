import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, staffUser, tokenWithScopes } from '../../../../test/factories.js';
import { type Party, fastOrgan } from '../../../../test/gov-cast.js';
import { type TestServer, testServer } from '../../../../test/http.js';

describe.each(DIALECTS)('operators /api/v1/gov/accounts/:id/operators (%s)', (dialect) => {
  let s: TestServer;
  let reviewer: Party;
  let organ: Party;
  let staff: Party;

  beforeAll(async () => {
    s = await testServer(dialect);
    reviewer = await staffUser(s, 'reviewer');
    organ = await fastOrgan(s, reviewer.token);
    staff = await citizen(s);
  });
  afterAll(async () => {
    await s?.close();
  });

  const base = () => `/api/v1/gov/accounts/${organ.id}`;

  it('refuses a bad account_id with 422 naming it', async () => {
    for (const body of [{}, { account_id: 'abc' }, { account_id: '999999' }, { account_id: organ.id }]) {
      const res = await s.call('POST', `${base()}/operators`, { token: organ.token, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(Object.keys(res.json.details)).toEqual(['account_id']);
    }
  });

  it('adds an operator (again: the same row), lists it, and audits the act', async () => {
    const add = await s.call('POST', `${base()}/operators`, { token: organ.token, form: { account_id: staff.id } });
    expect(add.status).toBe(200);
    expect(add.json).toMatchObject({ organ_account_id: organ.id, account_id: staff.id, added_by: organ.id, removed_at: null, account: { id: staff.id } });
    const again = await s.call('POST', `${base()}/operators`, { token: organ.token, body: { account_id: staff.id } });
    expect(again.json.id).toBe(add.json.id);
    const list = await s.call('GET', `${base()}/operators`, { token: organ.token });
    expect(list.json.map((o: { account_id: string }) => o.account_id)).toEqual([staff.id]);
    const log = await s.call('GET', '/api/v1/gov/audit_log', { token: organ.token });
    expect(log.json.filter((e: { action: string }) => e.action === 'operator.add')).toHaveLength(1);
    // The operator sees it too: the entry is about their account.
    const theirs = await s.call('GET', '/api/v1/gov/audit_log', { token: staff.token });
    expect(theirs.json.map((e: { action: string }) => e.action)).toContain('operator.add');
  });

  it('gives the operator a token that acts as the organ, never with more scopes than their own', async () => {
    const tok = await s.call('POST', `${base()}/operator_token`, { token: staff.token });
    expect(tok.status).toBe(200);
    expect(tok.json).toMatchObject({ token_type: 'Bearer', scope: 'read write follow', access_token: expect.any(String), created_at: expect.any(Number) });
    const me = await s.call('GET', '/api/v1/accounts/verify_credentials', { token: tok.json.access_token });
    expect(me.json.id).toBe(organ.id);
    // An operator's token cannot mint another.
    expect((await s.call('POST', `${base()}/operator_token`, { token: tok.json.access_token })).status).toBe(403);

    const narrow = await tokenWithScopes(s, staff.id, ['read', 'write:gov']);
    const limited = await s.call('POST', `${base()}/operator_token`, { token: narrow });
    expect(limited.json.scope).toBe('read write:gov');
    const readOnly = await tokenWithScopes(s, staff.id, ['read']);
    expect((await s.call('POST', `${base()}/operator_token`, { token: readOnly })).status).toBe(403);

    const log = await s.call('GET', '/api/v1/gov/audit_log', { token: organ.token });
    expect(log.json.find((e: { action: string }) => e.action === 'operator.token')).toMatchObject({ actor_id: organ.id, operator_id: staff.id, subject_id: staff.id });
  });

  it('removes the operator: off the list, every token for the organ revoked, 404 the second time', async () => {
    const tok = await s.call('POST', `${base()}/operator_token`, { token: staff.token });
    const del = await s.call('DELETE', `${base()}/operators/${staff.id}`, { token: organ.token });
    expect(del.status).toBe(200);
    expect(del.json).toMatchObject({ account_id: staff.id, removed_at: expect.any(String) });
    expect((await s.call('GET', `${base()}/operators`, { token: organ.token })).json).toEqual([]);
    const live = await s.ctx.db.selectFrom('oauth_tokens').select('id').where('operator_id', '=', Number(staff.id)).where('revoked_at', 'is', null).execute();
    expect(live).toEqual([]);
    expect((await s.call('GET', '/api/v1/accounts/verify_credentials', { token: tok.json.access_token })).status).toBe(401);
    expect((await s.call('DELETE', `${base()}/operators/${staff.id}`, { token: organ.token })).status).toBe(404);
    expect((await s.call('DELETE', `${base()}/operators/abc`, { token: organ.token })).status).toBe(404);
    const log = await s.call('GET', '/api/v1/gov/audit_log', { token: organ.token });
    expect(log.json[0]).toMatchObject({ action: 'operator.remove', actor_id: organ.id, subject_id: staff.id });

    // Added back, they act again with a new token; the old one stays dead.
    await s.call('POST', `${base()}/operators`, { token: organ.token, body: { account_id: staff.id } });
    const fresh = await s.call('POST', `${base()}/operator_token`, { token: staff.token });
    expect((await s.call('GET', '/api/v1/accounts/verify_credentials', { token: fresh.json.access_token })).json.id).toBe(organ.id);
    expect((await s.call('GET', '/api/v1/accounts/verify_credentials', { token: tok.json.access_token })).status).toBe(401);
  });

  it('an operator posts for the organ through the Mastodon API; the organ sees who in its audit log, the public does not', async () => {
    const o = await fastOrgan(s, reviewer.token);
    const clerk = await citizen(s);
    await s.call('POST', `/api/v1/gov/accounts/${o.id}/operators`, { token: o.token, body: { account_id: clerk.id } });
    const tok = (await s.call('POST', `/api/v1/gov/accounts/${o.id}/operator_token`, { token: clerk.token })).json.access_token as string;
    const post = await s.call('POST', '/api/v1/statuses', { token: tok, body: { status: '今日政务公开' } });
    expect(post.status).toBe(200);
    expect(post.json.account.id).toBe(o.id);
    expect(JSON.stringify(post.json)).not.toContain(`"${clerk.id}"`);
    const del = await s.call('DELETE', `/api/v1/statuses/${post.json.id}`, { token: tok });
    expect(del.status).toBe(200);
    const log = await s.call('GET', '/api/v1/gov/audit_log', { token: o.token });
    const acts = log.json.filter((e: { operator_id: string | null }) => e.operator_id === clerk.id).map((e: { action: string; subject_id: string }) => [e.action, e.subject_id]);
    expect(acts).toEqual(expect.arrayContaining([['status.create', post.json.id], ['status.delete', post.json.id]]));
    // The operator's own account shows nothing of the organ's acts to a stranger.
    const stranger = await citizen(s);
    const theirs = await s.call('GET', '/api/v1/gov/audit_log', { token: stranger.token });
    expect(theirs.json).toEqual([]);
  });

  it('an organ whose verification is revoked can no longer add operators, and its operators\' tokens stop working', async () => {
    const o = await fastOrgan(s, reviewer.token);
    const clerk = await citizen(s);
    await s.call('POST', `/api/v1/gov/accounts/${o.id}/operators`, { token: o.token, body: { account_id: clerk.id } });
    const tok = (await s.call('POST', `/api/v1/gov/accounts/${o.id}/operator_token`, { token: clerk.token })).json.access_token as string;
    expect((await s.call('GET', '/api/v1/accounts/verify_credentials', { token: tok })).status).toBe(200);
    await s.call('POST', `/api/v1/gov/verifications/${o.verificationId}/revoke`, { token: reviewer.token, body: { reason: '撤销' } });
    expect((await s.call('GET', '/api/v1/accounts/verify_credentials', { token: tok })).status).toBe(401);
    expect((await s.call('POST', `/api/v1/gov/accounts/${o.id}/operator_token`, { token: clerk.token })).status).toBe(404);
    const res = await s.call('POST', `/api/v1/gov/accounts/${o.id}/operators`, { token: o.token, body: { account_id: staff.id } });
    expect(res.status).toBe(404);
    // The organ's own token is the account holder's and keeps working.
    expect((await s.call('GET', '/api/v1/accounts/verify_credentials', { token: o.token })).status).toBe(200);
  });
});
