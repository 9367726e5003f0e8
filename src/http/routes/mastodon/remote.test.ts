import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, homeIds, institutionApplication, postStatus, remoteAccount, staffUser, tokenWithScopes, unique } from '../../../../test/factories.js';
import { type TestServer, testServer } from '../../../../test/http.js';
import { findAccountByAcct, findAccountByUri, findAccountByUsername, findAccountByLogin } from '../../../accounts/accounts.repository.js';
import { upsertRemoteAccount } from '../../../accounts/upsert-remote-account.js';
import type { RemoteGov } from '../../../accounts/remote-gov.js';
import { insertRemoteStatus } from '../../../statuses/insert-remote-status.js';
import { findStatusByUri } from '../../../statuses/statuses.repository.js';
import { reblogStatus } from '../../../statuses/reblog-status.js';
import { updateRemoteStatus } from '../../../statuses/update-remote-status.js';
import { unreblogStatus } from '../../../statuses/unreblog-status.js';
import { deleteStatus } from '../../../statuses/delete-status.js';
import { favouriteStatus } from '../../../social/favourite-status.js';
import { authorizeFollowRequest } from '../../../social/authorize-follow-request.js';
import { follow } from '../../../social/follow.js';
import { trendCandidates } from '../../../trends/trends.repository.js';
import { accountsOpenedBetween, actingDays, statusesBetween } from '../../../dashboard/dashboard.repository.js';
import { AppError } from '../../../app/errors.js';

const GOV: RemoteGov = {
  kind: 'institutional',
  organ: 'government',
  public_security: true,
  level: 'provincial',
  rank: null,
  province: '44',
  verification: '广东省公安厅官方微博',
  verified_at: '2012-05-01T00:00:00.000Z',
  organ_name: '广东省公安厅',
  region_code: '440000',
  position: null,
  verified_by: 'remote.example',
};

/** Remote accounts and statuses (issue 14): stored as the federation code stores them, shown by the whole API as Mastodon shows them. */
describe.each(DIALECTS)('remote accounts and statuses (%s)', (dialect) => {
  let s: TestServer;
  const host = 'weibo.example';
  const base = `https://${host}`;

  beforeAll(async () => {
    s = await testServer(dialect, { provider: host, publicUrl: base });
  });
  afterAll(async () => {
    await s?.close();
  });

  const remoteNote = (authorUri: string, n: string, extra: Partial<Parameters<typeof insertRemoteStatus>[1]> & { accountId: number }) =>
    insertRemoteStatus(s.ctx, { uri: `${authorUri}/statuses/${n}`, url: `${authorUri.replace('/users/', '/@')}/${n}`, contentHtml: `<p>note ${n}</p>`, visibility: 'public', published: '2026-12-01T00:00:00Z', ...extra });

  describe('storing', () => {
    it('refuses an account that claims this provider, a bad domain or name, a non-http id, or a local account\'s place', async () => {
      const codeOf = (p: Promise<unknown>) => p.then(() => 'stored', (e: unknown) => (e instanceof AppError ? `${e.code}:${Object.keys(e.details ?? {}).join(',')}` : String(e)));
      expect(await codeOf(remoteAccount(s, { domain: host }))).toBe('validation_failed:domain');
      expect(await codeOf(remoteAccount(s, { domain: 'bad host' }))).toBe('validation_failed:domain');
      expect(await codeOf(remoteAccount(s, { username: 'a b' }))).toBe('validation_failed:username');
      expect(await codeOf(remoteAccount(s, { uri: 'javascript:alert(1)' }))).toBe('validation_failed:uri');
      expect(await codeOf(remoteAccount(s, { avatarUrl: 'data:image/png;base64,xx' }))).toBe('validation_failed:avatar_url');
    });

    it('creates once and refreshes by actor id: one row, new fields, the search index following', async () => {
      const name = unique('re');
      const first = await remoteAccount(s, { username: name, displayName: '旧名' });
      const again = await remoteAccount(s, { username: name, displayName: '<b>新名</b>', followersCount: 12 });
      expect(again.id).toBe(first.id);
      expect([again.display_name, again.followers_count, again.domain, again.username_key]).toEqual(['新名', 12, 'remote.example', `${name}@remote.example`.toLowerCase()]);
      expect((await findAccountByUri(s.ctx.db, `https://remote.example/users/${name}`))?.id).toBe(first.id);
      const found = await s.call('GET', `/api/v1/accounts/search?q=${encodeURIComponent('新名')}`, { token: (await citizen(s)).token });
      expect(found.json.map((a: { id: string }) => a.id)).toContain(String(first.id));
    });

    it('keeps a local account and a remote one of the same name apart: no local lookup reaches the remote one', async () => {
      const local = await citizen(s);
      const twin = await remoteAccount(s, { username: local.username });
      expect((await findAccountByUsername(s.ctx.db, local.username))?.id).toBe(Number(local.id));
      expect((await findAccountByLogin(s.ctx.db, `${local.username}@remote.example`))).toBeUndefined();
      expect((await findAccountByAcct(s.ctx.db, `${local.username}@remote.example`, host))?.id).toBe(twin.id);
      expect((await findAccountByAcct(s.ctx.db, `@${local.username}@${host}`, host))?.id).toBe(Number(local.id));
    });
  });

  describe('accounts in the API', () => {
    it('never lists a remote account in the census feed nor the directory, even a government one that opted in', async () => {
      const gov = await remoteAccount(s, { gov: GOV, discoverable: true });
      const feed = await s.call('GET', '/api/v1/gov/directory?limit=1000');
      expect(feed.status).toBe(200);
      expect(feed.json.map((r: { id: string }) => r.id)).not.toContain(String(gov.id));
      const all = await s.call('GET', '/api/v1/gov/directory?limit=1000&verified=false');
      expect(all.json.map((r: { id: string }) => r.id)).not.toContain(String(gov.id));
      const dir = await s.call('GET', '/api/v1/directory?limit=80');
      expect(dir.json.map((a: { id: string }) => a.id)).not.toContain(String(gov.id));
    });

    it('looks up: 404 for a bare name that only a remote account has, and for an unknown remote; user@domain finds it, user@ourhost the local one', async () => {
      const bob = await remoteAccount(s);
      expect((await s.call('GET', `/api/v1/accounts/lookup?acct=${bob.username}`)).status).toBe(404);
      expect((await s.call('GET', `/api/v1/accounts/lookup?acct=nobody@remote.example`)).status).toBe(404);
      const r = await s.call('GET', `/api/v1/accounts/lookup?acct=${bob.username}@remote.example`);
      expect([r.status, r.json.id, r.json.acct]).toEqual([200, String(bob.id), `${bob.username}@remote.example`]);
      expect((await s.call('GET', `/api/v1/accounts/lookup?acct=@${bob.username}@REMOTE.example`)).json.id).toBe(String(bob.id));
      const alice = await citizen(s);
      expect((await s.call('GET', `/api/v1/accounts/lookup?acct=${alice.username}@${host}`)).json.id).toBe(alice.id);
    });

    it('presents a remote account as Mastodon does, its government profile with who verified it, its HTML as text', async () => {
      const name = unique('gd');
      const a = await remoteAccount(s, {
        username: name,
        gov: GOV,
        noteHtml: '<p>官方<script>alert(1)</script></p><p>第二段</p>',
        avatarUrl: 'https://files.remote.example/a.png',
        actorType: 'Organization',
        fields: [{ name: '网站', valueHtml: '<a href="https://gd.example">gd.example</a>' }],
      });
      const r = await s.call('GET', `/api/v1/accounts/${a.id}`);
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({
        username: name,
        acct: `${name}@remote.example`,
        url: `https://remote.example/@${name}`,
        uri: `https://remote.example/users/${name}`,
        avatar: 'https://files.remote.example/a.png',
        avatar_static: 'https://files.remote.example/a.png',
        note: '<p>官方alert(1)</p><p>第二段</p>',
        gov: { ...GOV },
      });
      expect(r.json.note).not.toContain('<script');
      expect(r.json.fields).toContainEqual({ name: '网站', value: 'gd.example', verified_at: null });
      // A local one: its actor id, and this provider as verifier.
      const reviewer = await staffUser(s, 'reviewer');
      const organ = await citizen(s);
      const app = await s.call('POST', '/api/v1/gov/verifications', { token: organ.token, body: institutionApplication() });
      await s.call('POST', `/api/v1/gov/verifications/${app.json.id}/approve`, { token: reviewer.token, body: {} });
      const mine = await s.call('GET', `/api/v1/accounts/${organ.id}`);
      expect([mine.json.acct, mine.json.url, mine.json.uri, mine.json.gov.verified_by]).toEqual([organ.username, `${base}/@${organ.username}`, `${base}/users/${organ.username}`, host]);
    });

    it('a malformed government profile is none', async () => {
      const a = await remoteAccount(s, { gov: { ...GOV, organ: 'army' as RemoteGov['organ'] } });
      expect((await s.call('GET', `/api/v1/accounts/${a.id}`)).json.gov).toBeNull();
    });

    it('refuses any token of a remote account (so no profile edit, no sign-in), and the admin token command finds none', async () => {
      const a = await remoteAccount(s);
      const token = await tokenWithScopes(s, String(a.id), ['read', 'write']);
      expect((await s.call('GET', '/api/v1/accounts/verify_credentials', { token })).status).toBe(403);
      expect((await s.call('PATCH', '/api/v1/accounts/update_credentials', { token, body: { display_name: 'x' } })).status).toBe(403);
      expect(await findAccountByUsername(s.ctx.db, a.username)).toBeUndefined();
    });

    it('finds a remote account by user@domain in account search, and not local namesakes with it', async () => {
      const viewer = await citizen(s);
      const a = await remoteAccount(s);
      const r = await s.call('GET', `/api/v1/accounts/search?q=${a.username}@remote.example`, { token: viewer.token });
      expect(r.json.map((x: { id: string }) => x.id)).toEqual([String(a.id)]);
      const v2 = await s.call('GET', `/api/v2/search?q=@${a.username}@remote.example&type=accounts`, { token: viewer.token });
      expect(v2.json.accounts.map((x: { acct: string }) => x.acct)).toEqual([`${a.username}@remote.example`]);
      expect((await s.call('GET', `/api/v1/accounts/search?q=nobody@remote.example`, { token: viewer.token })).json).toEqual([]);
    });

    it('counts local accounts and statuses only on the admin dashboard', async () => {
      const start = '2000-01-01T00:00:00.000Z';
      const end = '2100-01-01T00:00:00.000Z';
      const before = [await statusesBetween(s.ctx.db, start, end), (await accountsOpenedBetween(s.ctx.db, start, end)).length];
      const a = await remoteAccount(s);
      await remoteNote(a.uri as string, unique('dash'), { accountId: a.id, published: s.ctx.clock.now().toISOString() });
      expect([await statusesBetween(s.ctx.db, start, end), (await accountsOpenedBetween(s.ctx.db, start, end)).length]).toEqual(before);
      expect((await actingDays(s.ctx.db, start, end)).map((r) => r.account_id)).not.toContain(a.id);
    });

    it('counts local accounts and statuses only in the instance stats, and the remote domains known', async () => {
      const before = (await s.call('GET', '/api/v1/instance')).json.stats;
      const a = await remoteAccount(s, { domain: `${unique('d').replace(/_/g, '-').toLowerCase()}.example`, statusesCount: 500 });
      await remoteNote(a.uri as string, '1', { accountId: a.id });
      const after = (await s.call('GET', '/api/v1/instance')).json.stats;
      expect([after.user_count, after.status_count, after.domain_count]).toEqual([before.user_count, before.status_count, before.domain_count + 1]);
    });
  });

  describe('mentions in new posts', () => {
    it('leaves an unknown remote @user@host as text; links and mentions a known one, without a notification here; @user@ourhost is local', async () => {
      const alice = await citizen(s);
      const bob = await remoteAccount(s);
      const id = await postStatus(s, alice, { status: `@nobody@remote.example @${bob.username}@remote.example 你好` });
      const st = (await s.call('GET', `/api/v1/statuses/${id}`, { token: alice.token })).json;
      expect(st.content).toContain('@nobody@remote.example');
      expect(st.content).toContain(`<a href="https://remote.example/@${bob.username}" class="u-url mention">@<span>${bob.username}</span></a>`);
      expect(st.mentions).toEqual([{ id: String(bob.id), username: bob.username, acct: `${bob.username}@remote.example`, url: `https://remote.example/@${bob.username}` }]);
      expect(await s.ctx.db.selectFrom('notifications').select('id').where('account_id', '=', bob.id).execute()).toEqual([]);
      const carol = await citizen(s);
      const id2 = await postStatus(s, alice, { status: `@${carol.username}@${host} 好` });
      expect((await s.call('GET', `/api/v1/statuses/${id2}`, { token: alice.token })).json.mentions.map((m: { acct: string }) => m.acct)).toEqual([carol.username]);
      const notes = (await s.call('GET', '/api/v1/notifications', { token: carol.token })).json;
      expect(notes.map((n: { type: string }) => n.type)).toEqual(['mention']);
    });
  });

  describe('remote statuses', () => {
    it('refuses a local author, an unknown one, a bad visibility or date', async () => {
      const alice = await citizen(s);
      const bob = await remoteAccount(s);
      const codeOf = (p: Promise<unknown>) => p.then(() => 'stored', (e: unknown) => (e instanceof AppError ? e.code : String(e)));
      expect(await codeOf(remoteNote('https://remote.example/users/x', 'a', { accountId: Number(alice.id) }))).toBe('forbidden');
      expect(await codeOf(remoteNote('https://remote.example/users/x', 'b', { accountId: 99_999_999 }))).toBe('not_found');
      expect(await codeOf(remoteNote(bob.uri as string, 'c', { accountId: bob.id, visibility: 'everyone' as 'public' }))).toBe('validation_failed');
      expect(await codeOf(remoteNote(bob.uri as string, 'd', { accountId: bob.id, published: 'yesterday' }))).toBe('validation_failed');
    });

    it('reaches a local follower\'s home timeline (and not a stranger\'s), with its own uri and url, once however often delivered', async () => {
      const alice = await citizen(s);
      const stranger = await citizen(s);
      const bob = await remoteAccount(s);
      // Following a remote account waits for its server's Accept.
      const asked = await s.call('POST', `/api/v1/accounts/${bob.id}/follow`, { token: alice.token, body: {} });
      expect([asked.status, asked.json.following, asked.json.requested]).toEqual([200, false, true]);
      await authorizeFollowRequest(s.ctx, { account: bob, operator: null }, Number(alice.id));
      expect((await s.call('GET', `/api/v1/accounts/relationships?id[]=${bob.id}`, { token: alice.token })).json[0].following).toBe(true);
      const st = await remoteNote(bob.uri as string, unique('n'), { accountId: bob.id, contentHtml: '<p>停水通知 <script>x()</script>#停水</p>', tags: ['停水'] });
      const again = await insertRemoteStatus(s.ctx, { accountId: bob.id, uri: st.uri as string, contentHtml: 'other', visibility: 'public', published: '2026-12-01T00:00:00Z' });
      expect(again.id).toBe(st.id);
      expect(await homeIds(s, alice)).toContain(String(st.id));
      expect(await homeIds(s, stranger)).not.toContain(String(st.id));
      const json = (await s.call('GET', `/api/v1/statuses/${st.id}`, { token: alice.token })).json;
      expect([json.uri, json.url, json.account.acct]).toEqual([st.uri, st.url, `${bob.username}@remote.example`]);
      expect(json.content).not.toContain('<script');
      expect(json.tags.map((t: { name: string }) => t.name)).toEqual(['停水']);
      expect((await findStatusByUri(s.ctx.db, st.uri as string))?.id).toBe(st.id);
    });

    it('replies to a local status (counted, its author told) and mentions local accounts (told), in_reply_to resolved to local ids', async () => {
      const alice = await citizen(s);
      const carol = await citizen(s);
      const bob = await remoteAccount(s);
      const mine = await postStatus(s, alice, { status: '原帖' });
      const reply = await remoteNote(bob.uri as string, unique('r'), {
        accountId: bob.id,
        contentHtml: `<p><span class="h-card"><a href="${base}/@${alice.username}">@<span>${alice.username}</span></a></span> 回复</p>`,
        inReplyToUri: `${base}/users/${alice.username}/statuses/${mine}`,
        mentionUris: [`${base}/users/${alice.username}`, `${base}/users/${carol.username}`, 'https://unknown.example/users/z'],
      });
      expect([String(reply.in_reply_to_id), String(reply.in_reply_to_account_id)]).toEqual([mine, alice.id]);
      const json = (await s.call('GET', `/api/v1/statuses/${reply.id}`, { token: alice.token })).json;
      expect(json.mentions.map((m: { acct: string }) => m.acct).sort()).toEqual([alice.username, carol.username].sort());
      expect(json.content).toContain(`href="${base}/@${alice.username}"`);
      expect((await s.call('GET', `/api/v1/statuses/${mine}`, { token: alice.token })).json.replies_count).toBe(1);
      expect((await s.call('GET', '/api/v1/notifications', { token: alice.token })).json.map((n: { type: string; status: { id: string } }) => [n.type, n.status.id])).toEqual([['mention', String(reply.id)]]);
      expect((await s.call('GET', '/api/v1/notifications', { token: carol.token })).json.map((n: { type: string }) => n.type)).toEqual(['mention']);
      // An unknown parent is kept by its id, to be resolved later.
      const orphan = await remoteNote(bob.uri as string, unique('o'), { accountId: bob.id, inReplyToUri: 'https://remote.example/users/q/statuses/1' });
      expect([orphan.in_reply_to_id, orphan.in_reply_to_uri]).toEqual([null, 'https://remote.example/users/q/statuses/1']);
    });

    it('takes a remote Announce through the reblog path: the local author told, the reblog carrying its id, local followers of the booster given it once', async () => {
      const alice = await citizen(s);
      const reader = await citizen(s);
      const bob = await remoteAccount(s);
      await s.call('POST', `/api/v1/accounts/${bob.id}/follow`, { token: reader.token, body: {} });
      await authorizeFollowRequest(s.ctx, { account: bob, operator: null }, Number(reader.id));
      const mine = await postStatus(s, alice, { status: '转发我' });
      const uri = `${bob.uri}/statuses/${unique('a')}/activity`;
      await expect(reblogStatus(s.ctx, { account: bob, operator: null }, { id: Number(mine) })).rejects.toThrow(AppError);
      const boost = await reblogStatus(s.ctx, { account: bob, operator: null }, { id: Number(mine), remote: { uri, published: '2026-12-02T00:00:00Z' } });
      expect((await reblogStatus(s.ctx, { account: bob, operator: null }, { id: Number(mine), remote: { uri } })).id).toBe(boost.id);
      expect([boost.uri, boost.created_at]).toEqual([uri, '2026-12-02T00:00:00.000Z']);
      expect((await s.call('GET', '/api/v1/notifications', { token: alice.token })).json.map((n: { type: string }) => n.type)).toEqual(['reblog']);
      expect(await homeIds(s, reader)).toContain(String(boost.id));
      const json = (await s.call('GET', `/api/v1/statuses/${boost.id}`, { token: reader.token })).json;
      expect([json.uri, json.reblog.id, json.account.acct]).toEqual([uri, mine, `${bob.username}@remote.example`]);
    });

    it('takes a remote edit as a local one: only from its author, not an older one; versions kept, local rebloggers told', async () => {
      const alice = await citizen(s);
      const bob = await remoteAccount(s);
      const eve = await remoteAccount(s);
      const st = await remoteNote(bob.uri as string, unique('e'), { accountId: bob.id, contentHtml: '<p>第一版</p>' });
      await s.call('POST', `/api/v1/statuses/${st.id}/reblog`, { token: alice.token });
      const edit = { uri: st.uri as string, contentHtml: '<p>第二版 #更正</p>', updated: '2026-12-02T00:00:00Z', tags: ['更正'] };
      await expect(updateRemoteStatus(s.ctx, { ...edit, accountId: eve.id })).rejects.toThrow(AppError);
      expect((await updateRemoteStatus(s.ctx, { ...edit, accountId: bob.id, updated: '2026-11-30T00:00:00Z' })).text).toBe('第一版');
      const updated = await updateRemoteStatus(s.ctx, { ...edit, accountId: bob.id });
      expect([updated.text, updated.edited_at]).toEqual(['第二版 #更正', '2026-12-02T00:00:00.000Z']);
      const json = (await s.call('GET', `/api/v1/statuses/${st.id}`, { token: alice.token })).json;
      expect([json.content.includes('第二版'), json.tags.map((t: { name: string }) => t.name)]).toEqual([true, ['更正']]);
      const history = (await s.call('GET', `/api/v1/statuses/${st.id}/history`, { token: alice.token })).json;
      expect(history.map((v: { content: string }) => v.content)).toEqual([expect.stringContaining('第一版'), expect.stringContaining('第二版')]);
      expect((await s.call('GET', '/api/v1/notifications', { token: alice.token })).json.map((n: { type: string }) => n.type)).toEqual(['update']);
    });

    it('a remote account likes, unboosts and deletes through the same use cases as a local one', async () => {
      const alice = await citizen(s);
      const bob = await remoteAccount(s);
      const as = { account: bob, operator: null };
      const mine = await postStatus(s, alice, { status: '点赞' });
      await favouriteStatus(s.ctx, as, Number(mine));
      expect((await s.call('GET', `/api/v1/statuses/${mine}`, { token: alice.token })).json.favourites_count).toBe(1);
      expect((await s.call('GET', '/api/v1/notifications', { token: alice.token })).json.map((n: { type: string }) => n.type)).toEqual(['favourite']);
      await reblogStatus(s.ctx, as, { id: Number(mine), remote: { uri: `${bob.uri}/boost/${unique('b')}` } });
      await unreblogStatus(s.ctx, as, Number(mine));
      expect((await s.call('GET', `/api/v1/statuses/${mine}`, { token: alice.token })).json.reblogs_count).toBe(0);
      const theirs = await remoteNote(bob.uri as string, unique('del'), { accountId: bob.id });
      await expect(deleteStatus(s.ctx, { account: (await remoteAccount(s)), operator: null }, theirs.id)).rejects.toThrow(AppError);
      await deleteStatus(s.ctx, as, theirs.id);
      expect((await s.call('GET', `/api/v1/statuses/${theirs.id}`, { token: alice.token })).status).toBe(404);
    });

    it('a remote direct message reaches the mentioned local account\'s home, conversations and notifications, its media shown from its server', async () => {
      const alice = await citizen(s);
      const other = await citizen(s);
      const bob = await remoteAccount(s);
      const dm = await remoteNote(bob.uri as string, unique('dm'), {
        accountId: bob.id,
        visibility: 'direct',
        contentHtml: `<p>@${alice.username} 私信</p>`,
        mentionUris: [`${base}/users/${alice.username}`],
        media: [{ url: 'https://files.remote.example/p.jpg', description: '<b>图</b>', width: 800, height: 600 }, { url: 'javascript:alert(1)' }],
      });
      expect(await homeIds(s, alice)).toContain(String(dm.id));
      expect(await homeIds(s, other)).not.toContain(String(dm.id));
      expect((await s.call('GET', `/api/v1/statuses/${dm.id}`, { token: other.token })).status).toBe(404);
      const conv = (await s.call('GET', '/api/v1/conversations', { token: alice.token })).json;
      expect(conv.map((c: { last_status: { id: string } }) => c.last_status.id)).toContain(String(dm.id));
      expect((await s.call('GET', '/api/v1/notifications', { token: alice.token })).json.map((n: { type: string }) => n.type)).toEqual(['mention']);
      const media = (await s.call('GET', `/api/v1/statuses/${dm.id}`, { token: alice.token })).json.media_attachments;
      expect(media).toMatchObject([{ url: 'https://files.remote.example/p.jpg', preview_url: 'https://files.remote.example/p.jpg', remote_url: 'https://files.remote.example/p.jpg', description: '图' }]);
    });

    it('shows on the public and hashtag timelines as Mastodon: local=true leaves it out, remote=true shows only such', async () => {
      const alice = await citizen(s);
      const bob = await remoteAccount(s);
      const mine = await postStatus(s, alice, { status: '本地 #两地' });
      const theirs = String((await remoteNote(bob.uri as string, unique('p'), { accountId: bob.id, contentHtml: '<p>远方 #两地</p>', tags: ['两地'] })).id);
      const ids = async (q: string) => (await s.call('GET', `/api/v1/timelines/public?limit=40${q}`)).json.map((x: { id: string }) => x.id);
      const tagged = async (q: string) => (await s.call('GET', `/api/v1/timelines/tag/${encodeURIComponent('两地')}?limit=40${q}`)).json.map((x: { id: string }) => x.id);
      expect(await tagged('')).toEqual([theirs, mine]);
      expect(await tagged('&local=true')).toEqual([mine]);
      expect(await tagged('&remote=true')).toEqual([theirs]);
      expect(await ids('')).toEqual(expect.arrayContaining([mine, theirs]));
      const local = await ids('&local=true');
      expect([local.includes(mine), local.includes(theirs)]).toEqual([true, false]);
      const remote = await ids('&remote=true');
      expect([remote.includes(mine), remote.includes(theirs)]).toEqual([false, true]);
    });

    it('tells a remote author nothing here when a local account favourites or follows it; a reader\'s domain block hides its public posts', async () => {
      const alice = await citizen(s);
      const domain = `${unique('blk').replace(/_/g, '-').toLowerCase()}.example`;
      const bob = await remoteAccount(s, { domain });
      const st = await remoteNote(bob.uri as string, unique('f'), { accountId: bob.id });
      expect((await s.call('POST', `/api/v1/statuses/${st.id}/favourite`, { token: alice.token })).status).toBe(200);
      await s.call('POST', `/api/v1/accounts/${bob.id}/follow`, { token: alice.token, body: {} });
      expect(await s.ctx.db.selectFrom('notifications').select('id').where('account_id', '=', bob.id).execute()).toEqual([]);
      const ids = async () => (await s.call('GET', '/api/v1/timelines/public?limit=40&remote=true', { token: alice.token })).json.map((x: { id: string }) => x.id);
      expect(await ids()).toContain(String(st.id));
      expect((await s.call('POST', '/api/v1/domain_blocks', { token: alice.token, body: { domain } })).status).toBe(200);
      expect(await ids()).not.toContain(String(st.id));
      expect((await s.call('GET', `/api/v1/accounts/relationships?id[]=${bob.id}`, { token: alice.token })).json[0].domain_blocking).toBe(true);
    });

    it('never trends: only local statuses are candidates', async () => {
      const alice = await citizen(s);
      const bob = await remoteAccount(s, { discoverable: true });
      const theirs = await remoteNote(bob.uri as string, unique('t'), { accountId: bob.id, published: new Date(s.ctx.clock.now().getTime() - 1000).toISOString() });
      const mine = await postStatus(s, alice, { status: '热门' });
      await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: alice.token, body: { discoverable: true } });
      await s.ctx.db.updateTable('statuses').set({ favourites_count: 50 }).where('id', 'in', [theirs.id, Number(mine)]).execute();
      const since = new Date(s.ctx.clock.now().getTime() - 86_400_000).toISOString();
      const ids = (await trendCandidates(s.ctx.db, since, 1)).map((c) => String(c.id));
      expect([ids.includes(mine), ids.includes(String(theirs.id))]).toEqual([true, false]);
    });
  });

  it('a remote follower of a local account is counted but gets no home feed rows here (its server gets the post)', async () => {
    const alice = await citizen(s);
    const bob = await remoteAccount(s);
    await postStatus(s, alice, { status: '早' });
    await follow(s.ctx, { account: bob, operator: null }, Number(alice.id));
    expect((await s.call('GET', `/api/v1/accounts/${alice.id}`)).json.followers_count).toBe(1);
    await postStatus(s, alice, { status: '大家好' });
    expect(await s.ctx.db.selectFrom('feeds').select('status_id').where('account_id', '=', bob.id).execute()).toEqual([]);
  });

  it('upsertRemoteAccount keeps a remote account re-created at the same acct in one row', async () => {
    const name = unique('mv');
    const a = await upsertRemoteAccount(s.ctx, { uri: `https://remote.example/users/${name}`, username: name, domain: 'remote.example', actorType: 'Person', inboxUrl: 'https://remote.example/inbox' });
    const b = await upsertRemoteAccount(s.ctx, { uri: `https://remote.example/ap/${name}`, username: name, domain: 'remote.example', actorType: 'Service', inboxUrl: 'https://remote.example/inbox' });
    expect([b.id, b.uri, b.bot]).toEqual([a.id, `https://remote.example/ap/${name}`, 1]);
  });
});
