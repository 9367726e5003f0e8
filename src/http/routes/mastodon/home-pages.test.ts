import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, postStatus } from '../../../../test/factories.js';
import { type TestServer, testServer } from '../../../../test/http.js';
import { fixedClock } from '../../../app/clock.js';

type User = Awaited<ReturnType<typeof citizen>>;
type Status = { id: string; content: string; favourites_count: number; bookmarked: boolean; account: { display_name: string }; poll: { expired: boolean; votes_count: number } | null };

/**
 * The home timeline's kept pages (src/timelines/home-pages.ts): a page read
 * twice is served from memory, and every kind of change that can make it
 * untrue shows on the next read. The cache's TTL is an hour, so that only
 * the forgetting can explain what is seen.
 */
describe.each(DIALECTS)('home timeline pages kept between reads (%s)', (dialect) => {
  let s: TestServer;
  const clock = fixedClock(new Date());

  beforeAll(async () => {
    s = await testServer(dialect, { cacheTtl: 3600 }, clock);
  });
  afterAll(async () => {
    await s?.close();
  });

  const home = async (u: User) => {
    const r = await s.call('GET', '/api/v1/timelines/home?limit=20', { token: u.token });
    expect(r.status, r.body).toBe(200);
    return r.json as Status[];
  };
  const kept = (u: User) => s.ctx.cache.homes.get(Number(u.id), '/api/v1/timelines/home?limit=20', clock.now().getTime());
  const ok = async (u: User, method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown) => {
    const r = await s.call(method, url, { token: u.token, ...(body === undefined ? {} : { body }) });
    expect(r.status, `${method} ${url}: ${r.body}`).toBe(200);
    return r.json;
  };
  const follow = async (reader: User, organ: User) => ok(reader, 'POST', `/api/v1/accounts/${organ.id}/follow`);

  it('serves a page read twice from memory, the same bytes with the same Link header', async () => {
    const organ = await citizen(s);
    const reader = await citizen(s);
    await follow(reader, organ);
    await postStatus(s, organ, { status: '第一条' });
    const first = await s.call('GET', '/api/v1/timelines/home?limit=20', { token: reader.token });
    await expect.poll(async () => (await home(reader)) && kept(reader), { timeout: 3000, interval: 20 }).toBeDefined();
    const second = await s.call('GET', '/api/v1/timelines/home?limit=20', { token: reader.token });
    expect(second.body).toBe(first.body);
    expect(second.headers.link).toBe(first.headers.link);
    expect(second.headers['content-type']).toBe(first.headers['content-type']);
    // Another reader's page is its own.
    const other = await citizen(s);
    expect(await home(other)).toEqual([]);
  });

  it('shows what others change: a new post fanned out, a favourite, an edit, a new name, a deletion', async () => {
    const organ = await citizen(s);
    const reader = await citizen(s);
    const someone = await citizen(s);
    await follow(reader, organ);
    const id = await postStatus(s, organ, { status: '通知一' });
    expect((await home(reader)).map((x) => x.id)).toEqual([id]);

    const next = await postStatus(s, organ, { status: '通知二' });
    expect((await home(reader)).map((x) => x.id)).toEqual([next, id]);
    // An author the kept page does not show yet: only the fan-out can say the page changed.
    const newcomer = await citizen(s);
    await follow(reader, newcomer);
    expect((await home(reader)).map((x) => x.id)).toEqual([next, id]);
    const fresh = await postStatus(s, newcomer, { status: '新账号的第一条' });
    expect((await home(reader)).map((x) => x.id)).toEqual([fresh, next, id]);
    await ok(newcomer, 'DELETE', `/api/v1/statuses/${fresh}`);

    await ok(someone, 'POST', `/api/v1/statuses/${id}/favourite`);
    expect((await home(reader))[1]?.favourites_count).toBe(1);

    await ok(organ, 'PUT', `/api/v1/statuses/${id}`, { status: '通知一（更正）' });
    expect((await home(reader))[1]?.content).toBe('<p>通知一（更正）</p>');

    await ok(organ, 'PATCH', '/api/v1/accounts/update_credentials', { display_name: '某某发布' });
    expect((await home(reader))[0]?.account.display_name).toBe('某某发布');

    await ok(organ, 'DELETE', `/api/v1/statuses/${next}`);
    expect((await home(reader)).map((x) => x.id)).toEqual([id]);
  });

  it('shows what the reader does: a bookmark, an unfollow, a mute', async () => {
    const organ = await citizen(s);
    const loud = await citizen(s);
    const reader = await citizen(s);
    await follow(reader, organ);
    await follow(reader, loud);
    const id = await postStatus(s, organ, { status: '办事指南' });
    const noise = await postStatus(s, loud, { status: '刷屏' });
    expect((await home(reader)).map((x) => x.id)).toEqual([noise, id]);

    await ok(reader, 'POST', `/api/v1/statuses/${id}/bookmark`);
    expect((await home(reader)).find((x) => x.id === id)?.bookmarked).toBe(true);

    await ok(reader, 'POST', `/api/v1/accounts/${loud.id}/mute`);
    expect((await home(reader)).map((x) => x.id)).toEqual([id]);

    await ok(reader, 'POST', `/api/v1/accounts/${organ.id}/unfollow`);
    expect(await home(reader)).toEqual([]);
  });

  it('shows a block by the author, though the reader did nothing', async () => {
    const organ = await citizen(s);
    const reader = await citizen(s);
    await follow(reader, organ);
    await postStatus(s, organ, { status: '公告' });
    expect(await home(reader)).toHaveLength(1);
    await ok(organ, 'POST', `/api/v1/accounts/${reader.id}/block`);
    expect(await home(reader)).toEqual([]);
  });

  it('shows others\' votes, and a poll that ended while the page was kept', async () => {
    const organ = await citizen(s);
    const reader = await citizen(s);
    const voter = await citizen(s);
    await follow(reader, organ);
    const id = await postStatus(s, organ, { status: '您最关心哪项工作？', poll: { options: ['交通', '教育'], expires_in: 600 } });
    const poll = (await home(reader))[0]?.poll;
    expect(poll).toMatchObject({ expired: false, votes_count: 0 });
    const status = (await s.call('GET', `/api/v1/statuses/${id}`, { token: voter.token })).json as { poll: { id: string } };
    await ok(voter, 'POST', `/api/v1/polls/${status.poll.id}/votes`, { choices: [0] });
    expect((await home(reader))[0]?.poll?.votes_count).toBe(1);
    // Kept once no forget (the vote's after-commit work) crosses the read.
    await expect.poll(async () => (await home(reader)) && kept(reader), { timeout: 3000, interval: 20 }).toBeDefined();
    clock.advance(601_000);
    expect(kept(reader)).toBeUndefined();
    expect((await home(reader))[0]?.poll?.expired).toBe(true);
  });
});
