import { createRestAPIClient } from 'masto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../app/clock.js';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, staffUser } from '../../../../test/factories.js';
import { type TestServer, freePort, testServer } from '../../../../test/http.js';

describe.each(DIALECTS)('trends from recent public activity (%s)', (dialect) => {
  let s: TestServer & { url: string };
  const clock = fixedClock('2026-12-01T10:00:00Z');
  let people: { token: string; id: string }[];
  let popular: string;

  const post = async (who: { token: string }, status: string, extra: Record<string, unknown> = {}) => {
    const r = await s.call('POST', '/api/v1/statuses', { token: who.token, body: { status, ...extra } });
    expect(r.status).toBe(200);
    return r.json.id as string;
  };

  beforeAll(async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    // Trends that need no review (GOVBLOG_TRENDABLE_BY_DEFAULT=on): the scores alone decide here; admin-trends.test.ts covers the review.
    s = { ...(await testServer(dialect, { publicUrl: url, port, trendableByDefault: true }, clock)), url };
    await s.app.listen({ port, host: '127.0.0.1' });
    people = [];
    for (let i = 0; i < 7; i++) people.push(await citizen(s));
    // Six accounts use #春运#; one account floods #刷屏# ten times; four use #四人#; five use #五人#, one of them then closed.
    for (const p of people.slice(0, 6)) await post(p, '#春运# 车票好买吗');
    for (let i = 0; i < 10; i++) await post(people[6] as { token: string }, `#刷屏# ${i}`);
    for (const p of people.slice(0, 4)) await post(p, '#四人# 讨论');
    for (const p of people.slice(1, 6)) await post(p, '#五人# 讨论');
    await s.ctx.db.updateTable('accounts').set({ closed_at: clock.now().toISOString() }).where('id', '=', Number(people[5]?.id)).execute();
    // Statuses: five favourites trend; the same on a content warning, a reply or a private post do not.
    const organ = await staffUser(s, 'user');
    // Only discoverable accounts' statuses trend (or verified government ones), as Mastodon's.
    await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: organ.token, body: { discoverable: true } });
    const hidden = await post(people[6] as { token: string }, '不愿被发现的人');
    for (const p of people.slice(0, 5)) await s.call('POST', `/api/v1/statuses/${hidden}/favourite`, { token: p.token });
    popular = await post(organ, '关于春运期间加开列车的通告');
    const warned = await post(organ, '提示', { spoiler_text: '注意' });
    const reply = await post(organ, '回复', { in_reply_to_id: popular });
    const quiet = await post(organ, '私密', { visibility: 'private' });
    for (const p of people.slice(0, 5)) {
      for (const id of [popular, warned, reply]) expect((await s.call('POST', `/api/v1/statuses/${id}/favourite`, { token: p.token })).status).toBe(200);
      await s.call('POST', `/api/v1/accounts/${organ.id}/follow`, { token: p.token });
      await s.call('POST', `/api/v1/statuses/${quiet}/favourite`, { token: p.token });
    }
    clock.advance(60 * 60_000);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('hashtags: used by more distinct accounts than the day before, at least five, open accounts only; with a week of history; masto reads them', async () => {
    const masto = createRestAPIClient({ url: s.url });
    const tags = await masto.v1.trends.tags.list();
    expect(tags.map((t) => t.name)).toEqual(['春运']);
    expect(tags[0]?.history).toHaveLength(7);
    expect(tags[0]?.history?.[0]).toEqual({ day: String(Date.parse('2026-12-01T00:00:00Z') / 1000), uses: '6', accounts: '6' });
    const v1 = await s.call('GET', '/api/v1/trends');
    expect(v1.json.map((t: { name: string }) => t.name)).toEqual(['春运']);
    expect((await s.call('GET', '/api/v1/trends/tags?offset=1')).json).toEqual([]);
  });

  it('statuses: public, original, no content warning, five interactions or more', async () => {
    const r = await s.call('GET', '/api/v1/trends/statuses');
    expect(r.status).toBe(200);
    expect(r.json.map((x: { id: string }) => x.id)).toEqual([popular]);
    expect(r.json[0].favourites_count).toBe(5);
  });

  it('kept five minutes, then computed again in the background (readers meanwhile get the ranking held); days later the burst has decayed away', async () => {
    const names = async (path: string) => (await s.call('GET', path)).json.map((t: { name?: string; id: string }) => t.name ?? t.id);
    await post(people[0] as { token: string }, '#新话题# 一');
    for (const p of people.slice(1, 5)) await post(p, '#新话题# 二');
    expect(await names('/api/v1/trends/tags')).toEqual(['春运']);
    clock.advance(6 * 60_000);
    expect(await names('/api/v1/trends/tags')).toEqual(['春运']);
    await expect.poll(async () => (await names('/api/v1/trends/tags')).sort(), { timeout: 5000 }).toEqual(['新话题', '春运'].sort());
    clock.advance(3 * 86_400_000);
    await expect.poll(() => names('/api/v1/trends/tags'), { timeout: 5000 }).toEqual([]);
    await expect.poll(() => names('/api/v1/trends/statuses'), { timeout: 5000 }).toEqual([]);
  });

  it('links: none, since no preview cards are fetched here; bad paging is a 422 naming the field', async () => {
    expect((await s.call('GET', '/api/v1/trends/links')).json).toEqual([]);
    const bad = await s.call('GET', '/api/v1/trends/tags?limit=lots');
    expect(bad.status).toBe(422);
    expect(bad.body).toContain('limit');
  });
});
