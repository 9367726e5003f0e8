import { createRestAPIClient } from 'masto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../app/clock.js';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen } from '../../../../test/factories.js';
import { type TestServer, listeningServer, testServer } from '../../../../test/http.js';

type User = { token: string; id: string; username: string };

describe.each(DIALECTS)('notifications apps can read (%s)', (dialect) => {
  const clock = fixedClock('2024-05-01T08:10:00.000Z');
  let s: TestServer;
  let owner: User;
  let fans: User[];
  let outsider: User;
  let statusId: string;

  beforeAll(async () => {
    s = await testServer(dialect, {}, clock);
    owner = await citizen(s);
    outsider = await citizen(s);
    fans = [await citizen(s), await citizen(s), await citizen(s)];
    statusId = (await s.call('POST', '/api/v1/statuses', { token: owner.token, body: { status: '通知' } })).json.id;
    for (const f of fans) await s.call('POST', `/api/v1/statuses/${statusId}/favourite`, { token: f.token });
    for (const f of fans.slice(0, 2)) await s.call('POST', `/api/v1/accounts/${owner.id}/follow`, { token: f.token });
    await s.call('POST', '/api/v1/statuses', { token: fans[0]?.token, body: { status: `@${owner.username} 你好` } });
    clock.advance(2 * 3600_000);
    await s.call('POST', `/api/v1/statuses/${statusId}/reblog`, { token: fans[2]?.token });
  });
  afterAll(async () => {
    await s?.close();
  });

  describe('who may not', () => {
    it('answers 401 without a token on every new route', async () => {
      for (const [m, u] of [
        ['GET', '/api/v1/notifications/unread_count'],
        ['GET', '/api/v1/markers?timeline[]=home'],
        ['POST', '/api/v1/markers'],
        ['GET', '/api/v2/notifications'],
        ['GET', '/api/v2/notifications/unread_count'],
        ['GET', '/api/v2/notifications/ungrouped-1'],
        ['GET', '/api/v2/notifications/ungrouped-1/accounts'],
        ['POST', '/api/v2/notifications/ungrouped-1/dismiss'],
        ['GET', '/api/v2/notifications/policy'],
        ['PATCH', '/api/v2/notifications/policy'],
        ['GET', '/api/v1/notifications/requests'],
        ['GET', '/api/v1/notifications/requests/merged'],
        ['POST', '/api/v1/notifications/requests/accept'],
      ] as const) {
        expect((await s.call(m, u)).status, `${m} ${u}`).toBe(401);
      }
    });
    it("answers 404 for a group that is someone else's or does not exist", async () => {
      const groups = (await s.call('GET', '/api/v2/notifications', { token: owner.token })).json.notification_groups;
      for (const g of groups) {
        expect((await s.call('GET', `/api/v2/notifications/${g.group_key}`, { token: outsider.token })).status).toBe(404);
        expect((await s.call('POST', `/api/v2/notifications/${g.group_key}/dismiss`, { token: outsider.token })).status).toBe(404);
      }
      for (const key of ['nonsense', 'favourite-x-1', 'ungrouped-999999', 'follow-1']) expect((await s.call('GET', `/api/v2/notifications/${key}`, { token: owner.token })).status).toBe(404);
    });
  });

  it('ignores notification types it does not have in types[] and exclude_types[] (not a 422)', async () => {
    const all = await s.call('GET', '/api/v1/notifications', { token: owner.token });
    const withUnknown = await s.call('GET', '/api/v1/notifications?types[]=favourite&types[]=poll&types[]=admin.sign_up', { token: owner.token });
    expect(withUnknown.status).toBe(200);
    expect(withUnknown.json.map((n: any) => n.type)).toEqual(['favourite', 'favourite', 'favourite']);
    const onlyUnknown = await s.call('GET', '/api/v1/notifications?types[]=poll&types[]=update', { token: owner.token });
    expect(onlyUnknown.json).toEqual([]);
    const excluded = await s.call('GET', '/api/v1/notifications?exclude_types[]=severed_relationships&exclude_types[]=follow', { token: owner.token });
    expect(excluded.json.length).toBe(all.json.length - 2);
    expect((await s.call('GET', `/api/v1/notifications?types[]=${'x'.repeat(61)}`, { token: owner.token })).status).toBe(422);
  });

  it('gives favourites of one status within an hour one group_key, in v1 as in v2', async () => {
    const v1 = (await s.call('GET', '/api/v1/notifications?types[]=favourite', { token: owner.token })).json;
    const keys = new Set(v1.map((n: any) => n.group_key));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(new RegExp(`^favourite-${statusId}-\\d+$`));
    // A reblog's notification shows the reblogged status, as Mastodon's does.
    const reblog = (await s.call('GET', '/api/v1/notifications?types[]=reblog', { token: owner.token })).json[0];
    expect(reblog.status.id).toBe(statusId);
    expect(reblog.group_key).toMatch(new RegExp(`^reblog-${statusId}-\\d+$`));
    const mention = (await s.call('GET', '/api/v1/notifications?types[]=mention', { token: owner.token })).json[0];
    expect(mention.group_key).toBe(`ungrouped-${mention.id}`);
  });

  it('lists grouped notifications with their accounts and statuses (Mastodon 4.3 shape)', async () => {
    const r = await s.call('GET', '/api/v2/notifications', { token: owner.token });
    expect(r.status).toBe(200);
    const groups = r.json.notification_groups;
    expect(groups.map((g: any) => [g.type, g.notifications_count])).toEqual([
      ['reblog', 1],
      ['mention', 1],
      ['follow', 2],
      ['favourite', 3],
    ]);
    const fav = groups[3];
    expect(fav.status_id).toBe(statusId);
    expect(new Set(fav.sample_account_ids)).toEqual(new Set(fans.map((f) => f.id)));
    expect(groups[0].status_id).toBe(statusId);
    expect(r.json.statuses.map((x: any) => x.id)).toContain(statusId);
    expect(new Set(r.json.accounts.map((a: any) => a.id))).toEqual(new Set(fans.map((f) => f.id)));
    // Ungrouped when the client asks not to group favourites.
    const some = await s.call('GET', '/api/v2/notifications?grouped_types[]=follow', { token: owner.token });
    expect(some.json.notification_groups.filter((g: any) => g.type === 'favourite')).toHaveLength(3);
    // Paging: one group a page, the next page below what the first folded in.
    const page = await s.call('GET', '/api/v2/notifications?limit=2', { token: owner.token });
    expect(page.json.notification_groups).toHaveLength(2);
    const next = /<([^>]+)>; rel="next"/.exec(String(page.headers.link))?.[1] as string;
    const rest = await s.call('GET', new URL(next).pathname + new URL(next).search, { token: owner.token });
    expect(rest.json.notification_groups.map((g: any) => g.type)).toEqual(['follow', 'favourite']);
  });

  it('fetches one group, its accounts, and dismisses it whole', async () => {
    const groups = (await s.call('GET', '/api/v2/notifications', { token: owner.token })).json.notification_groups;
    const fav = groups.find((g: any) => g.type === 'favourite');
    const one = await s.call('GET', `/api/v2/notifications/${fav.group_key}`, { token: owner.token });
    expect(one.json.notification_groups).toHaveLength(1);
    expect(one.json.notification_groups[0]).toMatchObject({ group_key: fav.group_key, notifications_count: 3 });
    const accounts = await s.call('GET', `/api/v2/notifications/${fav.group_key}/accounts`, { token: owner.token });
    expect(new Set(accounts.json.map((a: any) => a.id))).toEqual(new Set(fans.map((f) => f.id)));
    const single = groups.find((g: any) => g.type === 'mention');
    expect((await s.call('GET', `/api/v2/notifications/${single.group_key}`, { token: owner.token })).json.notification_groups[0].type).toBe('mention');

    expect((await s.call('POST', `/api/v2/notifications/${fav.group_key}/dismiss`, { token: owner.token })).status).toBe(200);
    expect((await s.call('GET', `/api/v2/notifications/${fav.group_key}`, { token: owner.token })).status).toBe(404);
    expect((await s.call('GET', '/api/v1/notifications?types[]=favourite', { token: owner.token })).json).toEqual([]);
  });

  it('an accept-all policy by default, a value outside accept|filter|drop refused naming the field, and no notification requests', async () => {
    const policy = await s.call('GET', '/api/v2/notifications/policy', { token: owner.token });
    expect(policy.json).toEqual({ for_not_following: 'accept', for_not_followers: 'accept', for_new_accounts: 'accept', for_private_mentions: 'accept', for_limited_accounts: 'accept', summary: { pending_requests_count: 0, pending_notifications_count: 0 } });
    expect((await s.call('PATCH', '/api/v2/notifications/policy', { token: owner.token, body: { for_not_following: 'accept' } })).status).toBe(200);
    const refused = await s.call('PATCH', '/api/v2/notifications/policy', { token: owner.token, body: { for_not_following: 'block' } });
    expect(refused.status).toBe(422);
    expect(Object.keys(refused.json.details)).toEqual(['for_not_following']);
    expect((await s.call('GET', '/api/v1/notifications/requests', { token: owner.token })).json).toEqual([]);
    expect((await s.call('GET', '/api/v1/notifications/requests/merged', { token: owner.token })).json).toEqual({ merged: true });
    expect((await s.call('POST', '/api/v1/notifications/requests/accept', { token: owner.token, form: { 'id[]': ['1', '2'] } })).status).toBe(200);
    expect((await s.call('GET', '/api/v1/notifications/requests/1', { token: owner.token })).status).toBe(404);
    expect((await s.call('POST', '/api/v1/notifications/requests/1/dismiss', { token: owner.token })).status).toBe(404);
  });

  it('keeps markers for home and notifications, and counts unread notifications past the marker', async () => {
    const none = await s.call('GET', '/api/v1/markers?timeline[]=home&timeline[]=notifications&timeline[]=public', { token: owner.token });
    expect(none.json).toEqual({});
    const before = (await s.call('GET', '/api/v1/notifications/unread_count', { token: owner.token })).json.count;
    expect(before).toBe((await s.call('GET', '/api/v1/notifications', { token: owner.token })).json.length);
    const list = (await s.call('GET', '/api/v1/notifications', { token: owner.token })).json;
    const newest = list[0].id;
    const second = list[1].id;
    const saved = await s.call('POST', '/api/v1/markers', { token: owner.token, body: { notifications: { last_read_id: second }, home: { last_read_id: statusId } } });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ notifications: { last_read_id: second, version: 0 }, home: { last_read_id: statusId, version: 0 } });
    expect((await s.call('GET', '/api/v1/notifications/unread_count', { token: owner.token })).json.count).toBe(1);
    expect((await s.call('GET', '/api/v2/notifications/unread_count', { token: owner.token })).json.count).toBe(1);
    const again = await s.call('POST', '/api/v1/markers', { token: owner.token, form: { 'notifications[last_read_id]': newest } });
    expect(again.json.notifications).toMatchObject({ last_read_id: newest, version: 1 });
    expect(again.json.home).toBeUndefined();
    expect((await s.call('GET', '/api/v1/notifications/unread_count', { token: owner.token })).json.count).toBe(0);
    const both = await s.call('GET', '/api/v1/markers?timeline[]=home&timeline[]=notifications', { token: owner.token });
    expect(Object.keys(both.json).sort()).toEqual(['home', 'notifications']);
    expect((await s.call('GET', '/api/v1/markers?timeline[]=notifications', { token: outsider.token })).json).toEqual({});
    expect((await s.call('POST', '/api/v1/markers', { token: owner.token, body: { home: { last_read_id: 'abc' } } })).status).toBe(422);
  });
});

describe.each(DIALECTS)('grouped notifications through masto (%s)', (dialect) => {
  let s: TestServer & { url: string };
  beforeAll(async () => {
    s = await listeningServer(dialect);
  });
  afterAll(async () => {
    await s?.close();
  });
  it('lists, fetches, counts unread and dismisses as masto.js does', async () => {
    const a = await citizen(s);
    const b = await citizen(s);
    const asA = createRestAPIClient({ url: s.url, accessToken: a.token });
    const asB = createRestAPIClient({ url: s.url, accessToken: b.token });
    const st = await asA.v1.statuses.create({ status: 'hello' });
    await asB.v1.statuses.$select(st.id).favourite();
    const list = await asA.v2.notifications.list();
    const group = list.notificationGroups[0];
    expect(group?.type).toBe('favourite');
    const fetched = await asA.v2.notifications.$select(group?.groupKey as string).fetch();
    expect(fetched.notificationGroups[0]?.groupKey).toBe(group?.groupKey);
    expect((await asA.v2.notifications.unreadCount.fetch()).count).toBe(1);
    const accounts = await asA.v2.notifications.$select(group?.groupKey as string).accounts.fetch();
    expect(accounts.map((x) => x.id)).toEqual([b.id]);
    await asA.v2.notifications.$select(group?.groupKey as string).dismiss();
    expect((await asA.v2.notifications.list()).notificationGroups).toEqual([]);
    const markers = await asA.v1.markers.create({ notifications: { lastReadId: '1' } });
    expect(markers.notifications?.lastReadId).toBe('1');
    expect((await asA.v1.notifications.unreadCount.fetch()).count).toBe(0);
  });
});

describe.each(DIALECTS)("an organ's operator reading its notifications (%s)", (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(dialect);
  });
  afterAll(async () => {
    await s?.close();
  });
  it('saves markers, dismisses a group and sets the policy through an operator token, each in the audit log', async () => {
    const { staffUser } = await import('../../../../test/factories.js');
    const { fastOrgan, operatorOf } = await import('../../../../test/gov-cast.js');
    const reviewer = await staffUser(s, 'reviewer');
    const organ = await fastOrgan(s, reviewer.token);
    const staff = await citizen(s);
    const op = await operatorOf(s, organ, staff);
    const fan = await citizen(s);
    const st = (await s.call('POST', '/api/v1/statuses', { token: organ.token, body: { status: '公告' } })).json.id;
    await s.call('POST', `/api/v1/statuses/${st}/favourite`, { token: fan.token });
    const group = (await s.call('GET', '/api/v2/notifications', { token: op })).json.notification_groups[0];
    expect((await s.call('POST', '/api/v1/markers', { token: op, body: { notifications: { last_read_id: group.most_recent_notification_id } } })).status).toBe(200);
    expect((await s.call('PATCH', '/api/v2/notifications/policy', { token: op, body: { for_new_accounts: 'accept' } })).status).toBe(200);
    expect((await s.call('POST', `/api/v2/notifications/${group.group_key}/dismiss`, { token: op })).status).toBe(200);
    const log = (await s.call('GET', '/api/v1/gov/audit_log', { token: organ.token })).json;
    expect(log.map((e: any) => e.action)).toEqual(expect.arrayContaining(['marker.save', 'notification_policy.update', 'notification.dismiss']));
    expect(log.filter((e: any) => e.action === 'marker.save').every((e: any) => e.operator_id === staff.id)).toBe(true);
  });
});
