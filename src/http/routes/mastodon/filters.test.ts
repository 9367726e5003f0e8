import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, tokenWithScopes, postStatus } from '../../../../test/factories.js';
import { type TestServer, testServer } from '../../../../test/http.js';
import { findAccountById } from '../../../accounts/accounts.repository.js';
import { presentStatuses } from '../../../statuses/hydrate.js';
import { renderStatuses } from '../../../statuses/status-cache.js';
import { findStatuses } from '../../../statuses/statuses.repository.js';

type User = Awaited<ReturnType<typeof citizen>>;

describe.each(DIALECTS)('filters (%s)', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(dialect);
  });
  afterAll(async () => {
    await s?.close();
  });

  const post = (u: User, body: Record<string, unknown>) => postStatus(s, u, body);
  const filter = async (u: User, body: Record<string, unknown>) => {
    const r = await s.call('POST', '/api/v2/filters', { token: u.token, body });
    expect(r.status, r.body).toBe(200);
    return r.json;
  };
  const ids = (list: { id: string }[]) => list.map((x) => x.id);

  describe('refusals', () => {
    it('401 without a token, 403 without the filters scopes', async () => {
      const u = await citizen(s);
      expect((await s.call('GET', '/api/v2/filters')).status).toBe(401);
      expect((await s.call('GET', '/api/v1/filters')).status).toBe(401);
      const narrow = await tokenWithScopes(s, u.id, ['read:statuses', 'write:statuses']);
      for (const [method, path] of [
        ['GET', '/api/v2/filters'],
        ['POST', '/api/v2/filters'],
        ['GET', '/api/v1/filters'],
        ['POST', '/api/v1/filters'],
      ] as const) {
        const r = await s.call(method, path, { token: narrow, body: method === 'POST' ? {} : undefined });
        expect(r.status, path).toBe(403);
      }
    });

    it('422 naming the field without a title or context', async () => {
      const u = await citizen(s);
      const noTitle = await s.call('POST', '/api/v2/filters', { token: u.token, body: { context: ['home'] } });
      expect(noTitle.status).toBe(422);
      expect(noTitle.json.details.title).toBeDefined();
      const noContext = await s.call('POST', '/api/v2/filters', { token: u.token, body: { title: 'x' } });
      expect(noContext.status).toBe(422);
      expect(noContext.json.details.context).toBeDefined();
      expect((await s.call('POST', '/api/v2/filters', { token: u.token, body: { title: 'x', context: ['elsewhere'] } })).status).toBe(422);
      expect((await s.call('POST', '/api/v2/filters', { token: u.token, body: { title: 'x', context: ['home'], filter_action: 'explode' } })).status).toBe(422);
    });

    it("another account's filters, keywords and statuses are 404s", async () => {
      const owner = await citizen(s);
      const other = await citizen(s);
      const f = await filter(owner, { title: '私有', context: ['home'], keywords_attributes: [{ keyword: '雾霾' }] });
      const st = await s.call('POST', `/api/v2/filters/${f.id}/statuses`, { token: owner.token, body: { status_id: await post(owner, { status: 'x' }) } });
      expect(st.status, st.body).toBe(200);
      const kw = f.keywords[0].id as string;
      for (const [method, path, body] of [
        ['GET', `/api/v2/filters/${f.id}`, undefined],
        ['PUT', `/api/v2/filters/${f.id}`, { title: 'mine' }],
        ['DELETE', `/api/v2/filters/${f.id}`, undefined],
        ['GET', `/api/v2/filters/${f.id}/keywords`, undefined],
        ['POST', `/api/v2/filters/${f.id}/keywords`, { keyword: 'k' }],
        ['GET', `/api/v2/filters/keywords/${kw}`, undefined],
        ['PUT', `/api/v2/filters/keywords/${kw}`, { keyword: 'k' }],
        ['DELETE', `/api/v2/filters/keywords/${kw}`, undefined],
        ['GET', `/api/v2/filters/${f.id}/statuses`, undefined],
        ['GET', `/api/v2/filters/statuses/${st.json.id}`, undefined],
        ['DELETE', `/api/v2/filters/statuses/${st.json.id}`, undefined],
        ['GET', `/api/v1/filters/${kw}`, undefined],
        ['PUT', `/api/v1/filters/${kw}`, { phrase: 'p' }],
        ['DELETE', `/api/v1/filters/${kw}`, undefined],
      ] as const) {
        const r = await s.call(method, path, { token: other.token, body });
        expect(r.status, `${method} ${path}`).toBe(404);
      }
      const mine = await s.call('GET', `/api/v2/filters/${f.id}`, { token: owner.token });
      expect(mine.json.title).toBe('私有');
      expect(mine.json.keywords).toHaveLength(1);
      expect(mine.json.statuses).toHaveLength(1);
    });
  });

  it('v2 CRUD with keywords_attributes, keywords and statuses, as Mastodon shapes them', async () => {
    const u = await citizen(s);
    const f = await filter(u, { title: '天气', context: ['home', 'public'], filter_action: 'hide', expires_in: 3600, keywords_attributes: [{ keyword: '雾霾' }, { keyword: 'smog', whole_word: false }] });
    expect(f).toMatchObject({ title: '天气', context: ['home', 'public'], filter_action: 'hide' });
    expect(Date.parse(f.expires_at) - Date.now()).toBeGreaterThan(3500_000);
    expect(f.keywords.map((k: { keyword: string; whole_word: boolean }) => [k.keyword, k.whole_word])).toEqual([
      ['雾霾', true],
      ['smog', false],
    ]);
    // Rails' numbered form.
    const form = await s.call('POST', '/api/v2/filters', { token: u.token, form: { title: '表单', 'context[]': 'thread', 'keywords_attributes[0][keyword]': '甲', 'keywords_attributes[1][keyword]': '乙', 'keywords_attributes[1][whole_word]': 'false' } });
    expect(form.status, form.body).toBe(200);
    expect(form.json.keywords.map((k: { keyword: string }) => k.keyword)).toEqual(['甲', '乙']);

    const [k1, k2] = f.keywords as { id: string }[];
    const put = await s.call('PUT', `/api/v2/filters/${f.id}`, {
      token: u.token,
      body: { title: '空气', filter_action: 'warn', expires_in: '', keywords_attributes: [{ id: k1?.id, _destroy: true }, { id: k2?.id, keyword: 'haze' }, { keyword: 'PM2.5' }] },
    });
    expect(put.status, put.body).toBe(200);
    expect(put.json).toMatchObject({ title: '空气', filter_action: 'warn', expires_at: null });
    expect(put.json.keywords.map((k: { keyword: string }) => k.keyword)).toEqual(['haze', 'PM2.5']);

    const added = await s.call('POST', `/api/v2/filters/${f.id}/keywords`, { token: u.token, body: { keyword: '沙尘', whole_word: false } });
    expect(added.json).toMatchObject({ keyword: '沙尘', whole_word: false });
    expect((await s.call('PUT', `/api/v2/filters/keywords/${added.json.id}`, { token: u.token, body: { whole_word: true } })).json.whole_word).toBe(true);
    expect((await s.call('GET', `/api/v2/filters/${f.id}/keywords`, { token: u.token })).json).toHaveLength(3);
    expect((await s.call('DELETE', `/api/v2/filters/keywords/${added.json.id}`, { token: u.token })).status).toBe(200);
    expect((await s.call('GET', `/api/v2/filters/keywords/${added.json.id}`, { token: u.token })).status).toBe(404);

    const sid = await post(u, { status: '某条' });
    const st = await s.call('POST', `/api/v2/filters/${f.id}/statuses`, { token: u.token, body: { status_id: sid } });
    expect(st.json).toEqual({ id: st.json.id, status_id: sid });
    expect((await s.call('POST', `/api/v2/filters/${f.id}/statuses`, { token: u.token, body: { status_id: sid } })).status).toBe(422);
    expect((await s.call('GET', `/api/v2/filters/statuses/${st.json.id}`, { token: u.token })).json.status_id).toBe(sid);
    expect((await s.call('DELETE', `/api/v2/filters/statuses/${st.json.id}`, { token: u.token })).status).toBe(200);
    expect((await s.call('GET', `/api/v2/filters/${f.id}/statuses`, { token: u.token })).json).toEqual([]);

    expect(ids((await s.call('GET', '/api/v2/filters', { token: u.token })).json)).toEqual([f.id, form.json.id]);
    expect((await s.call('DELETE', `/api/v2/filters/${f.id}`, { token: u.token })).status).toBe(200);
    expect((await s.call('GET', `/api/v2/filters/${f.id}`, { token: u.token })).status).toBe(404);
  });

  it('v1 filters map onto v2: one keyword each, irreversible is hide', async () => {
    const u = await citizen(s);
    const r = await s.call('POST', '/api/v1/filters', { token: u.token, body: { phrase: '谣言', context: ['home', 'notifications'], irreversible: true, whole_word: false } });
    expect(r.status, r.body).toBe(200);
    expect(r.json).toEqual({ id: r.json.id, phrase: '谣言', context: ['home', 'notifications'], whole_word: false, expires_at: null, irreversible: true });
    const v2 = (await s.call('GET', '/api/v2/filters', { token: u.token })).json;
    expect(v2).toHaveLength(1);
    expect(v2[0]).toMatchObject({ title: '谣言', filter_action: 'hide', keywords: [{ id: r.json.id, keyword: '谣言', whole_word: false }] });
    const put = await s.call('PUT', `/api/v1/filters/${r.json.id}`, { token: u.token, body: { phrase: '流言', irreversible: false, context: ['public'] } });
    expect(put.json).toMatchObject({ phrase: '流言', irreversible: false, context: ['public'] });
    // A v2 filter with two keywords cannot take a v1 client's context change.
    const two = await filter(u, { title: '两个', context: ['home'], keywords_attributes: [{ keyword: 'a' }, { keyword: 'b' }] });
    expect((await s.call('PUT', `/api/v1/filters/${two.keywords[0].id}`, { token: u.token, body: { context: ['public'] } })).status).toBe(422);
    expect((await s.call('GET', '/api/v1/filters', { token: u.token })).json).toHaveLength(3);
    expect((await s.call('DELETE', `/api/v1/filters/${r.json.id}`, { token: u.token })).status).toBe(200);
    expect((await s.call('GET', '/api/v2/filters', { token: u.token })).json).toHaveLength(1);
  });

  it('hide removes statuses from timelines while the page stays full; warn marks them filtered', async () => {
    const author = await citizen(s);
    const reader = await citizen(s);
    await s.call('POST', `/api/v1/accounts/${author.id}/follow`, { token: reader.token });
    const plain: string[] = [];
    const smog: string[] = [];
    for (let i = 0; i < 6; i++) {
      plain.push(await post(author, { status: `普通消息 ${i}` }));
      smog.push(await post(author, { status: `北京雾霾 ${i}` }));
    }
    const rumour = await post(author, { status: '这是rumour吗' });
    const page = (q: string) => s.call('GET', `/api/v1/timelines/home${q}`, { token: reader.token });
    const before = ids((await page('?limit=4')).json);

    await filter(reader, { title: '雾霾', context: ['home'], filter_action: 'hide', keywords_attributes: [{ keyword: '雾霾' }] });
    const warn = await filter(reader, { title: '谣言', context: ['home', 'public'], filter_action: 'warn', keywords_attributes: [{ keyword: 'rumour' }] });
    // A filter of another context hides nothing here.
    await filter(reader, { title: '通知', context: ['notifications'], filter_action: 'hide', keywords_attributes: [{ keyword: '普通' }] });

    const full = await page('?limit=4');
    expect(ids(full.json)).toHaveLength(4);
    for (const id of smog) expect(ids(full.json)).not.toContain(id);
    expect(ids(full.json)).toEqual([rumour, plain[5], plain[4], plain[3]]);
    expect(before).toContain(smog[5]);
    const next = await page(`?limit=4&max_id=${full.json[3].id}`);
    expect(ids(next.json)).toEqual([plain[2], plain[1], plain[0]]);
    const warned = full.json[0];
    expect(warned.filtered).toEqual([{ filter: { id: warn.id, title: '谣言', context: ['home', 'public'], expires_at: null, filter_action: 'warn' }, keyword_matches: ['rumour'], status_matches: null }]);
    // As Mastodon's, `filtered` names every filter that matches, whatever its context (clients pick the view's): the notifications one here.
    expect(full.json[1].filtered.map((r: { filter: { title: string } }) => r.filter.title)).toEqual(['通知']);
    // The same status by id carries the same results.
    expect((await s.call('GET', `/api/v1/statuses/${rumour}`, { token: reader.token })).json.filtered).toHaveLength(1);
    // Hidden in the account's own timeline only by an `account` filter: the home filter leaves it.
    expect(ids((await s.call('GET', `/api/v1/accounts/${author.id}/statuses?limit=40`, { token: reader.token })).json)).toContain(smog[0]);
    // Nobody else is affected.
    expect((await s.call('GET', `/api/v1/statuses/${rumour}`, { token: author.token })).json.filtered).toEqual([]);
    expect(ids((await s.call('GET', `/api/v1/timelines/home?limit=4`, { token: author.token })).json)).toContain(smog[5]);
  });

  it('a status filter matches it and its reblogs; an expired filter no longer applies', async () => {
    const author = await citizen(s);
    const booster = await citizen(s);
    const reader = await citizen(s);
    await s.call('POST', `/api/v1/accounts/${booster.id}/follow`, { token: reader.token });
    const original = await post(author, { status: '原文' });
    const boost = await s.call('POST', `/api/v1/statuses/${original}/reblog`, { token: booster.token });
    const f = await filter(reader, { title: '这一条', context: ['home'] });
    await s.call('POST', `/api/v2/filters/${f.id}/statuses`, { token: reader.token, body: { status_id: original } });
    const home = (await s.call('GET', '/api/v1/timelines/home', { token: reader.token })).json;
    const row = home.find((x: { id: string }) => x.id === boost.json.id);
    expect(row.filtered[0].status_matches).toEqual([original]);
    expect(row.reblog.filtered[0].status_matches).toEqual([original]);

    const soon = await filter(reader, { title: '短期', context: ['home'], filter_action: 'hide', expires_in: 1, keywords_attributes: [{ keyword: '原文' }] });
    expect(ids((await s.call('GET', '/api/v1/timelines/home', { token: reader.token })).json)).not.toContain(boost.json.id);
    // Time passes (no write tells anyone): the kept home page ends with the filter.
    expect(Date.parse(soon.expires_at) - Date.now()).toBeLessThanOrEqual(1000);
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(soon.expires_at) - Date.now()) + 20));
    expect(ids((await s.call('GET', '/api/v1/timelines/home', { token: reader.token })).json)).toContain(boost.json.id);
  });

  it('notifications and thread contexts: hide leaves the page (refilled) and the thread, warn marks the notification\'s status', async () => {
    const reader = await citizen(s);
    const other = await citizen(s);
    const root = await post(reader, { status: '征求意见' });
    const good = await post(other, { status: `@${reader.username} 好建议`, in_reply_to_id: root });
    const later = await post(other, { status: `@${reader.username} 另一条意见` });
    // The newest are hidden: the first window is all theirs, and the page is refilled from the next.
    const replies: string[] = [];
    for (let i = 0; i < 3; i++) replies.push(await post(other, { status: `@${reader.username} 垃圾广告 ${i}`, in_reply_to_id: root }));
    await filter(reader, { title: '广告', context: ['notifications', 'thread'], filter_action: 'hide', keywords_attributes: [{ keyword: '广告' }] });
    await filter(reader, { title: '建议', context: ['notifications'], keywords_attributes: [{ keyword: '建议' }] });
    const page = (await s.call('GET', '/api/v1/notifications?limit=2&types[]=mention', { token: reader.token })).json as { status: { id: string; filtered: { filter: { title: string } }[] } }[];
    expect(page.map((n) => n.status.id)).toEqual([later, good]);
    expect(page[1]?.status.filtered.map((r) => r.filter.title)).toEqual(['建议']);
    // Grouped notifications (v2) leave the hidden ones out the same way.
    const grouped = (await s.call('GET', '/api/v2/notifications?types[]=mention', { token: reader.token })).json as { notification_groups: { status_id: string }[] };
    expect(grouped.notification_groups.map((g) => g.status_id)).toEqual([later, good]);
    const context = (await s.call('GET', `/api/v1/statuses/${root}/context`, { token: reader.token })).json;
    expect(ids(context.descendants)).toEqual([good]);
    // The author of the replies sees the whole thread.
    expect(ids((await s.call('GET', `/api/v1/statuses/${root}/context`, { token: other.token })).json.descendants)).toEqual([good, ...replies]);
  });

  it('the byte-spliced page equals the pure presenter for a reader with filters, cold and warm', async () => {
    const author = await citizen(s);
    const reader = await citizen(s);
    await filter(reader, { title: 'w', context: ['home'], keywords_attributes: [{ keyword: '发布会' }, { keyword: 'PM2.5', whole_word: true }] });
    const list = [
      await post(author, { status: '今日召开新闻发布会 "全程" <直播>' }),
      await post(author, { status: '普通' }),
      await post(author, { status: 'PM2.5 指数', spoiler_text: '空气' }),
    ];
    const boost = await s.call('POST', `/api/v1/statuses/${list[0]}/reblog`, { token: author.token });
    const viewer = await findAccountById(s.ctx.db, Number(reader.id));
    const rows = await findStatuses(s.ctx.db, [...list, boost.json.id].map(Number));
    for (let i = 0; i < 2; i++) {
      const spliced = (await renderStatuses(s.ctx, viewer ?? null, rows)).toString('utf8');
      expect(spliced).toBe(JSON.stringify(await presentStatuses(s.ctx, viewer ?? null, rows)));
      expect(spliced).toContain('"keyword_matches":["发布会"]');
    }
    const plain = (await renderStatuses(s.ctx, null, rows)).toString('utf8');
    expect(plain).toBe(JSON.stringify(await presentStatuses(s.ctx, null, rows)));
    expect(plain).not.toContain('keyword_matches');
  });
});
