import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bumpDaily } from '../../../analytics/daily-stats.repository.js';
import { fixedClock } from '../../../app/clock.js';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, staffUser } from '../../../../test/factories.js';
import { type Party, fastOrgan, operatorOf, requestIn } from '../../../../test/gov-cast.js';
import { type TestServer, testServer } from '../../../../test/http.js';

describe.each(DIALECTS)('analytics GET /api/v1/gov/accounts/:id/analytics (%s)', (dialect) => {
  const clock = fixedClock('2024-03-31T12:00:00.000Z');
  let s: TestServer;
  let organ: Party;
  let operatorToken: string;
  const url = () => `/api/v1/gov/accounts/${organ.id}/analytics`;

  beforeAll(async () => {
    s = await testServer(dialect, {}, clock);
    const reviewer = await staffUser(s, 'reviewer');
    organ = await fastOrgan(s, reviewer.token);
    operatorToken = await operatorOf(s, organ, await citizen(s));
    const id = Number(organ.id);
    const db = s.ctx.db;
    // As the lead's follow and status code count them: 12 followers today.
    await bumpDaily(db, id, '2024-03-01T10:00:00Z', 'followers_gained', 10);
    await bumpDaily(db, id, '2024-03-10T10:00:00Z', 'posts', 3);
    await bumpDaily(db, id, '2024-03-10T11:00:00Z', 'replies_received', 4);
    await bumpDaily(db, id, '2024-03-20T10:00:00Z', 'followers_gained', 5);
    await bumpDaily(db, id, '2024-03-20T10:00:00Z', 'followers_lost', 2);
    await bumpDaily(db, id, '2024-03-20T12:00:00Z', 'favourites_received', 7);
    await bumpDaily(db, id, '2024-03-31T09:00:00Z', 'reblogs_received', 1);
    await bumpDaily(db, id, '2024-03-31T09:00:00Z', 'followers_lost', 1);
    await db.updateTable('accounts').set({ followers_count: 12 }).where('id', '=', id).execute();

    // Service: one request answered after two hours on 2024-03-30, one unanswered the day after.
    clock.set('2024-03-30T08:00:00.000Z');
    const asker = await citizen(s);
    const answered = await requestIn(s, asker.token, organ, 'accepted');
    clock.set('2024-03-30T10:00:00.000Z');
    await s.call('POST', `/api/v1/gov/requests/${answered}/respond`, { token: organ.token, body: { text: '答复' } });
    clock.set('2024-03-31T12:00:00.000Z');
    await requestIn(s, asker.token, organ, 'submitted');
  });
  afterAll(async () => {
    await s?.close();
  });

  it('answers 422 naming the field to a bad range', async () => {
    for (const [q, field] of [
      ['from=2024-03-10&to=2024-03-01', 'from'],
      ['from=2023-01-01&to=2024-01-02', 'from'],
      ['from=2024-02-30', 'from'],
      ['to=31/03/2024', 'to'],
    ] as const) {
      const res = await s.call('GET', `${url()}?${q}`, { token: organ.token });
      expect(res.status, q).toBe(422);
      expect(Object.keys(res.json.details), q).toEqual([field]);
    }
    expect((await s.call('GET', `${url()}?from=2023-04-01&to=2024-03-31`, { token: organ.token })).status).toBe(200);
  });

  it('defaults to the last 30 days, every day present, followers derived backwards', async () => {
    const res = await s.call('GET', url(), { token: operatorToken });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ account_id: organ.id, from: '2024-03-02', to: '2024-03-31' });
    expect(res.json.days).toHaveLength(30);
    const day = (d: string) => res.json.days.find((x: { day: string }) => x.day === d);
    expect(day('2024-03-02')).toEqual({ day: '2024-03-02', followers: 10, followers_gained: 0, followers_lost: 0, posts: 0, replies_received: 0, favourites_received: 0, reblogs_received: 0 });
    expect(day('2024-03-10')).toMatchObject({ followers: 10, posts: 3, replies_received: 4 });
    expect(day('2024-03-20')).toMatchObject({ followers: 13, followers_gained: 5, followers_lost: 2, favourites_received: 7 });
    expect(day('2024-03-31')).toMatchObject({ followers: 12, followers_lost: 1, reblogs_received: 1 });
    expect(res.json.totals).toEqual({ followers: 12, followers_start: 10, followers_gained: 5, followers_lost: 3, posts: 3, replies_received: 4, favourites_received: 7, reblogs_received: 1 });
    expect(res.json.service).toEqual({
      total: 2,
      counts: { submitted: 1, accepted: 0, responded: 1, resolved: 0 },
      response_rate: 0.5,
      median_hours_to_first_response: 2,
      average_rating: null,
      ratings: 0,
    });
  });

  it('takes an explicit range, followers counted back across the days after it', async () => {
    const res = await s.call('GET', `${url()}?from=2024-02-29&to=2024-03-01`, { token: organ.token });
    expect(res.json.days.map((d: { day: string; followers: number }) => [d.day, d.followers])).toEqual([
      ['2024-02-29', 0],
      ['2024-03-01', 10],
    ]);
    expect(res.json.service.total).toBe(0);
  });
});
