import { type mastodon, createRestAPIClient } from 'masto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen } from '../../../../test/factories.js';
import { type TestServer, listeningServer } from '../../../../test/http.js';

/** Quote posts as masto.js calls them (Mastodon 4.5): who may quote, what a status shows, the quotes list, revocation. */
describe.each(DIALECTS)('quotes through masto.js (%s)', (dialect) => {
  let s: TestServer & { url: string };
  const client = async () => {
    const u = await citizen(s);
    return { ...u, api: createRestAPIClient({ url: s.url, accessToken: u.token }) as mastodon.rest.Client };
  };
  const raw = async (method: string, path: string, token?: string, body?: unknown) => {
    const r = await fetch(`${s.url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: r.status, json: (await r.json()) as any, link: r.headers.get('link') };
  };

  beforeAll(async () => {
    s = await listeningServer(dialect);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('refuses a quote the author may not make: blocked either way, policy nobody or followers, private, unseen, a reblog', async () => {
    const organ = await client();
    const troll = await client();
    const fan = await client();
    const notice = await organ.api.v1.statuses.create({ status: '停水通知' });
    await organ.api.v1.accounts.$select(troll.id).block();
    await expect(troll.api.v1.statuses.create({ status: '捣乱', quotedStatusId: notice.id })).rejects.toMatchObject({ statusCode: 404 });
    const trollPost = await troll.api.v1.statuses.create({ status: '我的' });
    await expect(organ.api.v1.statuses.create({ status: '引用', quotedStatusId: trollPost.id })).rejects.toMatchObject({ statusCode: 404 });

    const nobody = await raw('POST', '/api/v1/statuses', organ.token, { status: '不许引用', quote_approval_policy: 'nobody' });
    expect(nobody.json.quote_approval).toEqual({ automatic: [], manual: [], current_user: 'automatic' });
    await expect(fan.api.v1.statuses.create({ status: '引用', quotedStatusId: nobody.json.id })).rejects.toMatchObject({ statusCode: 404 });
    // The author may always quote themselves.
    expect((await raw('POST', '/api/v1/statuses', organ.token, { status: '自引', quoted_status_id: nobody.json.id })).json.quote.state).toBe('accepted');

    const followers = await raw('POST', '/api/v1/statuses', organ.token, { status: '关注者可引用', quote_approval_policy: 'followers' });
    expect((await raw('GET', `/api/v1/statuses/${followers.json.id}`, fan.token)).json.quote_approval.current_user).toBe('denied');
    await expect(fan.api.v1.statuses.create({ status: '引用', quotedStatusId: followers.json.id })).rejects.toMatchObject({ statusCode: 404 });
    await fan.api.v1.accounts.$select(organ.id).follow();
    expect((await raw('GET', `/api/v1/statuses/${followers.json.id}`, fan.token)).json.quote_approval.current_user).toBe('automatic');
    expect((await raw('POST', '/api/v1/statuses', fan.token, { status: '引用', quoted_status_id: followers.json.id })).status).toBe(200);

    // A private status is not quotable by others, even by a follower: its policy is stored as nobody.
    const priv = await raw('POST', '/api/v1/statuses', organ.token, { status: '仅关注者', visibility: 'private', quote_approval_policy: 'public' });
    expect(priv.json.quote_approval.automatic).toEqual([]);
    await expect(fan.api.v1.statuses.create({ status: '引用', quotedStatusId: priv.json.id })).rejects.toMatchObject({ statusCode: 404 });
    const stranger = await client();
    await expect(stranger.api.v1.statuses.create({ status: '引用', quotedStatusId: priv.json.id })).rejects.toMatchObject({ statusCode: 404 });
    await expect(stranger.api.v1.statuses.create({ status: '引用', quotedStatusId: '999999999' })).rejects.toMatchObject({ statusCode: 404 });
    const boost = await fan.api.v1.statuses.$select(notice.id).reblog();
    expect((await raw('POST', '/api/v1/statuses', stranger.token, { status: '引用', quoted_status_id: boost.id })).status).toBe(422);
    // Anonymous readers are denied.
    expect((await raw('GET', `/api/v1/statuses/${notice.id}`)).json.quote_approval).toEqual({ automatic: ['public'], manual: [], current_user: 'denied' });
    expect((await raw('POST', '/api/v1/statuses', organ.token, { status: 'x', quote_approval_policy: 'everyone' })).status).toBe(422);
  });

  it('quotes, counts, lists with paging, notifies, tells quoters of an edit, and forgets a deleted quote', async () => {
    const organ = await client();
    const a = await client();
    const b = await client();
    const notice = await organ.api.v1.statuses.create({ status: '征求意见' });
    const qa = await a.api.v1.statuses.create({ status: '支持', quotedStatusId: notice.id });
    expect(qa.quote).toMatchObject({ state: 'accepted', quotedStatus: { id: notice.id } });
    const qb = await b.api.v1.statuses.create({ status: '反对', quotedStatusId: notice.id });
    expect((await b.api.v1.statuses.$select(notice.id).fetch()).quotesCount).toBe(2);
    const page1 = await raw('GET', `/api/v1/statuses/${notice.id}/quotes?limit=1`, b.token);
    expect(page1.json.map((x: { id: string }) => x.id)).toEqual([qb.id]);
    const next = /<([^>]+)>; rel="next"/.exec(page1.link ?? '')?.[1];
    expect(next).toBeDefined();
    const page2 = await raw('GET', new URL(next as string).pathname + new URL(next as string).search, b.token);
    expect(page2.json.map((x: { id: string }) => x.id)).toEqual([qa.id]);
    const notes = await organ.api.v1.notifications.list({ types: ['quote'] as never });
    expect(notes.map((n) => [n.type, n.status?.id])).toEqual([['quote', qb.id], ['quote', qa.id]]);
    // The quote seen in the home timeline (the byte-spliced path) and in one fetch agree.
    const home = await raw('GET', '/api/v1/timelines/home', a.token);
    expect(home.json.find((x: { id: string }) => x.id === qa.id).quote).toEqual((await raw('GET', `/api/v1/statuses/${qa.id}`, a.token)).json.quote);

    await organ.api.v1.statuses.$select(notice.id).update({ status: '征求意见（修订）' });
    const updates = await a.api.v1.notifications.list({ types: ['quoted_update'] as never });
    expect(updates.map((n) => [n.type, n.status?.id])).toEqual([['quoted_update', notice.id]]);

    await a.api.v1.statuses.$select(qa.id).remove();
    expect((await organ.api.v1.statuses.$select(notice.id).fetch()).quotesCount).toBe(1);
    expect((await organ.api.v1.statuses.$select(notice.id).quotes.list()).map((x) => x.id)).toEqual([qb.id]);
  });

  it('revocation: only by the quoted author (403 for others, 404 for no such quote), then revoked and uncounted', async () => {
    const organ = await client();
    const a = await client();
    const other = await client();
    const notice = await organ.api.v1.statuses.create({ status: '公告' });
    const q = await a.api.v1.statuses.create({ status: '引用', quotedStatusId: notice.id });
    expect((await raw('POST', `/api/v1/statuses/${notice.id}/quotes/${q.id}/revoke`, other.token)).status).toBe(403);
    expect((await raw('POST', `/api/v1/statuses/${notice.id}/quotes/${q.id}/revoke`, a.token)).status).toBe(403);
    expect((await raw('POST', `/api/v1/statuses/${notice.id}/quotes/${notice.id}/revoke`, organ.token)).status).toBe(404);
    expect((await raw('POST', `/api/v1/statuses/${notice.id}/quotes/${q.id}/revoke`)).status).toBe(401);
    const revoked = await raw('POST', `/api/v1/statuses/${notice.id}/quotes/${q.id}/revoke`, organ.token);
    expect(revoked.status).toBe(200);
    expect(revoked.json).toMatchObject({ id: q.id, quote: { state: 'revoked', quoted_status: null } });
    expect((await a.api.v1.statuses.$select(q.id).fetch()).quote).toEqual({ state: 'revoked', quotedStatus: null });
    expect((await organ.api.v1.statuses.$select(notice.id).fetch()).quotesCount).toBe(0);
    expect(await organ.api.v1.statuses.$select(notice.id).quotes.list()).toEqual([]);
  });

  it('interaction_policy: the author closes a status to quotes (others 403, unseen 404, bad policy 422)', async () => {
    const organ = await client();
    const a = await client();
    const notice = await organ.api.v1.statuses.create({ status: '公告' });
    expect((await raw('PUT', `/api/v1/statuses/${notice.id}/interaction_policy`, a.token, { quote_approval_policy: 'nobody' })).status).toBe(403);
    expect((await raw('PUT', '/api/v1/statuses/999999999/interaction_policy', organ.token, { quote_approval_policy: 'nobody' })).status).toBe(404);
    expect((await raw('PUT', `/api/v1/statuses/${notice.id}/interaction_policy`, organ.token, { quote_approval_policy: 'all' })).status).toBe(422);
    const closed = await raw('PUT', `/api/v1/statuses/${notice.id}/interaction_policy`, organ.token, { quote_approval_policy: 'nobody' });
    expect(closed.json.quote_approval).toEqual({ automatic: [], manual: [], current_user: 'automatic' });
    await expect(a.api.v1.statuses.create({ status: '引用', quotedStatusId: notice.id })).rejects.toMatchObject({ statusCode: 404 });
    expect((await raw('GET', `/api/v1/statuses/${notice.id}`, a.token)).json.quote_approval.current_user).toBe('denied');
  });
});
