import { type mastodon, createRestAPIClient } from 'masto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen } from '../../../../test/factories.js';
import { type TestServer, listeningServer } from '../../../../test/http.js';

/** Lists, filters and followed tags as masto.js calls them: its shapes, its camelCase parameters, its paginator over our Link headers. */
describe.each(DIALECTS)('lists, filters and followed tags through masto.js (%s)', (dialect) => {
  let s: TestServer & { url: string };
  let reader: mastodon.rest.Client;
  let author: mastodon.rest.Client;
  let stranger: mastodon.rest.Client;
  let authorId: string;

  beforeAll(async () => {
    s = await listeningServer(dialect);
    const [a, r, x] = [await citizen(s), await citizen(s), await citizen(s)];
    authorId = a.id;
    author = createRestAPIClient({ url: s.url, accessToken: a.token });
    reader = createRestAPIClient({ url: s.url, accessToken: r.token });
    stranger = createRestAPIClient({ url: s.url, accessToken: x.token });
    await reader.v1.accounts.$select(authorId).follow();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('lists: create, fill, read as a timeline page by page, and only by their owner', async () => {
    const list = await reader.v1.lists.create({ title: '政务', exclusive: false });
    expect(list).toMatchObject({ title: '政务', repliesPolicy: 'list', exclusive: false });
    await reader.v1.lists.$select(list.id).accounts.create({ accountIds: [authorId] });
    expect((await reader.v1.lists.$select(list.id).accounts.list()).map((a) => a.id)).toEqual([authorId]);
    expect((await reader.v1.accounts.$select(authorId).lists.list()).map((l) => l.id)).toEqual([list.id]);
    const posted: string[] = [];
    for (const text of ['一', '二', '三']) posted.push((await author.v1.statuses.create({ status: `列表 ${text}` })).id);
    const pages: string[][] = [];
    for await (const page of reader.v1.timelines.list.$select(list.id).list({ limit: 2 })) pages.push(page.map((st) => st.id));
    expect(pages).toEqual([[posted[2], posted[1]], [posted[0]]]);
    const renamed = await reader.v1.lists.$select(list.id).update({ title: '北京政务' });
    expect(renamed.title).toBe('北京政务');
    await expect(stranger.v1.lists.$select(list.id).fetch()).rejects.toMatchObject({ statusCode: 404 });
    await expect(stranger.v1.timelines.list.$select(list.id).list()).rejects.toMatchObject({ statusCode: 404 });
    await expect(stranger.v1.lists.$select(list.id).accounts.create({ accountIds: [authorId] })).rejects.toMatchObject({ statusCode: 404 });
    const mine = await stranger.v1.lists.create({ title: '我的' });
    await expect(stranger.v1.lists.$select(mine.id).accounts.create({ accountIds: [authorId] })).rejects.toMatchObject({ statusCode: 422 });
    await reader.v1.lists.$select(list.id).accounts.remove({ accountIds: [authorId] });
    expect(await reader.v1.lists.$select(list.id).accounts.list()).toEqual([]);
    await reader.v1.lists.$select(list.id).remove();
    expect((await reader.v1.lists.list()).map((l) => l.id)).not.toContain(list.id);
  });

  it('filters v2 and v1: keywords, statuses, warn results on statuses and hide on the home timeline', async () => {
    const warn = await reader.v2.filters.create({ title: '提醒', context: ['home', 'public'], filterAction: 'warn', keywordsAttributes: [{ keyword: '停水', wholeWord: true }] });
    expect(warn).toMatchObject({ title: '提醒', context: ['home', 'public'], filterAction: 'warn', expiresAt: null });
    expect(warn.keywords.map((k) => [k.keyword, k.wholeWord])).toEqual([['停水', true]]);
    const hide = await reader.v2.filters.create({ title: '隐藏', context: ['home'], filterAction: 'hide', expiresIn: 86400 });
    const kw = await reader.v2.filters.$select(hide.id).keywords.create({ keyword: '广告', wholeWord: false });
    expect(kw).toMatchObject({ keyword: '广告', wholeWord: false });
    const noticed = await author.v1.statuses.create({ status: '明天停水通知' });
    const ad = await author.v1.statuses.create({ status: '广告时间' });
    const single = await author.v1.statuses.create({ status: '这一条单独过滤' });
    const fs = await reader.v2.filters.$select(hide.id).statuses.create({ statusId: single.id });
    expect(fs.statusId).toBe(single.id);
    expect((await reader.v2.filters.$select(hide.id).statuses.list()).map((x) => x.id)).toEqual([fs.id]);

    const home = await reader.v1.timelines.home.list({ limit: 5 });
    const ids = home.map((st) => st.id);
    expect(ids).toContain(noticed.id);
    expect(ids).not.toContain(ad.id);
    expect(ids).not.toContain(single.id);
    const warned = home.find((st) => st.id === noticed.id);
    expect(warned?.filtered?.[0]).toMatchObject({ filter: { id: warn.id, title: '提醒', filterAction: 'warn' }, keywordMatches: ['停水'], statusMatches: null });
    expect((await reader.v1.statuses.$select(ad.id).fetch()).filtered?.[0]?.filter.filterAction).toBe('hide');

    const updated = await reader.v2.filters.$select(warn.id).update({ title: '停水提醒', keywordsAttributes: [{ id: warn.keywords[0]?.id, _destroy: true }, { keyword: '停电' }] });
    expect(updated.keywords.map((k) => k.keyword)).toEqual(['停电']);
    const v1 = await reader.v1.filters.list();
    expect(v1.map((f) => f.phrase).sort()).toEqual(['停电', '广告']);
    expect(v1.find((f) => f.phrase === '广告')).toMatchObject({ irreversible: true, context: ['home'] });
    const made = await reader.v1.filters.create({ phrase: '谣言', context: ['public'], irreversible: false, wholeWord: true });
    expect(made).toMatchObject({ phrase: '谣言', context: ['public'], irreversible: false, wholeWord: true });
    await expect(stranger.v2.filters.$select(warn.id).fetch()).rejects.toMatchObject({ statusCode: 404 });
    await reader.v2.filters.$select(warn.id).remove();
    expect((await reader.v2.filters.list()).map((f) => f.id)).not.toContain(warn.id);
  });

  it('followed tags: follow, list with paging, statuses at home, unfollow', async () => {
    const tag = await reader.v1.tags.$select('应急管理').follow();
    expect(tag).toMatchObject({ name: '应急管理', following: true });
    await reader.v1.tags.$select('防汛').follow();
    const pages: string[][] = [];
    // A full page always links on, as Mastodon's do: the last one may be empty.
    for await (const page of reader.v1.followedTags.list({ limit: 1 })) if (page.length > 0) pages.push(page.map((t) => t.name));
    expect(pages).toEqual([['防汛'], ['应急管理']]);
    const poster = createRestAPIClient({ url: s.url, accessToken: (await citizen(s)).token });
    const st = await poster.v1.statuses.create({ status: '#应急管理# 演练通知' });
    expect((await reader.v1.timelines.home.list()).map((x) => x.id)).toContain(st.id);
    expect((await reader.v1.tags.$select('应急管理').fetch()).following).toBe(true);
    expect((await reader.v1.tags.$select('应急管理').unfollow()).following).toBe(false);
    expect((await reader.v1.followedTags.list()).map((t) => t.name)).toEqual(['防汛']);
  });
});
