import { type mastodon, createRestAPIClient } from 'masto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, institutionApplication, signUpUser, staffUser } from '../../../../test/factories.js';
import { type TestServer, listeningServer } from '../../../../test/http.js';

/** Search driven as apps drive it (masto.js), on both dialects. */
describe.each(DIALECTS)('search (%s)', (dialect) => {
  let s: TestServer & { url: string };
  let reviewer: { token: string; id: string };
  const client = (token: string) => createRestAPIClient({ url: s.url, accessToken: token });
  let pingan: { token: string; id: string };
  let fabu: { token: string; id: string };
  let fan: { token: string; id: string };
  let stranger: { token: string; id: string };
  let friend: { token: string; id: string };

  /** Signs up, takes a display name, and (when `verification` is given) is verified as an organ with it. */
  async function organ(username: string, name: string, verification?: string, organName = '北京市公安局') {
    const u = await signUpUser(s, username);
    const named = await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: u.token, body: { display_name: name } });
    expect(named.status).toBe(200);
    if (verification) {
      const app = await s.call('POST', '/api/v1/gov/verifications', { token: u.token, body: institutionApplication({ organ_name: organName, verification }) });
      expect(app.status, app.body).toBe(201);
      const ok = await s.call('POST', `/api/v1/gov/verifications/${app.json.id}/approve`, { token: reviewer.token, body: {} });
      expect(ok.status, ok.body).toBe(200);
    }
    return u;
  }

  beforeAll(async () => {
    s = await listeningServer(dialect, { provider: 'weibo.example' });
    reviewer = await staffUser(s, 'reviewer');
    pingan = await organ('pinganbeijing', '平安北京', '北京市公安局官方微博');
    fabu = await organ('shanghaifabu', '上海发布', '上海市人民政府新闻办公室官方微博', '上海市人民政府新闻办公室');
    // An unverified fan with more followers than the organ: verified accounts still come first.
    fan = await organ('gonganfan', '公安迷小王');
    for (let i = 0; i < 3; i++) {
      const c = await citizen(s);
      expect((await s.call('POST', `/api/v1/accounts/${fan.id}/follow`, { token: c.token })).status).toBe(200);
    }
    stranger = await citizen(s, 'stranger1');
    friend = await citizen(s, 'friend1');
  });
  afterAll(async () => {
    await s?.close();
  });

  describe('refusals first', () => {
    it('refuses offset and resolve without a token (401), as Mastodon does', async () => {
      const paged = await s.call('GET', '/api/v2/search?q=%E5%85%AC%E5%AE%89&type=accounts&offset=1');
      expect(paged.status).toBe(401);
      expect(paged.json.error).toMatch(/pagination/);
      const resolved = await s.call('GET', '/api/v2/search?q=%E5%85%AC%E5%AE%89&resolve=true');
      expect(resolved.status).toBe(401);
      expect(resolved.json.error).toMatch(/resolve/);
    });

    it('the mention autocomplete needs a signed-in token', async () => {
      expect((await s.call('GET', '/api/v1/accounts/search?q=abc')).status).toBe(401);
    });

    it('a token without read:search is refused (403)', async () => {
      const { tokenWithScopes } = await import('../../../../test/factories.js');
      const t = await tokenWithScopes(s, stranger.id, ['read:accounts']);
      expect((await s.call('GET', '/api/v2/search?q=abc', { token: t })).status).toBe(403);
    });

    it('bad parameters are a 422 naming the field', async () => {
      const cases: [string, string][] = [
        ['', 'q'],
        ['q=a&type=people', 'type'],
        ['q=a&limit=-1', 'limit'],
        ['q=a&limit=ten', 'limit'],
        ['q=a&offset=-5', 'offset'],
        ['q=a&account_id=abc', 'account_id'],
        [`q=${'公'.repeat(501)}`, 'q'],
        ['q=a&q=b', 'q'],
      ];
      for (const [qs, field] of cases) {
        const res = await s.call('GET', `/api/v2/search?${encodeURI(qs)}`, { token: stranger.token });
        expect(res.status, qs).toBe(422);
        expect(Object.keys(res.json.details ?? {}), qs).toContain(field);
      }
      const v1 = await s.call('GET', '/api/v1/accounts/search?q=a&limit=x', { token: stranger.token });
      expect(v1.status).toBe(422);
      expect(Object.keys(v1.json.details)).toContain('limit');
    });

    it('query syntax of FTS engines is plain text here: no 5xx, nothing odd found', async () => {
      for (const q of ['"', '""', '*', '公安*', 'NEAR(公安 北京)', '-公安', '^公', 'a OR b', '%', '_', '\\', "'; drop table accounts; --", '\u0001\u0002', '公安"北京', '#', '@', '@@', 'x'.repeat(500)]) {
        const res = await s.call('GET', `/api/v2/search?q=${encodeURIComponent(q)}`, { token: stranger.token });
        expect(res.status, q).toBe(200);
        const v1 = await s.call('GET', `/api/v1/accounts/search?q=${encodeURIComponent(q)}`, { token: stranger.token });
        expect(v1.status, q).toBe(200);
      }
      // LIKE's wildcards are literal: `%` finds no account at all.
      expect((await s.call('GET', '/api/v1/accounts/search?q=%25', { token: stranger.token })).json).toEqual([]);
    });
  });

  describe('accounts', () => {
    it('two Chinese characters of the verification text find the organ (公安 → 平安北京), verified first', async () => {
      const r = await client(stranger.token).v2.search.list({ q: '公安', type: 'accounts' });
      const names = r.accounts.map((a) => a.displayName);
      expect(names).toContain('平安北京');
      expect(names).toContain('公安迷小王');
      expect(names.indexOf('平安北京')).toBeLessThan(names.indexOf('公安迷小王'));
      expect(r.accounts[0]?.id).toBe(pingan.id);
    });

    it('发布 finds 上海发布, and so do 3 and 4 characters and the handle prefix', async () => {
      for (const q of ['发布', '上海发', '上海发布', 'shanghai', 'SHANGHAIFA', 'ｓｈａｎｇｈａｉ']) {
        const r = await client(stranger.token).v2.search.list({ q, type: 'accounts' });
        expect(r.accounts.map((a) => a.id), q).toContain(fabu.id);
      }
      // Contiguous only: the characters of 上海发布 apart do not make 上布.
      expect((await client(stranger.token).v2.search.list({ q: '上布', type: 'accounts' })).accounts).toEqual([]);
    });

    it('anonymous callers find accounts from two characters; statuses need a token', async () => {
      const res = await s.call('GET', `/api/v2/search?q=${encodeURIComponent('公安')}`);
      expect(res.status).toBe(200);
      expect(res.json.accounts.map((a: { id: string }) => a.id)).toContain(pingan.id);
      expect(res.json.statuses).toEqual([]);
    });

    it('one Chinese character finds names that begin with it', async () => {
      const r = await client(stranger.token).v1.accounts.search.list({ q: '平' });
      expect(r.map((a) => a.id)).toContain(pingan.id);
      expect((await client(stranger.token).v1.accounts.search.list({ q: '京' })).map((a) => a.id)).not.toContain(pingan.id);
    });

    it('@user and user@ourhost find that account first; another host finds nothing and sends nothing', async () => {
      for (const q of ['@pinganbeijing', 'pinganbeijing@weibo.example', '@pinganbeijing@weibo.example']) {
        const r = await client(stranger.token).v1.accounts.search.list({ q, resolve: true });
        expect(r[0]?.id, q).toBe(pingan.id);
      }
      expect(await client(stranger.token).v1.accounts.search.list({ q: '@pinganbeijing@mastodon.example', resolve: true })).toEqual([]);
      const v2 = await client(stranger.token).v2.search.list({ q: '@someone@mastodon.example', resolve: true });
      expect(v2).toEqual({ accounts: [], statuses: [], hashtags: [] });
    });

    it('following=true keeps only followed accounts', async () => {
      expect((await s.call('POST', `/api/v1/accounts/${fabu.id}/follow`, { token: friend.token })).status).toBe(200);
      const r = await client(friend.token).v1.accounts.search.list({ q: '上海', following: true });
      expect(r.map((a) => a.id)).toEqual([fabu.id]);
      expect(await client(friend.token).v1.accounts.search.list({ q: '公安', following: true })).toEqual([]);
      const v2 = await client(friend.token).v2.search.list({ q: '发布', type: 'accounts', following: true });
      expect(v2.accounts.map((a) => a.id)).toEqual([fabu.id]);
    });

    it('a renamed account is found by its new name only', async () => {
      const u = await organ('renamer', '旧名字');
      expect((await client(stranger.token).v1.accounts.search.list({ q: '旧名' })).map((a) => a.id)).toContain(u.id);
      await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: u.token, body: { display_name: '新名称' } });
      expect((await client(stranger.token).v1.accounts.search.list({ q: '旧名' })).map((a) => a.id)).not.toContain(u.id);
      expect((await client(stranger.token).v1.accounts.search.list({ q: '新名' })).map((a) => a.id)).toContain(u.id);
    });

    it('approval makes the verification text searchable, revocation takes it away', async () => {
      const u = await organ('qingfeng', '清风');
      expect((await client(stranger.token).v1.accounts.search.list({ q: '纪委' })).map((a) => a.id)).not.toContain(u.id);
      const app = await s.call('POST', '/api/v1/gov/verifications', { token: u.token, body: institutionApplication({ organ_name: '某市纪委', organ: 'discipline', public_security: false, verification: '某市纪委监察局官方微博' }) });
      const ok = await s.call('POST', `/api/v1/gov/verifications/${app.json.id}/approve`, { token: reviewer.token, body: {} });
      expect(ok.status).toBe(200);
      expect((await client(stranger.token).v1.accounts.search.list({ q: '纪委' })).map((a) => a.id)).toContain(u.id);
      await s.call('POST', `/api/v1/gov/verifications/${app.json.id}/revoke`, { token: reviewer.token, body: { reason: '撤销' } });
      expect((await client(stranger.token).v1.accounts.search.list({ q: '纪委' })).map((a) => a.id)).not.toContain(u.id);
    });

    it('limit and offset page through the results', async () => {
      const all = await client(stranger.token).v1.accounts.search.list({ q: '公安', limit: 40 });
      const first = await client(stranger.token).v1.accounts.search.list({ q: '公安', limit: 1 });
      const second = await client(stranger.token).v1.accounts.search.list({ q: '公安', limit: 1, offset: 1 });
      expect([...first, ...second].map((a) => a.id)).toEqual(all.slice(0, 2).map((a) => a.id));
    });
  });

  describe('statuses', () => {
    let pub: mastodon.v1.Status;
    let priv: mastodon.v1.Status;
    let dm: mastodon.v1.Status;

    beforeAll(async () => {
      pub = await client(pingan.token).v1.statuses.create({ status: '#平安提示# 近期电信诈骗高发，请勿向陌生账户转账', visibility: 'public' });
      priv = await client(pingan.token).v1.statuses.create({ status: '内部通知：诈骗专项行动会议', visibility: 'private' });
      dm = await client(stranger.token).v1.statuses.create({ status: '@friend1 私信：诈骗线索', visibility: 'direct' });
    });

    it('a public post of a verified organ is found by anyone signed in, by two characters', async () => {
      const r = await client(friend.token).v2.search.list({ q: '诈骗', type: 'statuses' });
      expect(r.statuses.map((x) => x.id)).toContain(pub.id);
    });

    it('a private or direct status is never found by a stranger', async () => {
      const outsider = await citizen(s);
      const r = await client(outsider.token).v2.search.list({ q: '诈骗', type: 'statuses' });
      const ids = r.statuses.map((x) => x.id);
      expect(ids).not.toContain(priv.id);
      expect(ids).not.toContain(dm.id);
      // The author finds its own private post; the one mentioned finds the direct message.
      expect((await client(pingan.token).v2.search.list({ q: '诈骗', type: 'statuses' })).statuses.map((x) => x.id)).toContain(priv.id);
      expect((await client(friend.token).v2.search.list({ q: '诈骗', type: 'statuses' })).statuses.map((x) => x.id)).toContain(dm.id);
    });

    it("a citizen's public post is found by its author and by who favourited it, not by everyone", async () => {
      const mine = await client(stranger.token).v1.statuses.create({ status: '今天天气晴朗适合出行', visibility: 'public' });
      const other = await citizen(s);
      expect((await client(other.token).v2.search.list({ q: '天气', type: 'statuses' })).statuses.map((x) => x.id)).not.toContain(mine.id);
      expect((await client(stranger.token).v2.search.list({ q: '天气', type: 'statuses' })).statuses.map((x) => x.id)).toContain(mine.id);
      await client(other.token).v1.statuses.$select(mine.id).favourite();
      expect((await client(other.token).v2.search.list({ q: '天气', type: 'statuses' })).statuses.map((x) => x.id)).toContain(mine.id);
    });

    it('a deleted status is not found', async () => {
      const gone = await client(pingan.token).v1.statuses.create({ status: '临时测试消息即将删除', visibility: 'public' });
      expect((await client(friend.token).v2.search.list({ q: '即将删除', type: 'statuses' })).statuses.map((x) => x.id)).toEqual([gone.id]);
      await client(pingan.token).v1.statuses.$select(gone.id).remove();
      expect((await client(friend.token).v2.search.list({ q: '即将删除', type: 'statuses' })).statuses).toEqual([]);
    });

    it('account_id narrows to one author', async () => {
      const r = await client(friend.token).v2.search.list({ q: '诈骗', type: 'statuses', accountId: fabu.id });
      expect(r.statuses).toEqual([]);
      const own = await client(friend.token).v2.search.list({ q: '诈骗', type: 'statuses', accountId: pingan.id });
      expect(own.statuses.map((x) => x.id)).toEqual([pub.id]);
      // Its author finds its private post this way too; the reader above did not.
      expect((await client(pingan.token).v2.search.list({ q: '诈骗', type: 'statuses', accountId: pingan.id })).statuses.map((x) => x.id)).toEqual([priv.id, pub.id]);
    });

    it('resolve=true with a URL of this provider finds the status or account behind it', async () => {
      const r = await client(friend.token).v2.search.list({ q: pub.url as string, resolve: true });
      expect(r.statuses.map((x) => x.id)).toEqual([pub.id]);
      expect(r.accounts).toEqual([]);
      const a = await client(friend.token).v2.search.list({ q: `${s.url}/@pinganbeijing`, resolve: true });
      expect(a.accounts.map((x) => x.id)).toEqual([pingan.id]);
      // The private post's URL shows nothing to a stranger; another site's URL is not fetched.
      expect((await client(friend.token).v2.search.list({ q: priv.url as string, resolve: true })).statuses).toEqual([]);
      expect(await client(friend.token).v2.search.list({ q: 'https://mastodon.example/@someone/1', resolve: true })).toEqual({ accounts: [], statuses: [], hashtags: [] });
    });
  });

  describe('hashtags', () => {
    it('finds hashtags by prefix, with their week of use', async () => {
      const r = await client(friend.token).v2.search.list({ q: '#平安', type: 'hashtags' });
      expect(r.hashtags.map((h) => h.name)).toEqual(['平安提示']);
      expect(r.hashtags[0]?.history).toHaveLength(7);
      expect(r.hashtags[0]?.history?.[0]?.uses).toBe('1');
      expect((await client(friend.token).v2.search.list({ q: '提示', type: 'hashtags' })).hashtags).toEqual([]);
    });
  });
});
