import { type mastodon, createRestAPIClient } from 'masto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen } from '../../../../test/factories.js';
import { type TestServer, listeningServer } from '../../../../test/http.js';
import { openSocket } from '../../../../test/streams.js';

/** Blocks, mutes and domain blocks as masto.js calls them, and what a blocked or muted account no longer reaches. */
describe.each(DIALECTS)('blocks and mutes through masto.js (%s)', (dialect) => {
  let s: TestServer & { url: string };
  const client = async () => {
    const u = await citizen(s);
    return { ...u, api: createRestAPIClient({ url: s.url, accessToken: u.token }) as mastodon.rest.Client };
  };

  beforeAll(async () => {
    s = await listeningServer(dialect);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('a blocked account cannot follow, see, reply to or notify the blocker', async () => {
    const organ = await client();
    const troll = await client();
    await troll.api.v1.accounts.$select(organ.id).follow();
    const notice = await organ.api.v1.statuses.create({ status: '停水通知' });
    const r = await organ.api.v1.accounts.$select(troll.id).block();
    expect(r).toMatchObject({ blocking: true, followedBy: false });
    const [seen] = await troll.api.v1.accounts.relationships.fetch({ id: [organ.id] });
    expect(seen).toMatchObject({ blockedBy: true, following: false });
    await expect(troll.api.v1.accounts.$select(organ.id).follow()).rejects.toMatchObject({ statusCode: 403 });
    await expect(troll.api.v1.statuses.$select(notice.id).fetch()).rejects.toMatchObject({ statusCode: 404 });
    await expect(troll.api.v1.statuses.create({ status: '捣乱', inReplyToId: notice.id })).rejects.toMatchObject({ statusCode: 404 });
    await expect(troll.api.v1.statuses.$select(notice.id).favourite()).rejects.toMatchObject({ statusCode: 404 });
    expect(await troll.api.v1.accounts.$select(organ.id).statuses.list()).toEqual([]);
    await troll.api.v1.statuses.create({ status: `@${organ.username} 看我` });
    expect((await organ.api.v1.notifications.list()).filter((n) => n.account?.id === troll.id)).toEqual([]);
    const blocks: string[] = [];
    for await (const page of organ.api.v1.blocks.list({ limit: 1 })) blocks.push(...page.map((a) => a.id));
    expect(blocks).toEqual([troll.id]);
    expect((await organ.api.v1.accounts.$select(troll.id).unblock()).blocking).toBe(false);
  });

  it('mutes: notifications=false keeps notifications, a duration shows when it ends, unmute ends it', async () => {
    const reader = await client();
    const loud = await client();
    const r = await reader.api.v1.accounts.$select(loud.id).mute({ notifications: false, duration: 3600 });
    expect(r).toMatchObject({ muting: true, mutingNotifications: false });
    await loud.api.v1.statuses.create({ status: `@${reader.username} 通知仍到` });
    expect((await reader.api.v1.notifications.list()).filter((n) => n.account?.id === loud.id).map((n) => n.type)).toEqual(['mention']);
    const [muted] = await reader.api.v1.mutes.list();
    expect(muted?.id).toBe(loud.id);
    expect(Date.parse((muted as unknown as { muteExpiresAt: string }).muteExpiresAt)).toBeGreaterThan(Date.now() + 3500_000);
    expect((await reader.api.v1.accounts.$select(loud.id).unmute()).muting).toBe(false);
    expect(await reader.api.v1.mutes.list()).toEqual([]);
  });

  it('domain blocks are listed and removed; remove_from_followers ends a follow', async () => {
    const u = await client();
    await u.api.v1.domainBlocks.create({ domain: 'Spam.Example' });
    await u.api.v1.domainBlocks.create({ domain: 'other.example' });
    expect(await u.api.v1.domainBlocks.list()).toEqual(['other.example', 'spam.example']);
    await u.api.v1.domainBlocks.remove({ domain: 'spam.example' });
    expect(await u.api.v1.domainBlocks.list()).toEqual(['other.example']);
    await expect(u.api.v1.domainBlocks.create({ domain: 'not a domain' })).rejects.toMatchObject({ statusCode: 422 });
    const fan = await client();
    await fan.api.v1.accounts.$select(u.id).follow();
    await u.api.v1.accounts.$select(fan.id).removeFromFollowers();
    const [rel] = await u.api.v1.accounts.relationships.fetch({ id: [fan.id] });
    expect(rel?.followedBy).toBe(false);
  });

  it('the user stream and the public stream skip statuses of muted and blocked accounts', async () => {
    const reader = await client();
    const muted = await client();
    const friend = await client();
    for (const other of [muted, friend]) await reader.api.v1.accounts.$select(other.id).follow();
    await reader.api.v1.accounts.$select(muted.id).mute();
    const sock = await openSocket(s.url, { token: reader.token });
    sock.send({ type: 'subscribe', stream: 'user' });
    sock.send({ type: 'subscribe', stream: 'public' });
    // Subscriptions are in place once a first event comes through both.
    const probe = await friend.api.v1.statuses.create({ status: '探测' });
    await sock.inbox.next((m) => m.event === 'update' && m.stream?.[0] === 'public' && m.payload.id === probe.id);
    await sock.inbox.next((m) => m.event === 'update' && m.stream?.[0] === 'user' && m.payload.id === probe.id);
    const hidden = await muted.api.v1.statuses.create({ status: '不应出现' });
    const boost = await friend.api.v1.statuses.$select(hidden.id).reblog();
    // Events reach a stream in order: once the last arrives, the earlier ones would have too.
    const last = await friend.api.v1.statuses.create({ status: '最后一条' });
    await sock.inbox.next((m) => m.event === 'update' && m.stream?.[0] === 'public' && m.payload.id === last.id);
    await sock.inbox.next((m) => m.event === 'update' && m.stream?.[0] === 'user' && m.payload.id === last.id);
    const got = sock.inbox.items.filter((m) => m.event === 'update').map((m) => m.payload.id);
    expect(got).not.toContain(hidden.id);
    expect(got).not.toContain(boost.id);
    sock.ws.close();
  });
});
