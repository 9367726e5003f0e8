import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../app/clock.js';
import { JOB_HANDLERS } from '../../../jobs/background.js';
import { startJobRunner } from '../../../jobs/runner.js';
import { publishDueStatuses } from '../../../statuses/scheduled/publish-due.js';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen } from '../../../../test/factories.js';
import { type TestServer, testServer } from '../../../../test/http.js';

describe.each(DIALECTS)('polls (%s)', (dialect) => {
  let s: TestServer;
  const clock = fixedClock('2012-12-01T08:00:00Z');
  let alice: Awaited<ReturnType<typeof citizen>>;
  let bob: Awaited<ReturnType<typeof citizen>>;
  let carol: Awaited<ReturnType<typeof citizen>>;
  const runner = () => startJobRunner(s.ctx, JOB_HANDLERS, { start: false });

  beforeAll(async () => {
    s = await testServer(dialect, {}, clock);
    [alice, bob, carol] = [await citizen(s, 'alice'), await citizen(s, 'bob'), await citizen(s, 'carol')];
  });
  afterAll(async () => {
    await s?.close();
  });

  const post = (token: string, body: Record<string, unknown>) => s.call('POST', '/api/v1/statuses', { token, body });
  const vote = (token: string, pollId: string, choices: unknown) => s.call('POST', `/api/v1/polls/${pollId}/votes`, { token, body: { choices } });
  const poll = (options: string[], extra: Record<string, unknown> = {}) => ({ options, expires_in: 3600, ...extra });

  it('advertises its limits in the instance configuration', async () => {
    const v2 = await s.call('GET', '/api/v2/instance');
    expect(v2.json.configuration.polls).toEqual({ max_options: 4, max_characters_per_option: 50, min_expiration: 300, max_expiration: 2629746 });
  });

  it('422 naming the field for a poll beyond the limits, or with media', async () => {
    for (const [body, field] of [
      [{ status: 'q', poll: poll(['only one']) }, 'poll.options'],
      [{ status: 'q', poll: poll(['a', '  ', 'a']) }, 'poll.options'],
      [{ status: 'q', poll: poll(['a', 'b', 'c', 'd', 'e']) }, 'poll.options'],
      [{ status: 'q', poll: poll(['a', '政'.repeat(51)]) }, 'poll.options'],
      [{ status: 'q', poll: { options: ['a', 'b'] } }, 'poll.expires_in'],
      [{ status: 'q', poll: poll(['a', 'b'], { expires_in: 299 }) }, 'poll.expires_in'],
      [{ status: 'q', poll: poll(['a', 'b'], { expires_in: 2629747 }) }, 'poll.expires_in'],
      [{ status: 'q', poll: poll(['a', 'b'], { expires_in: 'soon' }) }, 'poll.expires_in'],
      [{ status: 'q', poll: { options: 'a' } }, 'poll.options'],
      [{ status: 'q', poll: poll(['a', 'b']), media_ids: ['1'] }, 'media_ids'],
    ] as const) {
      const r = await post(alice.token, body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(Object.keys(r.json.details ?? {}), JSON.stringify(body)).toContain(field);
    }
    // At the limits exactly: accepted.
    expect((await post(alice.token, { status: 'q', poll: poll(['a', 'b', 'c', '政'.repeat(50)], { expires_in: 300 }) })).status).toBe(200);
  });

  it('posts a poll (JSON and form), shows it on the status and at /api/v1/polls/:id', async () => {
    const r = await post(alice.token, { status: '你支持延长图书馆开放时间吗？', poll: poll(['支持', '反对'], { multiple: false }) });
    expect(r.status, r.body).toBe(200);
    expect(r.json.poll).toEqual({
      id: expect.any(String),
      expires_at: '2012-12-01T09:00:00.000Z',
      expired: false,
      multiple: false,
      votes_count: 0,
      voters_count: 0,
      options: [
        { title: '支持', votes_count: 0 },
        { title: '反对', votes_count: 0 },
      ],
      emojis: [],
      voted: true,
      own_votes: [],
    });
    const anon = await s.call('GET', `/api/v1/polls/${r.json.poll.id}`);
    expect(anon.status).toBe(200);
    expect(anon.json).not.toHaveProperty('voted');
    const form = await s.call('POST', '/api/v1/statuses', { token: alice.token, form: { status: 'form poll', 'poll[options][]': ['a', 'b', 'c'], 'poll[expires_in]': '600', 'poll[multiple]': 'true', 'poll[hide_totals]': 'false' } });
    expect(form.status, form.body).toBe(200);
    expect([form.json.poll.multiple, form.json.poll.options.length, form.json.poll.expires_at]).toEqual([true, 3, '2012-12-01T08:10:00.000Z']);
    // In timelines too, byte-spliced, with the reader's own votes.
    await vote(bob.token, r.json.poll.id, [1]);
    const pub = await s.call('GET', '/api/v1/timelines/public', { token: bob.token });
    const seen = pub.json.find((x: { id: string }) => x.id === r.json.id);
    expect([seen.poll.voted, seen.poll.own_votes, seen.poll.options[1].votes_count]).toEqual([true, [1], 1]);
    const asCarol = (await s.call('GET', '/api/v1/timelines/public', { token: carol.token })).json.find((x: { id: string }) => x.id === r.json.id);
    expect([asCarol.poll.voted, asCarol.poll.own_votes]).toEqual([false, []]);
  });

  it('votes: 422 on one’s own poll, twice, several in a single-choice poll, an option out of range; 404 for a poll one cannot see', async () => {
    const r = await post(alice.token, { status: 'single', poll: poll(['x', 'y', 'z']) });
    const id = r.json.poll.id;
    expect((await s.call('POST', `/api/v1/polls/${id}/votes`, { body: { choices: [0] } })).status).toBe(401);
    for (const [token, choices] of [
      [alice.token, [0]],
      [bob.token, [0, 1]],
      [bob.token, [3]],
      [bob.token, []],
      [bob.token, [-1]],
    ] as const) {
      const v = await vote(token, id, choices);
      expect(v.status, JSON.stringify(choices)).toBe(422);
      expect(Object.keys(v.json.details ?? {}).some((k) => k.startsWith('choices')), JSON.stringify(choices)).toBe(true);
    }
    const ok = await vote(bob.token, id, [2]);
    expect(ok.status, ok.body).toBe(200);
    expect([ok.json.voted, ok.json.own_votes, ok.json.votes_count, ok.json.voters_count, ok.json.options[2].votes_count]).toEqual([true, [2], 1, 1, 1]);
    expect((await vote(bob.token, id, [1])).status).toBe(422);
    expect((await vote(bob.token, '999999999', [0])).status).toBe(404);
    expect((await vote(bob.token, 'abc', [0])).status).toBe(404);

    const secret = await post(alice.token, { status: 'followers only', visibility: 'private', poll: poll(['x', 'y']) });
    expect((await vote(carol.token, secret.json.poll.id, [0])).status).toBe(404);
    expect((await s.call('GET', `/api/v1/polls/${secret.json.poll.id}`, { token: carol.token })).status).toBe(404);
    expect((await s.call('GET', `/api/v1/polls/${secret.json.poll.id}`)).status).toBe(404);
    await s.call('POST', `/api/v1/accounts/${alice.id}/follow`, { token: carol.token });
    expect((await vote(carol.token, secret.json.poll.id, [0])).status).toBe(200);
  });

  it('multiple choice: several options at once, not the same one twice', async () => {
    const r = await post(alice.token, { status: 'multi', poll: poll(['x', 'y', 'z'], { multiple: true }) });
    const id = r.json.poll.id;
    expect((await vote(bob.token, id, [0, 0])).status).toBe(422);
    const v = await s.call('POST', `/api/v1/polls/${id}/votes`, { token: bob.token, form: { 'choices[]': ['0', '2'] } });
    expect(v.status, v.body).toBe(200);
    expect([v.json.own_votes, v.json.votes_count, v.json.voters_count]).toEqual([[0, 2], 2, 1]);
    expect((await vote(bob.token, id, [2])).status).toBe(422);
    const c = await vote(carol.token, id, [2]);
    expect([c.json.votes_count, c.json.voters_count, c.json.options.map((o: { votes_count: number }) => o.votes_count)]).toEqual([3, 2, [1, 0, 2]]);
  });

  it('hide_totals hides the counts per option until the end, except from the author', async () => {
    const r = await post(alice.token, { status: 'secret ballot', poll: poll(['x', 'y'], { hide_totals: true }) });
    const id = r.json.poll.id;
    const v = await vote(bob.token, id, [0]);
    expect(v.json.options.map((o: { votes_count: number | null }) => o.votes_count)).toEqual([null, null]);
    expect(v.json.votes_count).toBe(1);
    const own = await s.call('GET', `/api/v1/polls/${id}`, { token: alice.token });
    expect(own.json.options.map((o: { votes_count: number | null }) => o.votes_count)).toEqual([1, 0]);
  });

  it('ends: 422 to a late vote, expired in the entity, and a poll notification to the author and every voter (once)', async () => {
    const r = await post(alice.token, { status: 'ends soon', poll: poll(['x', 'y'], { expires_in: 300 }) });
    const id = r.json.poll.id;
    await vote(bob.token, id, [0]);
    await vote(carol.token, id, [1]);
    expect(await runner().runDue()).toBe(0);
    clock.advance(301_000);
    const late = await vote((await citizen(s)).token, id, [0]);
    expect([late.status, Object.keys(late.json.details)]).toEqual([422, ['choices']]);
    expect((await s.call('GET', `/api/v1/polls/${id}`)).json.expired).toBe(true);
    expect(await runner().runDue()).toBeGreaterThanOrEqual(1);
    for (const who of [alice, bob, carol]) {
      const ns = await s.call('GET', '/api/v1/notifications?types[]=poll', { token: who.token });
      const mine = ns.json.filter((n: { type: string; status: { id: string } }) => n.type === 'poll' && n.status.id === r.json.id);
      expect(mine, who.username).toHaveLength(1);
      expect(mine[0].account.id).toBe(alice.id);
      expect(mine[0].status.poll.expired).toBe(true);
    }
    // A retried job tells no one twice.
    const { pollExpiryHandler } = await import('../../../polls/poll-expiry.js');
    await pollExpiryHandler.run(s.ctx, { poll: Number(id), expires_at: r.json.poll.expires_at }, { id: 0, attempt: 2, maxAttempts: 5, signal: new AbortController().signal });
    const again = await s.call('GET', '/api/v1/notifications?types[]=poll', { token: bob.token });
    expect(again.json.filter((n: { status: { id: string } }) => n.status.id === r.json.id)).toHaveLength(1);
  });

  it('scheduled statuses keep their poll, which counts its time from posting', async () => {
    const r = await post(alice.token, { status: 'later poll', scheduled_at: new Date(clock.now().getTime() + 3_600_000).toISOString(), poll: poll(['x', 'y'], { expires_in: 600 }) });
    expect(r.status, r.body).toBe(200);
    expect(r.json.params.poll).toEqual({ options: ['x', 'y'], expires_in: '600', multiple: false, hide_totals: false });
    clock.advance(3_600_000);
    const [posted] = await publishDueStatuses(s.ctx);
    const shown = await s.call('GET', `/api/v1/statuses/${posted?.id}`);
    expect(shown.json.poll.expires_at).toBe(new Date(clock.now().getTime() + 600_000).toISOString());
  });
});
