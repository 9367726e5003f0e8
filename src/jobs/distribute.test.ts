import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/dialects.js';
import { citizen, postStatus } from '../../test/factories.js';
import { type TestServer, testServer } from '../../test/http.js';
import { upsertRemoteAccount } from '../accounts/upsert-remote-account.js';
import { follow } from '../social/follow.js';
import { hasRemoteFollower, insertFollows } from '../social/follows.repository.js';
import { unfollow } from '../social/unfollow.js';
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

  it('queues nothing for acts between local accounts (no other server can be concerned)', async () => {
    const a = await citizen(on);
    const b = await citizen(on);
    const before = (await distributions(on)).length;
    const id = Number(await postStatus(on, a, { status: '通知' }));
    await on.call('POST', `/api/v1/statuses/${id}/favourite`, { token: b.token });
    await on.call('POST', `/api/v1/accounts/${a.id}/follow`, { token: b.token });
    await on.call('POST', `/api/v1/accounts/${b.id}/block`, { token: a.token });
    await on.call('PATCH', '/api/v1/accounts/update_credentials', { token: a.token, body: { note: '新简介' } });
    await on.call('DELETE', `/api/v1/statuses/${id}`, { token: a.token });
    expect((await distributions(on)).slice(before)).toEqual([]);
  });

  it('queues each act that concerns another server with the ids its handler reads, and not those of the remote account itself', async () => {
    const a = await citizen(on);
    const b = await citizen(on);
    const far = await upsertRemoteAccount(on.ctx, { uri: `https://far.example/users/${a.username}`, username: a.username, domain: 'far.example', actorType: 'Person', inboxUrl: `https://far.example/users/${a.username}/inbox` });
    const F = Number(far.id);
    // A remote follower makes a's posts and profile of concern to its server; b's stay local.
    await follow(on.ctx, { account: far, operator: null }, Number(a.id));
    const before = (await distributions(on)).length;
    const id = Number(await postStatus(on, a, { status: '通知' }));
    const local = Number(await postStatus(on, b, { status: '本地' }));
    await on.call('PUT', `/api/v1/statuses/${id}`, { token: a.token, body: { status: '通知（更正）' } });
    await on.call('POST', `/api/v1/statuses/${id}/favourite`, { token: b.token });
    await on.call('POST', `/api/v1/statuses/${local}/favourite`, { token: a.token });
    await on.call('POST', `/api/v1/accounts/${F}/follow`, { token: b.token });
    await on.call('POST', `/api/v1/accounts/${F}/unfollow`, { token: b.token });
    await on.call('POST', `/api/v1/accounts/${F}/block`, { token: b.token });
    await on.call('POST', `/api/v1/accounts/${F}/unblock`, { token: b.token });
    await on.call('PATCH', '/api/v1/accounts/update_credentials', { token: a.token, body: { note: '新简介' } });
    await on.call('DELETE', `/api/v1/statuses/${id}`, { token: a.token });
    const [B] = [Number(b.id)];
    expect((await distributions(on)).slice(before)).toEqual([
      { type: 'status.created', status: id },
      { type: 'status.updated', status: id },
      { type: 'followed', follower: B, followee: F },
      { type: 'unfollowed', follower: B, followee: F },
      { type: 'blocked', account: B, target: F },
      { type: 'unblocked', account: B, target: F },
      { type: 'account.updated', account: Number(a.id) },
      { type: 'status.deleted', status: id },
    ]);
  });

  it("a post concerns other servers exactly while an account of one follows its author, however the follow came and went", async () => {
    const a = await citizen(on);
    const fan = await citizen(on);
    const far = await upsertRemoteAccount(on.ctx, { uri: `https://far.example/users/f${a.username}`, username: `f${a.username}`, domain: 'far.example', actorType: 'Person', inboxUrl: `https://far.example/users/f${a.username}/inbox` });
    const near = await upsertRemoteAccount(on.ctx, { uri: `https://near.example/users/n${a.username}`, username: `n${a.username}`, domain: 'near.example', actorType: 'Person', inboxUrl: `https://near.example/users/n${a.username}/inbox` });
    const A = Number(a.id);
    const queuedFor = async (text: string) => {
      const before = (await distributions(on)).length;
      const id = Number(await postStatus(on, a, { status: text }));
      return (await distributions(on)).slice(before).some((e) => e.type === 'status.created' && e.status === id);
    };
    // Local followers only: nothing to tell.
    await on.call('POST', `/api/v1/accounts/${A}/follow`, { token: fan.token });
    expect(await hasRemoteFollower(on.ctx.db, A)).toBe(false);
    expect(await queuedFor('只有本地关注者')).toBe(false);
    // A remote follow through the use case, then gone again.
    await follow(on.ctx, { account: far, operator: null }, A);
    expect(await hasRemoteFollower(on.ctx.db, A)).toBe(true);
    expect(await queuedFor('有远程关注者')).toBe(true);
    await unfollow(on.ctx, { account: far, operator: null }, A);
    expect(await hasRemoteFollower(on.ctx.db, A)).toBe(false);
    expect(await queuedFor('远程关注者已取消')).toBe(false);
    // Follows inserted in bulk (an authorized batch of requests) are marked from their followers' domains too.
    await insertFollows(on.ctx.db, [
      { account_id: Number(near.id), target_account_id: A, created_at: new Date().toISOString() },
      { account_id: Number(fan.id), target_account_id: Number(near.id), created_at: new Date().toISOString() },
    ]);
    const flags = await on.ctx.db.selectFrom('follows').select(['account_id', 'target_account_id', 'remote']).where((eb) => eb.or([eb('account_id', '=', Number(near.id)), eb('target_account_id', '=', Number(near.id))])).orderBy('id').execute();
    expect(flags.map((f) => [Number(f.account_id), Number(f.target_account_id), Number(f.remote)])).toEqual([
      [Number(near.id), A, 1],
      [Number(fan.id), Number(near.id), 0],
    ]);
    expect(await queuedFor('批量关注')).toBe(true);
  });
});
