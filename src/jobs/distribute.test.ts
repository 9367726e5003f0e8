import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/dialects.js';
import { citizen, postStatus } from '../../test/factories.js';
import { type TestServer, testServer } from '../../test/http.js';
import { DISTRIBUTE_JOB, type DistributionPayload } from './distribute.js';

async function distributions(s: TestServer): Promise<DistributionPayload['event'][]> {
  const rows = await s.ctx.db.selectFrom('jobs').select(['payload']).where('kind', '=', DISTRIBUTE_JOB).orderBy('id').execute();
  return rows.map((r) => (JSON.parse(r.payload) as DistributionPayload).event);
}

/** What local accounts do is queued for other servers in the same transaction, and only when the provider federates. */
describe.each(DIALECTS)('distribution of local acts (%s)', (dialect) => {
  let off: TestServer;
  let on: TestServer;
  beforeAll(async () => {
    off = await testServer(dialect, { federation: false });
    on = await testServer(dialect, { federation: true, jobs: false });
  });
  afterAll(async () => {
    await off?.close();
    await on?.close();
  });

  it('queues nothing on a provider that does not federate', async () => {
    const a = await citizen(off);
    await postStatus(off, a, { status: '不外发' });
    expect(await distributions(off)).toEqual([]);
  });

  it('queues nothing for a write that failed', async () => {
    const a = await citizen(on);
    const before = (await distributions(on)).length;
    const bad = await on.call('POST', '/api/v1/statuses', { token: a.token, body: { status: '回复', in_reply_to_id: '999999' } });
    expect(bad.status).toBe(404);
    expect((await distributions(on)).length).toBe(before);
  });

  it('queues each act with the ids its handler reads', async () => {
    const a = await citizen(on);
    const b = await citizen(on);
    const before = (await distributions(on)).length;
    const id = Number(await postStatus(on, a, { status: '通知' }));
    await on.call('PUT', `/api/v1/statuses/${id}`, { token: a.token, body: { status: '通知（更正）' } });
    await on.call('POST', `/api/v1/statuses/${id}/favourite`, { token: b.token });
    await on.call('POST', `/api/v1/statuses/${id}/unfavourite`, { token: b.token });
    const reblog = await on.call('POST', `/api/v1/statuses/${id}/reblog`, { token: b.token });
    await on.call('POST', `/api/v1/statuses/${id}/unreblog`, { token: b.token });
    await on.call('POST', `/api/v1/accounts/${a.id}/follow`, { token: b.token });
    await on.call('POST', `/api/v1/accounts/${a.id}/unfollow`, { token: b.token });
    await on.call('POST', `/api/v1/accounts/${b.id}/block`, { token: a.token });
    await on.call('POST', `/api/v1/accounts/${b.id}/unblock`, { token: a.token });
    await on.call('PATCH', '/api/v1/accounts/update_credentials', { token: a.token, body: { note: '新简介' } });
    await on.call('DELETE', `/api/v1/statuses/${id}`, { token: a.token });
    const [A, B] = [Number(a.id), Number(b.id)];
    expect((await distributions(on)).slice(before)).toEqual([
      { type: 'status.created', status: id },
      { type: 'status.updated', status: id },
      { type: 'favourited', account: B, status: id },
      { type: 'unfavourited', account: B, status: id },
      { type: 'reblogged', status: Number(reblog.json.id) },
      { type: 'unreblogged', status: Number(reblog.json.id) },
      { type: 'followed', follower: B, followee: A },
      { type: 'unfollowed', follower: B, followee: A },
      { type: 'blocked', account: A, target: B },
      { type: 'unblocked', account: A, target: B },
      { type: 'account.updated', account: A },
      { type: 'status.deleted', status: id },
    ]);
  });

  it('queues an act that changed nothing only where the other side may still hold it', async () => {
    const a = await citizen(on);
    const b = await citizen(on);
    const id = Number(await postStatus(on, a, { status: '再次' }));
    await on.call('POST', `/api/v1/statuses/${id}/favourite`, { token: b.token });
    const before = (await distributions(on)).length;
    // A second favourite and a second block change nothing here and tell nobody.
    await on.call('POST', `/api/v1/statuses/${id}/favourite`, { token: b.token });
    await on.call('POST', `/api/v1/accounts/${b.id}/block`, { token: a.token });
    await on.call('POST', `/api/v1/accounts/${b.id}/block`, { token: a.token });
    expect((await distributions(on)).slice(before)).toEqual([{ type: 'blocked', account: Number(a.id), target: Number(b.id) }]);
  });
});
