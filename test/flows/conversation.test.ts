import { type mastodon, createRestAPIClient } from 'masto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../dialects.js';
import { registerApp } from '../factories.js';
import { type TestServer, listeningServer } from '../http.js';

/** What people do every day, driven with the masto client library over real HTTP. */
describe.each(DIALECTS)('posting, following and reading over HTTP (%s)', (dialect) => {
  let s: TestServer & { url: string };
  let organ: mastodon.rest.Client;
  let citizen: mastodon.rest.Client;
  let outsider: mastodon.rest.Client;
  let organId: string;
  let citizenId: string;

  beforeAll(async () => {
    s = await listeningServer(dialect, { provider: 'weibo.example' });
    const { appToken } = await registerApp(s);
    const asApp = createRestAPIClient({ url: s.url, accessToken: appToken });
    const make = async (username: string) => {
      const t = await asApp.v1.accounts.create({ username, email: `${username}@example.cn`, password: 'a long passphrase', agreement: true, locale: 'zh-CN' });
      return createRestAPIClient({ url: s.url, accessToken: t.accessToken });
    };
    organ = await make('shanghaifabu');
    citizen = await make('xiaoming');
    outsider = await make('passerby');
    organId = (await organ.v1.accounts.verifyCredentials()).id;
    citizenId = (await citizen.v1.accounts.verifyCredentials()).id;
  });
  afterAll(async () => {
    await s?.close();
  });

  it('follow → post → home timeline → reply in context → notifications both ways', async () => {
    const rel = await citizen.v1.accounts.$select(organId).follow();
    expect(rel.following).toBe(true);
    const post = await organ.v1.statuses.create({ status: '#上海发布# 今日起地铁延时运营 https://www.shanghai.gov.cn/', visibility: 'public', language: 'zh' });
    expect(post.content).toContain('<a href="https://www.shanghai.gov.cn/"');
    expect(post.tags.map((t) => t.name)).toEqual(['上海发布']);

    const home = await citizen.v1.timelines.home.list({ limit: 20 });
    expect(home.map((h) => h.id)).toContain(post.id);

    const reply = await citizen.v1.statuses.create({ status: '@shanghaifabu 请问末班车几点？', inReplyToId: post.id });
    expect(reply.inReplyToId).toBe(post.id);
    expect(reply.mentions.map((m) => m.username)).toEqual(['shanghaifabu']);
    const answer = await organ.v1.statuses.create({ status: '@xiaoming 末班车延至23:30。', inReplyToId: reply.id });

    const context = await outsider.v1.statuses.$select(reply.id).context.fetch();
    expect(context.ancestors.map((a) => a.id)).toEqual([post.id]);
    expect(context.descendants.map((d) => d.id)).toEqual([answer.id]);
    const fetched = await outsider.v1.statuses.$select(post.id).fetch();
    expect(fetched.repliesCount).toBe(1);

    const organNotes = await organ.v1.notifications.list();
    expect(organNotes.map((n) => [n.type, n.account.id])).toEqual(expect.arrayContaining([['follow', citizenId], ['mention', citizenId]]));
    const citizenNotes = await citizen.v1.notifications.list({ types: ['mention'] });
    expect(citizenNotes.map((n) => n.status?.id)).toContain(answer.id);

    await citizen.v1.statuses.$select(post.id).favourite();
    const boosted = await citizen.v1.statuses.$select(post.id).reblog();
    expect(boosted.reblog?.id).toBe(post.id);
    const after = await organ.v1.statuses.$select(post.id).fetch();
    expect([after.favouritesCount, after.reblogsCount]).toEqual([1, 1]);
    const types = (await organ.v1.notifications.list()).map((n) => n.type);
    expect(types).toEqual(expect.arrayContaining(['favourite', 'reblog']));

    await citizen.v1.accounts.$select(organId).unfollow();
    const homeAfter = await citizen.v1.timelines.home.list({ limit: 40 });
    expect(homeAfter.map((h) => h.id)).not.toContain(post.id);
  });

  it('walks 45 posts through Link pagination with none lost or repeated', async () => {
    const { appToken } = await registerApp(s);
    const asApp = createRestAPIClient({ url: s.url, accessToken: appToken });
    const t = await asApp.v1.accounts.create({ username: 'paginator', email: 'p@example.cn', password: 'a long passphrase', agreement: true, locale: 'zh-CN' });
    const writer = createRestAPIClient({ url: s.url, accessToken: t.accessToken });
    const writerId = (await writer.v1.accounts.verifyCredentials()).id;
    const reader = createRestAPIClient({ url: s.url, accessToken: (await asApp.v1.accounts.create({ username: 'reader45', email: 'r45@example.cn', password: 'a long passphrase', agreement: true, locale: 'zh-CN' })).accessToken });
    await reader.v1.accounts.$select(writerId).follow();
    const posted: string[] = [];
    for (let i = 1; i <= 45; i++) posted.push((await writer.v1.statuses.create({ status: `第${i}条 post ${i}` })).id);

    for (const list of [() => reader.v1.timelines.home.list({ limit: 10 }), () => reader.v1.accounts.$select(writerId).statuses.list({ limit: 10 }), () => reader.v1.timelines.public.list({ limit: 10 })]) {
      const seen: string[] = [];
      for await (const page of list()) {
        expect(page.length).toBeLessThanOrEqual(10);
        seen.push(...page.map((p) => p.id));
        if (seen.length > 500) break;
      }
      const mine = seen.filter((id) => posted.includes(id));
      expect(new Set(seen).size).toBe(seen.length);
      expect(mine).toEqual([...posted].reverse());
    }
  });

  it('a direct message is seen by its parties only', async () => {
    const dm = await organ.v1.statuses.create({ status: '@xiaoming 您反映的问题已转交相关部门。', visibility: 'direct' });
    await expect(citizen.v1.statuses.$select(dm.id).fetch()).resolves.toMatchObject({ id: dm.id, visibility: 'direct' });
    await expect(outsider.v1.statuses.$select(dm.id).fetch()).rejects.toMatchObject({ statusCode: 404 });
    const anonymous = createRestAPIClient({ url: s.url });
    await expect(anonymous.v1.statuses.$select(dm.id).fetch()).rejects.toMatchObject({ statusCode: 404 });
    expect((await anonymous.v1.timelines.public.list({ limit: 40 })).map((p) => p.id)).not.toContain(dm.id);
    const conversations = await citizen.v1.conversations.list();
    expect(conversations[0]?.lastStatus?.id).toBe(dm.id);
    expect(conversations[0]?.unread).toBe(true);
    expect(conversations[0]?.accounts.map((a) => a.id)).toEqual([organId]);
    expect(await outsider.v1.conversations.list()).toEqual([]);
    const read = await citizen.v1.conversations.$select(conversations[0]?.id as string).read();
    expect([read.id, read.unread, read.lastStatus?.id]).toEqual([conversations[0]?.id, false, dm.id]);
    await expect(outsider.v1.conversations.$select(conversations[0]?.id as string).read()).rejects.toMatchObject({ statusCode: 404 });
    await expect(outsider.v1.statuses.$select(dm.id).remove()).rejects.toMatchObject({ statusCode: 404 });
    await expect(citizen.v1.statuses.$select(dm.id).remove()).rejects.toMatchObject({ statusCode: 403 });
  });

  it('returns hostile markup escaped', async () => {
    const post = await citizen.v1.statuses.create({ status: '<script>alert(1)</script><img src=x onerror=alert(2)>' });
    const fetched = await outsider.v1.statuses.$select(post.id).fetch();
    for (const html of [post.content, fetched.content]) {
      expect(html).not.toMatch(/<script|<img/i);
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
    }
  });
});
