import type { Activity } from '@fedify/vocab';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../app/clock.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { upsertRemoteAccount } from '../accounts/upsert-remote-account.js';
import { JOB_HANDLERS } from '../jobs/background.js';
import { DISTRIBUTE_JOB } from '../jobs/distribute.js';
import { startJobRunner } from '../jobs/runner.js';
import { favouriteStatus } from '../social/favourite-status.js';
import { follow } from '../social/follow.js';
import { DIALECTS } from '../../test/dialects.js';
import { citizen, postStatus } from '../../test/factories.js';
import { type TestServer, federatingTestServer } from '../../test/http.js';
import { type FedifyPeer, startPeer } from '../../test/fedify-peer.js';
import { distribute } from './distribute.js';
import { ORDERING } from './ordering.js';

const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';
const asArray = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

/**
 * What govblog sends (issue 14), received by a second Fedify server on
 * loopback that verifies every signature: each act's activity in the shape
 * Mastodon reads, to whom it goes, and what it never sends.
 */
describe.each(DIALECTS)('outbound federation (%s)', (dialect) => {
  let s: TestServer;
  let peer: FedifyPeer;
  const clock = fixedClock(new Date());
  let organ: { id: string; token: string; username: string };
  const remote: Record<string, AccountRow> = {};
  const jobsOf = async (kind: string) => (await s.ctx.db.selectFrom('jobs').select(['payload', 'state']).where('kind', '=', kind).execute()).map((j) => ({ ...j, payload: JSON.parse(j.payload) }));

  beforeAll(async () => {
    // The clock stands still here: a held-back job looks again at once (the rounds of runJobs).
    ORDERING.waitMs = 0;
    peer = await startPeer(['alice', 'bob', 'carol']);
    s = await federatingTestServer(dialect, {}, clock);
    organ = await citizen(s, 'organ');
    const domain = new URL(peer.origin).host;
    for (const name of ['alice', 'bob', 'carol']) {
      remote[name] = await upsertRemoteAccount(s.ctx, {
        uri: peer.actorUri(name),
        username: name,
        domain,
        actorType: 'Person',
        inboxUrl: `${peer.actorUri(name)}/inbox`,
        sharedInboxUrl: `${peer.origin}/inbox`,
      });
    }
  });
  afterAll(async () => {
    await s?.close();
    await peer?.close();
  });
  afterEach(async () => {
    await s.ctx.db.deleteFrom('jobs').execute();
    peer.activities.length = 0;
    peer.bodies.length = 0;
  });

  /** Runs due jobs (distribution, fanout, deliveries) until none is left due, at most `rounds` times. */
  const runJobs = async (rounds = 10) => {
    const runner = startJobRunner(s.ctx, JOB_HANDLERS, { start: false, concurrency: 4 });
    for (let i = 0; i < rounds && (await runner.runDue()) > 0; i++);
    await runner.stop();
  };
  const remoteFollows = async (name: string) => {
    await follow(s.ctx, { account: remote[name] as AccountRow, operator: null }, Number(organ.id));
  };
  const received = (type: string) => peer.bodies.filter((b) => b.json.type === type);
  const verified = (type: string): Activity[] => peer.activities.filter((a) => a.constructor.name === type);

  it('sends nothing for an act between local accounts, and queues nothing for it', async () => {
    const other = await citizen(s);
    const id = await postStatus(s, other, { status: '本地通知' });
    await s.call('POST', `/api/v1/statuses/${id}/favourite`, { token: organ.token });
    await s.call('POST', `/api/v1/accounts/${other.id}/follow`, { token: organ.token });
    expect(await jobsOf(DISTRIBUTE_JOB)).toEqual([]);
    // Even when the handler is asked (a job queued by an older version): nothing to send.
    await distribute(s.ctx, { event: { type: 'status.created', status: Number(id) }, at: clock.now().toISOString() });
    await distribute(s.ctx, { event: { type: 'favourited', account: Number(organ.id), status: Number(id) }, at: clock.now().toISOString() });
    expect(await jobsOf('federation.fanout')).toEqual([]);
  });

  it("sends nothing for a remote account's act done through the use cases", async () => {
    const id = await postStatus(s, organ, { status: '给远程点赞的帖子' });
    await s.ctx.db.deleteFrom('jobs').execute();
    await favouriteStatus(s.ctx, { account: remote.carol as AccountRow, operator: null }, Number(id));
    expect(await jobsOf(DISTRIBUTE_JOB)).toEqual([]);
    await distribute(s.ctx, { event: { type: 'favourited', account: Number(remote.carol?.id), status: Number(id) }, at: clock.now().toISOString() });
    expect(await jobsOf('federation.fanout')).toEqual([]);
  });

  it('accepts a remote follow of an unlocked account: the Accept embeds the Follow as it came', async () => {
    await remoteFollows('alice');
    await s.ctx.db.updateTable('follows').set({ uri: `${peer.origin}/follows/alice-1` }).where('account_id', '=', Number(remote.alice?.id)).execute();
    await runJobs();
    const [accept] = received('Accept');
    expect(accept?.json).toMatchObject({ actor: `${s.ctx.config.publicUrl}/users/organ`, object: { type: 'Follow', id: `${peer.origin}/follows/alice-1`, actor: peer.actorUri('alice') } });
    expect(verified('Accept')).toHaveLength(1);
  });

  it('delivers a public post once per shared inbox however many followers it has there, as Mastodon reads it', async () => {
    await remoteFollows('bob');
    await runJobs();
    peer.bodies.length = 0;
    const id = await postStatus(s, organ, { status: `【通知】#地铁2号线 调整运营时间 @carol@${new URL(peer.origin).host}`, spoiler_text: '交通', language: 'zh' });
    await runJobs();
    const creates = received('Create');
    // alice and bob follow, carol is mentioned: one server, one shared inbox, one POST.
    expect(creates.map((c) => c.path)).toEqual(['/inbox']);
    expect(verified('Create')).toHaveLength(1);
    const note = creates[0]?.json.object;
    const base = s.ctx.config.publicUrl;
    expect(creates[0]?.json.id).toBe(`${base}/users/organ/statuses/${id}/activity`);
    expect(note).toMatchObject({ id: `${base}/users/organ/statuses/${id}`, type: 'Note', url: `${base}/@organ/${id}`, attributedTo: `${base}/users/organ`, summary: '交通', sensitive: true });
    expect(asArray(note.to)).toEqual([PUBLIC]);
    expect(asArray(note.cc).sort()).toEqual([`${base}/users/organ/followers`, peer.actorUri('carol')].sort());
    expect(note.contentMap).toEqual({ zh: note.content });
    const tags = asArray(note.tag) as Record<string, string>[];
    expect(tags).toContainEqual(expect.objectContaining({ type: 'Mention', href: peer.actorUri('carol') }));
    expect(tags).toContainEqual(expect.objectContaining({ type: 'Hashtag', name: '#地铁2号线', href: `${base}/tags/${encodeURIComponent('地铁2号线')}` }));
    expect(note.published).toBeTruthy();
  });

  it('sends a direct status only to the mentioned, addressed to them alone', async () => {
    await postStatus(s, organ, { status: `@carol@${new URL(peer.origin).host} 私信`, visibility: 'direct' });
    await runJobs();
    const creates = received('Create');
    // To carol's server only (its shared inbox, as Mastodon delivers), addressed to her alone: alice and bob, followers there, are not named.
    expect(creates.map((c) => c.path)).toEqual(['/inbox']);
    expect(asArray(creates[0]?.json.object.to)).toEqual([peer.actorUri('carol')]);
    expect(asArray(creates[0]?.json.to)).toEqual([peer.actorUri('carol')]);
    expect(asArray(creates[0]?.json.object.cc)).toEqual([]);
  });

  it('sends a poll as a Question with its options, end and voters; an attachment as a Document with its alt text', async () => {
    const id = await postStatus(s, organ, { status: '周末是否调整？', poll: { options: ['是', '否'], expires_in: 3600 } });
    await runJobs();
    const q = received('Create')[0]?.json.object;
    expect(q).toMatchObject({ type: 'Question', endTime: expect.any(String), votersCount: 0 });
    expect((q.oneOf as { name: string; replies: { totalItems: number } }[]).map((o) => [o.name, o.replies.totalItems])).toEqual([
      ['是', 0],
      ['否', 0],
    ]);
    // An attachment, as an upload attached to a status leaves it.
    const now = clock.now().toISOString();
    await s.ctx.db
      .insertInto('media_attachments')
      .values({ account_id: Number(organ.id), status_id: Number(id), position: 0, type: 'image', file_key: 'a/b.png', preview_key: 'a/b-s.png', content_type: 'image/png', file_size: 1, meta: JSON.stringify({ original: { width: 640, height: 480 }, focus: { x: 0.1, y: -0.2 } }), description: '地铁线路图', blurhash: 'LEHV6nWB2yk8pyo0adR*.7kCMdnj', created_at: now, updated_at: now, remote_url: null })
      .execute();
    await s.ctx.db.deleteFrom('jobs').execute();
    peer.bodies.length = 0;
    await distribute(s.ctx, { event: { type: 'status.created', status: Number(id) }, at: now });
    await runJobs();
    const doc = asArray(received('Create')[0]?.json.object.attachment)[0];
    expect(doc).toMatchObject({ type: 'Document', mediaType: 'image/png', name: '地铁线路图', width: 640, height: 480, url: expect.stringContaining('a/b.png') });
  });

  it('sends an edit as Update, a deletion as Delete of a Tombstone, each once whatever the job runs', async () => {
    const id = await postStatus(s, organ, { status: '原文' });
    clock.advance(1000);
    expect((await s.call('PUT', `/api/v1/statuses/${id}`, { token: organ.token, body: { status: '更正' } })).status).toBe(200);
    await runJobs();
    clock.advance(1000);
    expect((await s.call('DELETE', `/api/v1/statuses/${id}`, { token: organ.token })).status).toBe(200);
    // The job runs twice (a worker died after queueing): the same activity, by id.
    const [job] = await jobsOf(DISTRIBUTE_JOB);
    await distribute(s.ctx, job?.payload);
    await runJobs();
    const update = received('Update')[0]?.json;
    expect(update?.object).toMatchObject({ content: expect.stringContaining('更正'), updated: expect.any(String) });
    const deletes = received('Delete');
    expect(new Set(deletes.map((d) => d.json.id))).toEqual(new Set([`${s.ctx.config.publicUrl}/users/organ/statuses/${id}#delete`]));
    expect(deletes[0]?.json.object).toMatchObject({ type: 'Tombstone', id: `${s.ctx.config.publicUrl}/users/organ/statuses/${id}` });
  });

  it('never lets a Delete overtake its Create, even when the Create must be retried', async () => {
    // Twice: Fedify knocks again at once with the other signature scheme (double-knocking) before it gives the attempt up.
    peer.failNext(2);
    const id = await postStatus(s, organ, { status: '很快删除' });
    await runJobs();
    // The Create was refused once (503) and waits for its retry; the Delete comes meanwhile and waits behind it.
    expect(verified('Create')).toEqual([]);
    expect((await s.call('DELETE', `/api/v1/statuses/${id}`, { token: organ.token })).status).toBe(200);
    await runJobs(20);
    expect(verified('Delete')).toEqual([]);
    clock.advance(5 * 60_000);
    await runJobs(20);
    expect(peer.activities.map((a) => a.constructor.name)).toEqual(['Create', 'Delete']);
  });

  it('sends favourites, reblogs and follows of remote things to their servers, and their Undos', async () => {
    // A remote status (as inbound stores it) by carol.
    const now = clock.now().toISOString();
    const row = await s.ctx.db
      .insertInto('statuses')
      .values({ account_id: Number(remote.carol?.id), operator_id: null, text: '远程', content: '<p>远程</p>', spoiler_text: '', visibility: 'public', language: null, in_reply_to_id: null, in_reply_to_account_id: null, reblog_of_id: null, conversation_id: null, application_name: null, fanned_out: 1, created_at: now, edited_at: null, deleted_at: null, poll_id: null, trendable: null, uri: `${peer.origin}/notes/1`, url: null, in_reply_to_uri: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const sid = Number(row.id);
    expect((await s.call('POST', `/api/v1/statuses/${sid}/favourite`, { token: organ.token })).status).toBe(200);
    await runJobs();
    clock.advance(10);
    expect((await s.call('POST', `/api/v1/statuses/${sid}/unfavourite`, { token: organ.token })).status).toBe(200);
    expect((await s.call('POST', `/api/v1/statuses/${sid}/reblog`, { token: organ.token })).status).toBe(200);
    await runJobs();
    clock.advance(10);
    expect((await s.call('POST', `/api/v1/statuses/${sid}/unreblog`, { token: organ.token })).status).toBe(200);
    await runJobs(20);
    expect(received('Like')[0]?.json).toMatchObject({ object: `${peer.origin}/notes/1`, actor: `${s.ctx.config.publicUrl}/users/organ` });
    const announce = received('Announce')[0]?.json;
    expect(announce).toMatchObject({ object: `${peer.origin}/notes/1` });
    expect(asArray(announce?.to)).toEqual([PUBLIC]);
    expect(asArray(announce?.cc)).toContain(peer.actorUri('carol'));
    const undos = received('Undo').map((u) => u.json.object.type);
    expect(undos.sort()).toEqual(['Announce', 'Like']);
    // Order kept: the Like before its Undo, the Announce before its Undo.
    const names = peer.bodies.map((b) => (b.json.type === 'Undo' ? `Undo ${b.json.object.type}` : b.json.type));
    expect(names.indexOf('Like')).toBeLessThan(names.indexOf('Undo Like'));
    expect(names.lastIndexOf('Announce')).toBeLessThan(names.indexOf('Undo Announce'));
  });

  it('sends a Follow with the id stored for the request, and its Undo naming it', async () => {
    expect((await s.call('POST', `/api/v1/accounts/${remote.carol?.id}/follow`, { token: organ.token })).status).toBe(200);
    await runJobs();
    const f = received('Follow')[0]?.json;
    const stored = await s.ctx.db.selectFrom('follow_requests').select(['id', 'uri']).where('account_id', '=', Number(organ.id)).where('target_account_id', '=', Number(remote.carol?.id)).executeTakeFirstOrThrow();
    expect(f).toMatchObject({ id: `${s.ctx.config.publicUrl}/users/organ#follows/${stored.id}`, object: peer.actorUri('carol') });
    expect(stored.uri).toBe(f?.id);
    expect((await s.call('POST', `/api/v1/accounts/${remote.carol?.id}/unfollow`, { token: organ.token })).status).toBe(200);
    await runJobs();
    expect(received('Undo')[0]?.json.object).toMatchObject({ type: 'Follow', id: f?.id, object: peer.actorUri('carol') });
  });

  it('blocks and unblocks, forwards a report as a Flag from the provider, and marks it forwarded', async () => {
    const now = clock.now().toISOString();
    const row = await s.ctx.db
      .insertInto('statuses')
      .values({ account_id: Number(remote.carol?.id), operator_id: null, text: '谣言', content: '<p>谣言</p>', spoiler_text: '', visibility: 'public', language: null, in_reply_to_id: null, in_reply_to_account_id: null, reblog_of_id: null, conversation_id: null, application_name: null, fanned_out: 1, created_at: now, edited_at: null, deleted_at: null, poll_id: null, trendable: null, uri: `${peer.origin}/notes/2`, url: null, in_reply_to_uri: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const r = await s.call('POST', '/api/v1/reports', { token: organ.token, body: { account_id: remote.carol?.id, status_ids: [String(row.id)], comment: '散布谣言', forward: true } });
    expect(r.status).toBe(200);
    expect((await s.call('POST', `/api/v1/accounts/${remote.carol?.id}/block`, { token: organ.token })).status).toBe(200);
    await runJobs(20);
    clock.advance(10);
    expect((await s.call('POST', `/api/v1/accounts/${remote.carol?.id}/unblock`, { token: organ.token })).status).toBe(200);
    await runJobs(20);
    const flag = received('Flag')[0]?.json;
    expect(flag).toMatchObject({ actor: `${s.ctx.config.publicUrl}/actor`, content: '散布谣言' });
    expect(asArray(flag?.object)).toEqual([peer.actorUri('carol'), `${peer.origin}/notes/2`]);
    expect(verified('Flag')).toHaveLength(1);
    const report = await s.ctx.db.selectFrom('reports').select('forwarded').where('id', '=', Number(r.json.id)).executeTakeFirstOrThrow();
    expect(Number(report.forwarded)).toBe(1);
    expect(received('Block')[0]?.json).toMatchObject({ object: peer.actorUri('carol') });
    expect(received('Undo')[0]?.json.object).toMatchObject({ type: 'Block', object: peer.actorUri('carol') });
  });

  it('sends a profile change as Update of the actor to its followers', async () => {
    expect((await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: organ.token, body: { note: '官方账号' } })).status).toBe(200);
    await runJobs();
    const u = received('Update');
    expect(u.map((x) => x.path)).toEqual(['/inbox']);
    expect(u[0]?.json.object).toMatchObject({ type: 'Person', id: `${s.ctx.config.publicUrl}/users/organ`, summary: expect.stringContaining('官方账号') });
    expect(verified('Update')).toHaveLength(1);
  });
});
