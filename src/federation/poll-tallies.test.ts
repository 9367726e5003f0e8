import { Create, Note } from '@fedify/vocab';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../app/clock.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { upsertRemoteAccount } from '../accounts/upsert-remote-account.js';
import { JOB_HANDLERS } from '../jobs/background.js';
import { DISTRIBUTE_JOB } from '../jobs/distribute.js';
import { startJobRunner } from '../jobs/runner.js';
import { POLL_TALLIES_DELAY_MS } from '../polls/vote-poll.js';
import { follow } from '../social/follow.js';
import { DIALECTS } from '../../test/dialects.js';
import { citizen, postStatus } from '../../test/factories.js';
import { type TestServer, federatingTestServer } from '../../test/http.js';
import { type FedifyPeer, startPeer } from '../../test/fedify-peer.js';
import { ORDERING } from './ordering.js';

const asArray = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
type Option = { name: string; replies?: { totalItems: number } };
const tallies = (q: { oneOf?: unknown; anyOf?: unknown }) => asArray(q.oneOf ?? q.anyOf).map((o) => [(o as Option).name, (o as Option).replies?.totalItems ?? null]);

/**
 * The tallies of a local poll reach the servers that hold its Question
 * (issue 14), as Mastodon sends them: one Update a few minutes after a vote,
 * whatever the votes of that window, and one when the poll ends; received by
 * a Fedify server on loopback that verifies every signature.
 */
describe.each(DIALECTS)('tallies of local polls sent to other servers (%s)', (dialect) => {
  let s: TestServer;
  let peer: FedifyPeer;
  const clock = fixedClock(new Date());
  let organ: { id: string; token: string; username: string };
  let voters: { id: string; token: string; username: string }[];
  const remote: Record<string, AccountRow> = {};

  /** The queued distributions of a status's tallies. */
  const tallyJobs = async (status: string) =>
    (await s.ctx.db.selectFrom('jobs').select(['payload', 'state', 'run_at']).where('kind', '=', DISTRIBUTE_JOB).execute())
      .map((j) => ({ ...j, payload: JSON.parse(j.payload) }))
      .filter((j) => j.payload.event.type === 'poll.tallied' && String(j.payload.event.status) === status);
  const runJobs = async (rounds = 10) => {
    const runner = startJobRunner(s.ctx, JOB_HANDLERS, { start: false, concurrency: 4 });
    for (let i = 0; i < rounds && (await runner.runDue()) > 0; i++);
    await runner.stop();
  };
  const updatesOf = (status: string) => peer.bodies.filter((b) => b.json.type === 'Update' && String(b.json.object?.id).endsWith(`/statuses/${status}`));
  const vote = async (who: { token: string }, pollId: string, choices: number[]) => {
    const r = await s.call('POST', `/api/v1/polls/${pollId}/votes`, { token: who.token, body: { choices } });
    expect(r.status).toBe(200);
    return r.json;
  };
  const pollOf = async (status: string, token = organ.token) => (await s.call('GET', `/api/v1/statuses/${status}`, { token })).json.poll;

  beforeAll(async () => {
    ORDERING.waitMs = 0;
    peer = await startPeer(['alice', 'carol']);
    s = await federatingTestServer(dialect, {}, clock);
    organ = await citizen(s, 'organ');
    voters = [await citizen(s, 'voter1'), await citizen(s, 'voter2'), await citizen(s, 'voter3')];
    const domain = new URL(peer.origin).host;
    for (const name of ['alice', 'carol']) {
      remote[name] = await upsertRemoteAccount(s.ctx, { uri: peer.actorUri(name), username: name, domain, actorType: 'Person', inboxUrl: `${peer.actorUri(name)}/inbox`, sharedInboxUrl: `${peer.origin}/inbox` });
    }
    // alice follows the organ from the peer: its posts, and their polls, are held there.
    await follow(s.ctx, { account: remote.alice as AccountRow, operator: null }, Number(organ.id));
    await runJobs();
  }, 60_000);
  afterAll(async () => {
    await s?.close();
    await peer?.close();
  });
  afterEach(async () => {
    await s.ctx.db.deleteFrom('jobs').execute();
    peer.bodies.length = 0;
  });

  it('queues nothing for a vote in a poll no other server holds', async () => {
    const mayor = await citizen(s, 'mayor');
    const id = await postStatus(s, mayor, { status: '本地投票', poll: { options: ['是', '否'], expires_in: 3600 } });
    await vote(voters[0] as { token: string }, (await pollOf(id, mayor.token)).id, [0]);
    expect(await tallyJobs(id)).toEqual([]);
  });

  it('sends one Update of the Question, 3 minutes after the first vote, with the tallies of every vote in that window', async () => {
    const id = await postStatus(s, organ, { status: '周末图书馆开放时间？', poll: { options: ['延长到九点', '全天开放', '维持现状'], expires_in: 3600 } });
    await runJobs();
    expect(peer.bodies.map((b) => b.json.type)).toEqual(['Create']);
    const pollId = (await pollOf(id)).id;

    const firstVote = clock.now().getTime();
    await vote(voters[0] as { token: string }, pollId, [1]);
    const queued = await tallyJobs(id);
    expect(queued).toHaveLength(1);
    expect(Date.parse(queued[0]?.run_at as string)).toBe(firstVote + POLL_TALLIES_DELAY_MS);
    // Not due yet: nothing goes.
    await runJobs();
    expect(updatesOf(id)).toEqual([]);

    clock.advance(60_000);
    await vote(voters[1] as { token: string }, pollId, [1]);
    clock.advance(60_000);
    await vote(voters[2] as { token: string }, pollId, [0]);
    // Three votes, still one job, still due when the first vote asked.
    const still = await tallyJobs(id);
    expect(still).toHaveLength(1);
    expect(still[0]?.run_at).toBe(queued[0]?.run_at);

    clock.advance(POLL_TALLIES_DELAY_MS - 2 * 60_000);
    await runJobs();
    const updates = updatesOf(id);
    // One POST to the peer's shared inbox, verified there, carrying the tallies of all three votes.
    expect(updates.map((u) => u.path)).toEqual(['/inbox']);
    expect(peer.activities.filter((a) => a.constructor.name === 'Update')).toHaveLength(1);
    const q = updates[0]?.json.object;
    expect(q).toMatchObject({ type: 'Question', votersCount: 3, endTime: expect.any(String) });
    expect(tallies(q)).toEqual([
      ['延长到九点', 1],
      ['全天开放', 2],
      ['维持现状', 0],
    ]);
    // A tally change is no edit: the Question says no `updated`, and it is not closed.
    expect(q.updated).toBeUndefined();
    expect(q.closed).toBeUndefined();
    expect(updates[0]?.json.id).toMatch(new RegExp(`/statuses/${id}#tallies/\\d+$`));
    expect(await tallyJobs(id)).toEqual([]);

    // A vote after it was sent queues the next one.
    const late = await citizen(s);
    await vote(late, pollId, [2]);
    expect(await tallyJobs(id)).toHaveLength(1);
  });

  it('queues one job for concurrent votes, and another for a vote that comes while the Update is being prepared', async () => {
    const id = await postStatus(s, organ, { status: '同时投票', poll: { options: ['甲', '乙'], expires_in: 3600 } });
    const pollId = (await pollOf(id)).id;
    const crowd = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => citizen(s, `crowd${i}`)));
    await Promise.all(crowd.map((c, i) => vote(c, pollId, [i % 2])));
    expect((await pollOf(id)).votes_count).toBe(6);
    const queued = await tallyJobs(id);
    expect(queued).toHaveLength(1);
    // A worker has claimed it (and may have read the tallies already): a vote now must queue another, or it would never be sent.
    await s.ctx.db.updateTable('jobs').set({ state: 'running', claim: 'test' }).where('kind', '=', DISTRIBUTE_JOB).execute();
    await vote(voters[0] as { token: string }, pollId, [0]);
    expect((await tallyJobs(id)).map((j) => j.state).sort()).toEqual(['queued', 'running']);
  });

  it("counts each choice of a remote voter in a multiple-choice poll (one Note each), and sends it the tallies though it follows no one", async () => {
    const mayor = await citizen(s, 'mayor2');
    const id = await postStatus(s, mayor, { status: '您常用哪些交通方式？', poll: { options: ['地铁', '公交', '自行车'], expires_in: 3600, multiple: true } });
    const statusUri = `${s.ctx.config.publicUrl}/users/${mayor.username}/statuses/${id}`;
    const to = { id: `${s.ctx.config.publicUrl}/users/${mayor.username}`, inbox: `${s.ctx.config.publicUrl}/users/${mayor.username}/inbox` };
    for (const [n, name] of ['地铁', '自行车'].entries()) {
      const note = new Note({ id: new URL(`${peer.origin}/votes/${id}-${n}`), attribution: peer.actorId('carol'), name, replyTarget: new URL(statusUri), to: new URL(to.id) });
      await peer.send('carol', to, new Create({ id: new URL(`${peer.origin}/votes/${id}-${n}/activity`), actor: peer.actorId('carol'), object: note, to: new URL(to.id) }));
      await runJobs();
    }
    const poll = await pollOf(id, mayor.token);
    expect(poll).toMatchObject({ multiple: true, votes_count: 2, voters_count: 1 });
    expect(poll.options.map((o: { votes_count: number }) => o.votes_count)).toEqual([1, 0, 1]);
    // Neither vote is a status.
    expect(await s.ctx.db.selectFrom('statuses').select('id').where('account_id', '=', Number(remote.carol?.id)).execute()).toEqual([]);

    // The mayor has no remote follower; carol holds the poll, having voted in it.
    expect(await tallyJobs(id)).toHaveLength(1);
    clock.advance(POLL_TALLIES_DELAY_MS);
    await runJobs();
    const updates = updatesOf(id);
    expect(updates).toHaveLength(1);
    expect(tallies(updates[0]?.json.object)).toEqual([
      ['地铁', 1],
      ['公交', 0],
      ['自行车', 1],
    ]);
    expect(updates[0]?.json.object.votersCount).toBe(1);
  });

  it('sends the final tallies, closed, when the poll ends; a pending Update is brought forward and sent once', async () => {
    const id = await postStatus(s, organ, { status: '是否同意新方案？', poll: { options: ['同意', '不同意'], expires_in: 300 } });
    const pollId = (await pollOf(id)).id;
    await vote(voters[0] as { token: string }, pollId, [0]);
    clock.advance(POLL_TALLIES_DELAY_MS);
    await runJobs();
    expect(updatesOf(id)).toHaveLength(1);
    peer.bodies.length = 0;

    // A vote a minute before the end: its Update would be due 2 minutes after it.
    clock.advance(60_000);
    await vote(voters[1] as { token: string }, pollId, [1]);
    const pending = await tallyJobs(id);
    expect(pending).toHaveLength(1);
    // The poll ends a minute later: its end-of-poll job brings the pending Update forward, which goes then, once, as the final one.
    clock.advance(60_000);
    expect(clock.now().getTime()).toBeLessThan(Date.parse(pending[0]?.run_at as string));
    await runJobs();
    const updates = updatesOf(id);
    expect(updates).toHaveLength(1);
    const q = updates[0]?.json.object;
    expect(q).toMatchObject({ type: 'Question', votersCount: 2, closed: q.endTime });
    expect(tallies(q)).toEqual([
      ['同意', 1],
      ['不同意', 1],
    ]);
    expect(await tallyJobs(id)).toEqual([]);
    // The author is told as ever.
    const notes = (await s.call('GET', '/api/v1/notifications', { token: organ.token })).json as { type: string; status?: { id: string } }[];
    expect(notes.filter((n) => n.type === 'poll').map((n) => n.status?.id)).toContain(id);
  });

  it('keeps hidden totals hidden: no Update on a vote, the counts only once the poll has ended', async () => {
    const id = await postStatus(s, organ, { status: '匿名计票', poll: { options: ['甲', '乙'], expires_in: 300, hide_totals: true } });
    await runJobs();
    expect(tallies(peer.bodies.find((b) => b.json.type === 'Create')?.json.object)).toEqual([
      ['甲', null],
      ['乙', null],
    ]);
    await vote(voters[0] as { token: string }, (await pollOf(id)).id, [1]);
    expect(await tallyJobs(id)).toEqual([]);
    clock.advance(300_000);
    await runJobs();
    const updates = updatesOf(id);
    expect(updates).toHaveLength(1);
    expect(tallies(updates[0]?.json.object)).toEqual([
      ['甲', 0],
      ['乙', 1],
    ]);
  });
});
