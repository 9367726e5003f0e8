import { Collection, Create, Note, Question, Update } from '@fedify/vocab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/dialects.js';
import { citizen } from '../../test/factories.js';
import { type FedifyPeer, startPeer } from '../../test/fedify-peer.js';
import { type TestServer, federatingTestServer } from '../../test/http.js';
import { JOB_HANDLERS } from '../jobs/background.js';
import { startJobRunner } from '../jobs/runner.js';
import { instant } from './temporal.js';

const PUBLIC = new URL('https://www.w3.org/ns/activitystreams#Public');

/** A poll of another server: its Question's options, tallies and end shown as Mastodon shows them, kept current by its Updates. */
describe.each(DIALECTS)('polls of another server (%s)', (dialect) => {
  let s: TestServer;
  let url: string;
  let peer: FedifyPeer;
  let organ: { id: string; token: string; username: string };
  let reader: { id: string; token: string; username: string };
  let n = 0;
  const nextId = (what: string) => new URL(`${peer.origin}/${what}/${++n}`);
  const inbox = () => ({ id: `${url}/users/${organ.username}`, inbox: `${url}/users/${organ.username}/inbox` });

  const runJobs = async () => {
    const runner = startJobRunner(s.ctx, JOB_HANDLERS, { start: false });
    for (let i = 0; i < 10 && (await runner.runDue()) > 0; i++);
    await runner.stop();
  };
  const deliver = async (activity: Parameters<FedifyPeer['send']>[2]) => {
    await peer.send('alice', inbox(), activity);
    await runJobs();
  };
  const option = (name: string, votes?: number) => new Note({ name, ...(votes === undefined ? {} : { replies: new Collection({ totalItems: votes }) }) });
  const question = (id: URL, values: Partial<ConstructorParameters<typeof Question>[0]>) =>
    new Question({ id, attribution: peer.actorId('alice'), content: '<p>周末图书馆开放时间？</p>', to: PUBLIC, published: instant(new Date().toISOString()), ...values });
  const created = (q: Question) => new Create({ id: nextId('creates'), actor: peer.actorId('alice'), object: q, to: PUBLIC });
  const updated = (q: Question) => new Update({ id: nextId('updates'), actor: peer.actorId('alice'), object: q, to: PUBLIC });
  const shown = async (uri: URL) => {
    const row = await s.ctx.db.selectFrom('statuses').select('id').where('uri', '=', uri.href).executeTakeFirst();
    expect(row).toBeDefined();
    const r = await s.call('GET', `/api/v1/statuses/${row?.id}`, { token: reader.token });
    expect(r.status).toBe(200);
    return r.json;
  };

  beforeAll(async () => {
    peer = await startPeer();
    const server = await federatingTestServer(dialect);
    [s, url] = [server, server.url];
    organ = await citizen(s, 'organ');
    reader = await citizen(s, 'reader');
  }, 60_000);
  afterAll(async () => {
    await s?.close();
    await peer?.close();
  });

  it('a Question without options is a status without a poll', async () => {
    const id = nextId('questions');
    await deliver(created(question(id, {})));
    expect((await shown(id)).poll).toBeNull();
  });

  it('shows a one-choice poll with its options, tallies, end and voters, and takes the tallies of its Update', async () => {
    const id = nextId('questions');
    const ends = new Date(Date.now() + 3_600_000).toISOString();
    await deliver(created(question(id, { exclusiveOptions: [option('延长到晚上九点', 3), option('周末全天开放', 5), option('维持现状', 0)], endTime: instant(ends), voters: 8 })));
    const first = (await shown(id)).poll;
    expect(first).toMatchObject({
      expires_at: ends,
      expired: false,
      multiple: false,
      votes_count: 8,
      voters_count: 8,
      options: [
        { title: '延长到晚上九点', votes_count: 3 },
        { title: '周末全天开放', votes_count: 5 },
        { title: '维持现状', votes_count: 0 },
      ],
      voted: false,
      own_votes: [],
    });

    // A reader here votes; the vote goes to the poll's home as a Note named after the option.
    const voted = await s.call('POST', `/api/v1/polls/${first.id}/votes`, { token: reader.token, body: { choices: [1] } });
    expect(voted.status).toBe(200);
    expect(voted.json).toMatchObject({ voted: true, own_votes: [1] });
    await runJobs();
    const votes = await Promise.all(peer.received.map((c) => c.getObject()));
    expect(votes.filter((o) => o instanceof Note && o.replyTargetId?.href === id.href).map((o) => o?.name?.toString())).toEqual(['周末全天开放']);

    // Its home counts the vote and sends the tallies; the same poll shows them, and the reader's vote stays.
    await deliver(updated(question(id, { exclusiveOptions: [option('延长到晚上九点', 3), option('周末全天开放', 7), option('维持现状', 1)], endTime: instant(ends), voters: 11 })));
    const after = (await shown(id)).poll;
    expect(after.id).toBe(first.id);
    expect(after).toMatchObject({ votes_count: 11, voters_count: 11, voted: true, own_votes: [1] });
    expect(after.options.map((o: { votes_count: number }) => o.votes_count)).toEqual([3, 7, 1]);
    expect((await s.call('GET', `/api/v1/polls/${first.id}`, { token: reader.token })).json.votes_count).toBe(11);

    // Options changed at home make another poll: the votes cast here on the old ones are gone.
    await deliver(updated(question(id, { exclusiveOptions: [option('晚上八点', 0), option('晚上十点', 0)], endTime: instant(ends), voters: 0, updated: instant(new Date().toISOString()) })));
    const changed = (await shown(id)).poll;
    expect(changed.options.map((o: { title: string }) => o.title)).toEqual(['晚上八点', '晚上十点']);
    expect(changed).toMatchObject({ votes_count: 0, voted: false, own_votes: [] });
  });

  it('takes an Update whose `updated` has not moved as a refresh of the tallies: no edit, no version, no "edited" notification', async () => {
    const id = nextId('questions');
    const published = new Date(Date.now() - 60_000).toISOString();
    const ends = new Date(Date.now() + 3_600_000).toISOString();
    const ask = (votes: [number, number], values: Partial<ConstructorParameters<typeof Question>[0]> = {}) =>
      question(id, { exclusiveOptions: [option('赞成', votes[0]), option('反对', votes[1])], endTime: instant(ends), published: instant(published), ...values });
    await deliver(created(ask([1, 0])));
    const first = await shown(id);
    // A reader here boosts it: an edit would tell them (`update`).
    expect((await s.call('POST', `/api/v1/statuses/${first.id}/reblog`, { token: reader.token })).status).toBe(200);
    const edits = async () => Number((await s.ctx.db.selectFrom('status_edits').select((eb) => eb.fn.countAll<number>().as('n')).where('status_id', '=', Number(first.id)).executeTakeFirstOrThrow()).n);
    const updateNotes = async () => ((await s.call('GET', '/api/v1/notifications', { token: reader.token })).json as { type: string; status?: { id: string } }[]).filter((x) => x.type === 'update' && x.status?.id === first.id);

    // As its home sends the tallies (Mastodon's, and ours): the same content, no `updated`.
    await deliver(updated(ask([4, 2], { voters: 6 })));
    // The same with `updated` where it was (the status's publication), and one whose text differs but that says no new time.
    await deliver(updated(ask([5, 2], { voters: 7, updated: instant(published) })));
    await deliver(updated(ask([5, 3], { voters: 8, content: '<p>周末图书馆开放时间？（已更新计票）</p>' })));
    const after = await shown(id);
    expect(after.poll).toMatchObject({ id: first.poll.id, votes_count: 8, voters_count: 8 });
    expect(after.poll.options.map((o: { votes_count: number }) => o.votes_count)).toEqual([5, 3]);
    expect([after.edited_at, after.content]).toEqual([null, first.content]);
    expect(await edits()).toBe(0);
    expect(await updateNotes()).toEqual([]);

    // An edit says when it was made: that one is an edit, tallies and all.
    const at = new Date().toISOString();
    await deliver(updated(ask([6, 3], { content: '<p>周末图书馆开放时间？（更正）</p>', updated: instant(at) })));
    const edited = await shown(id);
    expect(edited.edited_at).toBe(at);
    expect(edited.poll.votes_count).toBe(9);
    expect(await edits()).toBe(2);
    expect(await updateNotes()).toHaveLength(1);
  });

  it('shows a several-choice poll, closed, and one with no end as Mastodon shows an open-ended poll', async () => {
    const closedId = nextId('questions');
    const closedAt = new Date(Date.now() - 60_000).toISOString();
    await deliver(created(question(closedId, { inclusiveOptions: [option('地铁', 4), option('公交', 2)], closed: instant(closedAt) })));
    const closed = (await shown(closedId)).poll;
    // Without votersCount, a several-choice poll's voters are at most its votes.
    expect(closed).toMatchObject({ multiple: true, expired: true, expires_at: closedAt, votes_count: 6, voters_count: 6 });
    expect((await s.call('POST', `/api/v1/polls/${closed.id}/votes`, { token: reader.token, body: { choices: [0] } })).status).toBe(422);

    const openId = nextId('questions');
    await deliver(created(question(openId, { exclusiveOptions: [option('同意'), option('不同意')], voters: 0 })));
    const open = (await shown(openId)).poll;
    expect(open).toMatchObject({ expires_at: null, expired: false, votes_count: 0, voters_count: 0 });
    expect(open.options).toEqual([
      { title: '同意', votes_count: 0 },
      { title: '不同意', votes_count: 0 },
    ]);
  });

  it('gives a poll to a status stored before its Question had one, and takes no Update of a poll from another actor', async () => {
    const id = nextId('questions');
    await deliver(created(question(id, {})));
    await deliver(updated(question(id, { exclusiveOptions: [option('是', 1), option('否', 2)], endTime: instant(new Date(Date.now() + 60_000).toISOString()) })));
    expect((await shown(id)).poll).toMatchObject({ votes_count: 3, options: [{ title: '是' }, { title: '否' }] });
    peer.setActor('mallory', {});
    const forged = new Question({ id, attribution: peer.actorId('mallory'), content: '<p>x</p>', to: PUBLIC, exclusiveOptions: [option('是', 100), option('否', 0)] });
    await peer.send('mallory', inbox(), new Update({ id: nextId('updates'), actor: peer.actorId('mallory'), object: forged, to: PUBLIC }));
    await runJobs();
    expect((await shown(id)).poll.votes_count).toBe(3);
  });
});
