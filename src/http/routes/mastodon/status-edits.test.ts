import { createRestAPIClient } from 'masto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, staffUser } from '../../../../test/factories.js';
import { fastOrgan, operatorOf } from '../../../../test/gov-cast.js';
import { type TestServer, listeningServer } from '../../../../test/http.js';
import { photoJpeg } from '../../../../test/images.js';
import { openSocket } from '../../../../test/streams.js';

describe.each(DIALECTS)('status edits (%s)', (dialect) => {
  let s: TestServer & { url: string };
  let alice: Awaited<ReturnType<typeof citizen>>;
  let bob: Awaited<ReturnType<typeof citizen>>;
  let carol: Awaited<ReturnType<typeof citizen>>;
  let admin: Awaited<ReturnType<typeof staffUser>>;

  beforeAll(async () => {
    s = await listeningServer(dialect, { provider: 'weibo.example' });
    [alice, bob, carol, admin] = [await citizen(s, 'alice'), await citizen(s, 'bob'), await citizen(s, 'carol'), await staffUser(s, 'admin')];
  });
  afterAll(async () => {
    await s?.close();
  });

  const post = (token: string, body: Record<string, unknown>) => s.call('POST', '/api/v1/statuses', { token, body });
  const edit = (token: string | undefined, id: string, body: Record<string, unknown>) => s.call('PUT', `/api/v1/statuses/${id}`, { ...(token ? { token } : {}), body });

  describe('who may not', () => {
    it('401 without a token; 404 to anyone but the author (an admin too), for a reblog’s author 403; 404 for ids that do not exist', async () => {
      const p = await post(alice.token, { status: '原文' });
      expect((await edit(undefined, p.json.id, { status: 'x' })).status).toBe(401);
      for (const who of [bob, admin]) {
        const r = await edit(who.token, p.json.id, { status: '篡改' });
        expect([r.status, r.json.code], who.username).toEqual([404, 'not_found']);
        expect((await s.call('GET', `/api/v1/statuses/${p.json.id}/source`, { token: who.token })).status).toBe(404);
      }
      const boost = await s.call('POST', `/api/v1/statuses/${p.json.id}/reblog`, { token: bob.token });
      expect((await edit(bob.token, boost.json.id, { status: 'mine now' })).status).toBe(403);
      for (const id of ['999999999', 'abc', '-1']) expect((await edit(alice.token, id, { status: 'x' })).status, id).toBe(404);
      expect((await s.call('GET', `/api/v1/statuses/${p.json.id}`)).json.content).toBe('<p>原文</p>');
      expect((await s.call('GET', `/api/v1/statuses/${p.json.id}/source`)).status).toBe(401);
    });

    it('history of a status the reader may not see is a 404', async () => {
      const p = await post(alice.token, { status: '只给 @carol 看', visibility: 'direct' });
      expect((await s.call('GET', '/api/v1/timelines/home', { token: carol.token })).json.map((x: { id: string }) => x.id)).toContain(p.json.id);
      expect((await s.call('GET', `/api/v1/statuses/${p.json.id}/history`, { token: bob.token })).status).toBe(404);
      expect((await s.call('GET', `/api/v1/statuses/${p.json.id}/history`)).status).toBe(404);
      expect((await s.call('GET', `/api/v1/statuses/${p.json.id}/history`, { token: carol.token })).status).toBe(200);
      // Named by an edit, bob may see it (in his home too); carol, no longer named, may not.
      expect((await edit(alice.token, p.json.id, { status: '改给 @bob 看' })).status).toBe(200);
      expect((await s.call('GET', `/api/v1/statuses/${p.json.id}/history`, { token: bob.token })).status).toBe(200);
      expect((await s.call('GET', `/api/v1/statuses/${p.json.id}`, { token: carol.token })).status).toBe(404);
      expect((await s.call('GET', '/api/v1/timelines/home', { token: bob.token })).json.map((x: { id: string }) => x.id)).toContain(p.json.id);
      expect((await s.call('GET', '/api/v1/timelines/home', { token: carol.token })).json.map((x: { id: string }) => x.id)).not.toContain(p.json.id);
      expect((await edit(alice.token, p.json.id, { status: '改给 @bob 看（更正）' })).status).toBe(200);
      const conversations = await s.call('GET', '/api/v1/conversations', { token: carol.token });
      expect(conversations.json.map((c: { last_status: { id: string } | null }) => c.last_status?.id ?? null)).not.toContain(p.json.id);
    });

    it('422 naming the field for a blank or too long edit, or media and a poll together', async () => {
      const p = await post(alice.token, { status: '稍后修改' });
      for (const [body, field] of [
        [{ status: '  ' }, 'status'],
        [{ status: '政'.repeat(501) }, 'status'],
        [{ status: 'x', language: 'Chinese!' }, 'language'],
        [{ status: 'x', media_ids: ['999999'] }, 'media_ids'],
        [{ status: 'x', poll: { options: ['a'], expires_in: 600 } }, 'poll.options'],
        [{ status: 'x', media_ids: ['1'], poll: { options: ['a', 'b'], expires_in: 600 } }, 'media_ids'],
      ] as const) {
        const r = await edit(alice.token, p.json.id, body);
        expect(r.status, JSON.stringify(body)).toBe(422);
        expect(Object.keys(r.json.details ?? {}), JSON.stringify(body)).toContain(field);
      }
      expect((await s.call('GET', `/api/v1/statuses/${p.json.id}`)).json.edited_at).toBeNull();
    });
  });

  it('edits as masto.js does: content, edited_at, history (the original first) and source', async () => {
    const client = createRestAPIClient({ url: s.url, accessToken: alice.token });
    const created = await client.v1.statuses.create({ status: '#交通# 明日限行', spoilerText: '', language: 'zh' });
    expect(created.editedAt).toBeNull();
    expect(created.content).toContain('明日限行');
    const edited = await client.v1.statuses.$select(created.id).update({ status: '#交通# 明日不限行 @bob', spoilerText: '更正', language: 'zh' });
    expect(edited.content).toContain('明日不限行');
    expect(edited.spoilerText).toBe('更正');
    expect(edited.sensitive).toBe(true);
    expect(edited.editedAt).not.toBeNull();
    expect(edited.createdAt).toBe(created.createdAt);
    expect(edited.mentions.map((m) => m.id)).toEqual([bob.id]);

    const history = await client.v1.statuses.$select(created.id).history.list();
    expect(history.map((h) => [h.content, h.spoilerText, h.sensitive])).toEqual([
      [created.content, '', false],
      [edited.content, '更正', true],
    ]);
    expect(history[0]!.createdAt).toBe(created.createdAt);
    expect(history[1]!.createdAt).toBe(edited.editedAt);
    expect(history.every((h) => h.account.id === alice.id)).toBe(true);

    const source = await client.v1.statuses.$select(created.id).source.fetch();
    expect(source).toEqual({ id: created.id, text: '#交通# 明日不限行 @bob', spoilerText: '更正' });

    // The newly mentioned is told (once), as a new mention.
    const ns = await s.call('GET', '/api/v1/notifications?types[]=mention', { token: bob.token });
    expect(ns.json.filter((n: { status: { id: string } }) => n.status.id === created.id)).toHaveLength(1);
  });

  it('polls as masto.js posts, reads and votes in them', async () => {
    const asAlice = createRestAPIClient({ url: s.url, accessToken: alice.token });
    const asBob = createRestAPIClient({ url: s.url, accessToken: bob.token });
    const created = await asAlice.v1.statuses.create({ status: '周末活动去哪里？', poll: { options: ['公园', '博物馆'], expiresIn: 86_400, multiple: true } });
    expect(created.poll?.options.map((o) => o.title)).toEqual(['公园', '博物馆']);
    const voted = await asBob.v1.polls.$select(created.poll!.id).votes.create({ choices: [0, 1] });
    expect([voted.votesCount, voted.votersCount, voted.voted, voted.ownVotes]).toEqual([2, 1, true, [0, 1]]);
    const fetched = await asAlice.v1.polls.$select(created.poll!.id).fetch();
    expect(fetched.options.map((o) => o.votesCount)).toEqual([1, 1]);
    await expect(asBob.v1.polls.$select(created.poll!.id).votes.create({ choices: [0] })).rejects.toMatchObject({ statusCode: 422 });
  });

  it('a status never edited has its one version as history', async () => {
    const p = await post(alice.token, { status: '从未修改' });
    const h = await s.call('GET', `/api/v1/statuses/${p.json.id}/history`);
    expect(h.json).toEqual([{ content: '<p>从未修改</p>', spoiler_text: '', sensitive: false, created_at: p.json.created_at, account: expect.objectContaining({ id: alice.id }), media_attachments: [], emojis: [] }]);
  });

  it('an edit that changes nothing records nothing', async () => {
    const p = await post(alice.token, { status: '不变', language: 'zh' });
    const r = await edit(alice.token, p.json.id, { status: '不变' });
    expect([r.status, r.json.edited_at]).toEqual([200, null]);
    expect((await s.call('GET', `/api/v1/statuses/${p.json.id}/history`)).json).toHaveLength(1);
  });

  it('hashtags, search and every cached copy follow the edit', async () => {
    const p = await post(alice.token, { status: '#旧标签# 停水通知 自来水' });
    // Warm the caches: the status as presented, the tag timeline, search.
    await s.call('GET', '/api/v1/timelines/public');
    await s.call('GET', '/api/v1/timelines/public');
    expect((await s.call('GET', `/api/v1/timelines/tag/${encodeURIComponent('旧标签')}`)).json.map((x: { id: string }) => x.id)).toContain(p.json.id);
    const r = await edit(alice.token, p.json.id, { status: '#新标签# 恢复供水通知 供电' });
    expect(r.status, r.body).toBe(200);
    expect((await s.call('GET', `/api/v1/timelines/tag/${encodeURIComponent('旧标签')}`)).json.map((x: { id: string }) => x.id)).not.toContain(p.json.id);
    expect((await s.call('GET', `/api/v1/timelines/tag/${encodeURIComponent('新标签')}`)).json.map((x: { id: string }) => x.id)).toContain(p.json.id);
    const pub = (await s.call('GET', '/api/v1/timelines/public')).json.find((x: { id: string }) => x.id === p.json.id);
    expect(pub.content).toContain('恢复供水通知');
    expect(pub.edited_at).toBe(r.json.edited_at);
    const found = async (q: string) => (await s.call('GET', `/api/v2/search?type=statuses&q=${encodeURIComponent(q)}`, { token: alice.token })).json.statuses.map((x: { id: string }) => x.id);
    expect(await found('供电')).toContain(p.json.id);
    expect(await found('自来水')).not.toContain(p.json.id);
  });

  it('tells those who reblogged it with an update notification, and streams status.update', async () => {
    await s.call('POST', `/api/v1/accounts/${alice.id}/follow`, { token: carol.token });
    const p = await post(alice.token, { status: '活动时间：周六' });
    await s.call('POST', `/api/v1/statuses/${p.json.id}/reblog`, { token: bob.token });
    const sock = await openSocket(s.url, { token: carol.token, query: { stream: 'user' } });
    const pub = await openSocket(s.url, { token: bob.token, query: { stream: 'public' } });
    // The socket is subscribed once it has seen an event: post one to be sure.
    const probe = await post(alice.token, { status: '探针' });
    await sock.inbox.next((m) => m.event === 'update' && m.payload.id === probe.json.id);
    await pub.inbox.next((m) => m.event === 'update' && m.payload.id === probe.json.id);
    const r = await edit(alice.token, p.json.id, { status: '活动时间：周日' });
    expect(r.status).toBe(200);
    const ev = await sock.inbox.next((m) => m.event === 'status.update');
    expect([ev.payload.id, ev.payload.content, ev.payload.edited_at]).toEqual([p.json.id, '<p>活动时间：周日</p>', r.json.edited_at]);
    expect((await pub.inbox.next((m) => m.event === 'status.update')).payload.id).toBe(p.json.id);
    sock.ws.close();
    pub.ws.close();
    const ns = await s.call('GET', '/api/v1/notifications', { token: bob.token });
    const update = ns.json.find((n: { type: string; status?: { id: string } }) => n.type === 'update' && n.status?.id === p.json.id);
    expect(update.account.id).toBe(alice.id);
    expect(update.status.content).toBe('<p>活动时间：周日</p>');
    // Those who did not reblog it are not told.
    expect((await s.call('GET', '/api/v1/notifications', { token: carol.token })).json.filter((n: { type: string }) => n.type === 'update')).toEqual([]);
  });

  it('media: reordered, alt text set through media_attributes, removed', async () => {
    const upload = async () => (await s.call('POST', '/api/v2/media', { token: alice.token, multipart: { file: { data: await photoJpeg(32, 24), name: 'a.jpg', type: 'image/jpeg' } } })).json.id as string;
    const [m1, m2] = [await upload(), await upload()];
    const p = await post(alice.token, { status: '现场照片', media_ids: [m1, m2] });
    expect(p.status, p.body).toBe(200);
    const r = await edit(alice.token, p.json.id, { status: '现场照片', media_ids: [m2, m1], media_attributes: [{ id: m1, description: '会场全景', focus: '0.5,-0.5' }] });
    expect(r.status, r.body).toBe(200);
    expect(r.json.media_attachments.map((m: { id: string }) => m.id)).toEqual([m2, m1]);
    expect(r.json.media_attachments[1].description).toBe('会场全景');
    expect(r.json.media_attachments[1].meta.focus).toEqual({ x: 0.5, y: -0.5 });
    const bad = await edit(alice.token, p.json.id, { status: '现场照片', media_ids: [m1], media_attributes: [{ id: m1, focus: 'left' }] });
    expect([bad.status, Object.keys(bad.json.details)]).toEqual([422, ['media_attributes']]);
    const less = await edit(alice.token, p.json.id, { status: '现场照片' , media_ids: [m1] });
    expect(less.json.media_attachments.map((m: { id: string }) => m.id)).toEqual([m1]);
    const history = (await s.call('GET', `/api/v1/statuses/${p.json.id}/history`)).json;
    expect(history.map((h: { media_attachments: { id: string }[] }) => h.media_attachments.map((m) => m.id))).toEqual([[m1, m2], [m2, m1], [m1]]);
    // The one left out is the author's unattached upload again, free for another post.
    expect((await post(alice.token, { status: '另一条', media_ids: [m2] })).status).toBe(200);
  });

  it('polls: a poll added, then its options changed resets the votes (the text alone keeps them), then removed', async () => {
    const p = await post(alice.token, { status: '投票' });
    const withPoll = await edit(alice.token, p.json.id, { status: '投票', poll: { options: ['甲', '乙'], expires_in: 3600 } });
    expect(withPoll.status, withPoll.body).toBe(200);
    const pollId = withPoll.json.poll.id;
    expect((await s.call('POST', `/api/v1/polls/${pollId}/votes`, { token: bob.token, body: { choices: [0] } })).status).toBe(200);
    const textOnly = await edit(alice.token, p.json.id, { status: '投票（更正）', poll: { options: ['甲', '乙'], expires_in: 3600 } });
    expect([textOnly.json.poll.id, textOnly.json.poll.votes_count]).toEqual([pollId, 1]);
    const changed = await edit(alice.token, p.json.id, { status: '投票（更正）', poll: { options: ['甲', '乙', '丙'], expires_in: 3600 } });
    expect([changed.json.poll.id, changed.json.poll.votes_count, changed.json.poll.voters_count, changed.json.poll.options.length]).toEqual([pollId, 0, 0, 3]);
    const asBob = await s.call('GET', `/api/v1/polls/${pollId}`, { token: bob.token });
    expect([asBob.json.voted, asBob.json.own_votes]).toEqual([false, []]);
    expect((await s.call('POST', `/api/v1/polls/${pollId}/votes`, { token: bob.token, body: { choices: [2] } })).status).toBe(200);
    const history = (await s.call('GET', `/api/v1/statuses/${p.json.id}/history`)).json;
    expect(history.map((h: { poll?: { options: { title: string }[] } }) => h.poll?.options.map((o) => o.title) ?? null)).toEqual([null, ['甲', '乙'], ['甲', '乙'], ['甲', '乙', '丙']]);
    const removed = await edit(alice.token, p.json.id, { status: '不投了' });
    expect(removed.json.poll).toBeNull();
    expect((await s.call('GET', `/api/v1/polls/${pollId}`)).status).toBe(404);
  });

  it('an operator edits the organ’s post: in the audit log, naming the operator', async () => {
    const reviewer = await staffUser(s, 'reviewer');
    const organ = await fastOrgan(s, reviewer.token);
    const staff = await citizen(s);
    const token = await operatorOf(s, organ, staff);
    const p = await post(token, { status: '本局通告：周一' });
    const r = await edit(token, p.json.id, { status: '本局通告：周二' });
    expect(r.status, r.body).toBe(200);
    // Another organ's operator is a stranger to it.
    expect((await edit(staff.token, p.json.id, { status: '个人改' })).status).toBe(404);
    const log = await s.call('GET', '/api/v1/gov/audit_log?limit=80', { token: organ.token });
    const entry = log.json.find((e: { action: string; subject_id: string }) => e.action === 'status.update' && e.subject_id === p.json.id);
    expect([entry.actor_id, entry.operator_id, entry.subject_type]).toEqual([organ.id, staff.id, 'status']);
  });
});
