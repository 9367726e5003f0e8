import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../app/config.js';
import { createCaches } from '../app/context.js';
import { type AccountRow, findAccountById } from '../accounts/accounts.repository.js';
import { DIALECTS } from '../../test/dialects.js';
import { citizen, staffUser } from '../../test/factories.js';
import { fastOrgan } from '../../test/gov-cast.js';
import { type TestServer, testServer } from '../../test/http.js';
import { photoJpeg, pngImage } from '../../test/images.js';
import { presentStatuses } from './hydrate.js';
import { renderStatuses } from './status-cache.js';
import { findStatuses } from './statuses.repository.js';
import { transaction } from '../app/transaction.js';
import { attachCard, saveCard } from '../cards/cards.repository.js';

/**
 * renderStatuses splices cached UTF-8 pieces; presentStatuses hydrates and runs
 * the pure presenter. For every kind of status and every kind of reader, on a
 * cold and on a warm cache, the two must be the same bytes.
 */
describe.each(DIALECTS)('byte-spliced statuses equal the pure presenter (%s)', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(dialect);
  });
  afterAll(async () => {
    await s.close();
  });

  it('for every kind of status and reader, cold and warm', async () => {
    const reviewer = await staffUser(s, 'reviewer');
    const organ = await fastOrgan(s, reviewer.token);
    const alice = await citizen(s);
    const bob = await citizen(s);
    const eve = await citizen(s);
    const post = async (token: string, body: Record<string, unknown>) => {
      const r = await s.call('POST', '/api/v1/statuses', { token, body });
      expect(r.status, r.body).toBe(200);
      return r.json.id as string;
    };
    const organName = (await s.call('GET', `/api/v1/accounts/${organ.id}`)).json.username as string;
    await s.call('POST', `/api/v1/accounts/${organ.id}/follow`, { token: alice.token });

    const ids = [
      await post(organ.token, { status: '#政务公开# 今日 15:00 召开新闻发布会 & 答记者问 <直播> "全程"' }),
      await post(organ.token, { status: '内容提要', spoiler_text: '台风预警 ⚠' }),
      await post(organ.token, { status: '仅关注者可见', visibility: 'private' }),
      await post(organ.token, { status: '不在公共时间线', visibility: 'unlisted', language: 'zh' }),
      await post(alice.token, { status: `@${organName} 请问发布会在哪里看？ #问政# https://example.org/a?b=1&c=2` }),
      await post(alice.token, { status: `@${organName} 私信内容`, visibility: 'direct' }),
    ];
    ids.push(await post(organ.token, { status: '在官网直播', in_reply_to_id: ids[4] }));
    // Statuses with media: images only (no text), two with alt text and focus, marked sensitive; and a reblog of one.
    const upload = async (token: string, fields: Record<string, string>, data: Buffer) => {
      const r = await s.call('POST', '/api/v2/media', { token, multipart: { file: { data, name: 'p.jpg', type: 'image/jpeg' }, ...fields } });
      expect(r.status, r.body).toBe(200);
      return r.json.id as string;
    };
    const jpeg = await photoJpeg(320, 240);
    const onlyImages = await post(organ.token, { status: '', media_ids: [await upload(organ.token, {}, jpeg)] });
    const withAlt = await post(alice.token, {
      status: '现场照片 "引号" <b>',
      sensitive: true,
      media_ids: [await upload(alice.token, { description: '发布会现场，"主席台" <左侧>', focus: '0.5,-0.5' }, jpeg), await upload(alice.token, {}, await pngImage())],
    });
    ids.push(onlyImages, withAlt, (await s.call('POST', `/api/v1/statuses/${withAlt}/reblog`, { token: bob.token })).json.id as string);
    const favourited = ids[0]!;
    await s.call('POST', `/api/v1/statuses/${favourited}/favourite`, { token: alice.token });
    // Bookmarked by one reader, pinned by its author, and a link's card on another (flags per reader, the card for all).
    expect((await s.call('POST', `/api/v1/statuses/${favourited}/bookmark`, { token: alice.token })).status).toBe(200);
    expect((await s.call('POST', `/api/v1/statuses/${favourited}/pin`, { token: organ.token })).status).toBe(200);
    await transaction(s.ctx, async (trx) => {
      const card = await saveCard(trx, { url: 'https://example.org/a?b=1&c=2', title: '发布会 "直播" <入口>', description: '说明 & 更多', type: 'link', author_name: '', author_url: '', provider_name: 'example.org', provider_url: '', language: 'zh', published_at: null, image_key: null, image_description: '', width: 0, height: 0, blurhash: null, usable: 1, fetched_at: '2012-12-01T08:00:00.000Z' });
      await attachCard(trx, Number(ids[4]), Number(card.id));
    });
    const reblog = (await s.call('POST', `/api/v1/statuses/${ids[0]}/reblog`, { token: bob.token })).json.id as string;
    const doomed = await post(eve.token, { status: '将被删除' });
    const orphan = (await s.call('POST', `/api/v1/statuses/${doomed}/reblog`, { token: alice.token })).json.id as string;
    ids.push(reblog, orphan);
    // Polls (their pieces differ by reader: voted, own votes, hidden totals), one reblogged; and an edited status.
    const ballot = await post(organ.token, { status: '您更关注哪项民生工程？', poll: { options: ['地铁', '学校', '医院'], expires_in: 3600, multiple: true } });
    const secret = await post(organ.token, { status: '不公开票数', poll: { options: ['是', '否'], expires_in: 600, hide_totals: true } });
    for (const [token, id, choices] of [[alice.token, ballot, [0, 2]], [bob.token, secret, [1]]] as const) {
      const pollId = (await s.call('GET', `/api/v1/statuses/${id}`)).json.poll.id;
      expect((await s.call('POST', `/api/v1/polls/${pollId}/votes`, { token, body: { choices } })).status).toBe(200);
    }
    const edited = await post(alice.token, { status: '初稿' });
    expect((await s.call('PUT', `/api/v1/statuses/${edited}`, { token: alice.token, body: { status: '定稿 #修改#' } })).status).toBe(200);
    ids.push(ballot, secret, edited, (await s.call('POST', `/api/v1/statuses/${ballot}/reblog`, { token: eve.token })).json.id as string);
    // Quotes (the quoted status differs by reader: eve mutes the organ), a quote of a quote (shallow one level down),
    // a quote of a followers-only policy by a follower, and a reblog of a quote.
    const quoting = await post(bob.token, { status: '转发周知', quoted_status_id: ids[0] });
    const nested = await post(eve.token, { status: '再引用', quoted_status_id: quoting });
    const closed = await post(organ.token, { status: '仅关注者可引用', quote_approval_policy: 'followers' });
    const byFollower = await post(alice.token, { status: '引用', quoted_status_id: closed });
    ids.push(quoting, nested, closed, byFollower, (await s.call('POST', `/api/v1/statuses/${quoting}/reblog`, { token: alice.token })).json.id as string);
    expect((await s.call('POST', `/api/v1/accounts/${organ.id}/mute`, { token: eve.token })).status).toBe(200);
    const rows = await findStatuses(s.ctx.db, ids.map(Number));
    rows.sort((a, b) => Number(b.id) - Number(a.id));
    expect(rows).toHaveLength(ids.length);
    // Then the reblogged original goes (a page read just before would still hold
    // the reblog's row): that reblog can no longer be shown, by either path.
    expect((await s.call('DELETE', `/api/v1/statuses/${doomed}`, { token: eve.token })).status).toBe(200);
    const readers: (AccountRow | null)[] = [null];
    for (const p of [organ, alice, bob, eve]) readers.push((await findAccountById(s.ctx.db, Number(p.id)))!);

    for (const viewer of readers) {
      const who = viewer ? viewer.username : 'anonymous';
      const uncached = { ...s.ctx, cache: createCaches(testConfig({ cacheTtl: 0 })) };
      const pure = JSON.stringify(await presentStatuses(uncached, viewer, rows));
      const cold = { ...s.ctx, cache: createCaches(testConfig({ cacheTtl: 600 })) };
      expect((await renderStatuses(cold, viewer, rows)).toString('utf8'), `${who}, cold`).toBe(pure);
      expect((await renderStatuses(cold, viewer, rows)).toString('utf8'), `${who}, warm`).toBe(pure);
      expect(JSON.stringify(await presentStatuses(cold, viewer, rows)), `${who}, objects from a warm cache`).toBe(pure);
    }

    // The cases above are all there: flags differ by reader, a reblog embeds its original, media in order.
    const asAlice = await presentStatuses(s.ctx, readers[2]!, rows);
    const pictured = asAlice.find((j) => j.id === withAlt);
    expect(pictured?.media_attachments.map((m) => [m.description, m.meta.focus ?? null])).toEqual([['发布会现场，"主席台" <左侧>', { x: 0.5, y: -0.5 }], [null, null]]);
    expect(pictured?.sensitive).toBe(true);
    expect(asAlice.find((j) => j.id === onlyImages)?.media_attachments).toHaveLength(1);
    expect(asAlice.find((j) => j.id === favourited)?.favourited).toBe(true);
    expect(asAlice.find((j) => j.id === favourited)?.bookmarked).toBe(true);
    expect(asAlice.find((j) => j.id === ids[4])?.card?.title).toBe('发布会 "直播" <入口>');
    const asOrgan = await presentStatuses(s.ctx, readers[1]!, rows);
    expect([asOrgan.find((j) => j.id === favourited)?.pinned, asOrgan.find((j) => j.id === favourited)?.bookmarked]).toEqual([true, false]);
    const asBob = await presentStatuses(s.ctx, readers[3]!, rows);
    expect(asBob.find((j) => j.id === favourited)?.reblogged).toBe(true);
    expect(asBob.find((j) => j.id === reblog)?.reblog?.id).toBe(favourited);
    expect(asBob.some((j) => j.id === orphan)).toBe(false);
    expect(asBob.find((j) => j.id === ids[4])?.mentions).toHaveLength(1);
    expect(asBob.find((j) => j.id === ids[0])?.tags.map((t) => t.name)).toEqual(['政务公开']);
    expect(asBob.find((j) => j.id === ids[1])?.sensitive).toBe(true);
    expect(asBob.find((j) => j.id === ids[0])?.account.gov).not.toBeNull();
    expect(asBob.find((j) => j.id === quoting)?.quote).toMatchObject({ state: 'accepted', quoted_status: { id: ids[0] } });
    expect(asBob.find((j) => j.id === nested)?.quote?.quoted_status?.quote).toEqual({ state: 'accepted', quoted_status_id: ids[0] });
    expect(asBob.find((j) => j.id === ids[0])?.quotes_count).toBe(1);
    expect(asBob.find((j) => j.id === closed)?.quote_approval).toEqual({ automatic: ['followers'], manual: [], current_user: 'denied' });
    expect(asAlice.find((j) => j.id === closed)?.quote_approval.current_user).toBe('automatic');
    const asEve = await presentStatuses(s.ctx, readers[4]!, rows);
    expect(asEve.find((j) => j.id === quoting)?.quote).toEqual({ state: 'accepted', quoted_status: null });
  });
});
