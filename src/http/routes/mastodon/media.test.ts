import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type mastodon, createRestAPIClient } from 'masto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../app/clock.js';
import { sweepUnattachedMedia } from '../../../media/sweep-media.js';
import { findMedia } from '../../../media/media.repository.js';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, staffUser, tokenWithScopes } from '../../../../test/factories.js';
import { fastOrgan, operatorOf } from '../../../../test/gov-cast.js';
import { type TestServer, listeningServer, testServer } from '../../../../test/http.js';
import { RATE_LIMITS } from '../../rate-limits.js';
import { openSocket } from '../../../../test/streams.js';
import { HTML_AS_JPEG, SVG_FILE, ZERO_BYTES, animatedGif, hugeDimensionsPng, photoJpeg, pngBomb, pngImage, truncatedJpeg } from '../../../../test/images.js';

const blob = (data: Buffer, type = 'image/jpeg') => new Blob([new Uint8Array(data)], { type });

/** The path of a URL the provider gave, to fetch it through inject. */
const pathOf = (url: string) => new URL(url).pathname;

describe.each(DIALECTS)('media attachments (%s)', (dialect) => {
  let s: TestServer & { url: string };
  const clock = fixedClock('2012-12-01T08:00:00Z');
  let alice: { token: string; id: string };
  let bob: { token: string; id: string };
  let aliceApi: mastodon.rest.Client;
  let bobApi: mastodon.rest.Client;
  let photo: Buffer;

  beforeAll(async () => {
    s = await listeningServer(dialect, { mediaSizeLimit: 2 * 1024 * 1024 });
    // The clock only moves when a test says so (the sweep), but it must agree with the timeline's view of "now".
    s.ctx.clock = clock;
    alice = await citizen(s);
    bob = await citizen(s);
    aliceApi = createRestAPIClient({ url: s.url, accessToken: alice.token });
    bobApi = createRestAPIClient({ url: s.url, accessToken: bob.token });
    photo = await photoJpeg(1600, 1200, 6);
  });
  afterAll(async () => {
    await s?.close();
  });

  const upload = (token: string | undefined, file: Buffer | string, extra: Record<string, string> = {}, name = 'photo.jpg', path = '/api/v2/media') =>
    s.call('POST', path, { ...(token ? { token } : {}), multipart: { ...(typeof file === 'string' ? { file } : { file: { data: file, name, type: 'image/jpeg' } }), ...extra } });

  it('refuses uploads without a token (401), without write:media (403), without a file or with a bad one (422 naming file)', async () => {
    expect((await upload(undefined, photo)).status).toBe(401);
    const readOnly = await tokenWithScopes(s, alice.id, ['read']);
    expect((await upload(readOnly, photo)).status).toBe(403);
    const noFile = await s.call('POST', '/api/v2/media', { token: alice.token, multipart: { description: 'x' } });
    expect(noFile.status).toBe(422);
    expect(Object.keys(noFile.json.details)).toEqual(['file']);
    expect((await upload(alice.token, 'not a file')).status).toBe(422);
    for (const [bytes, name] of [
      [ZERO_BYTES, 'empty.jpg'],
      [SVG_FILE, 'x.svg'],
      [HTML_AS_JPEG, 'page.jpg'],
      [await truncatedJpeg(), 'cut.jpg'],
      [pngBomb(), 'bomb.png'],
      [hugeDimensionsPng(), 'huge.png'],
      [Buffer.alloc(2 * 1024 * 1024 + 10, 0xff), 'too-large.jpg'],
      [Buffer.concat([photo, Buffer.alloc(6 * 1024 * 1024)]), 'far-too-large.jpg'],
    ] as const) {
      const r = await upload(alice.token, bytes, {}, name);
      expect(r.status, name).toBe(422);
      expect(Object.keys(r.json.details ?? {}), name).toEqual(['file']);
    }
    const long = await upload(alice.token, photo, { description: '长'.repeat(1501) });
    expect(Object.keys(long.json.details)).toEqual(['description']);
    expect((await upload(alice.token, photo, { focus: '2,0' })).status).toBe(422);
  });

  it('uploads with masto.js, serves the file (type, nosniff, cache, CORS) without its EXIF, and posts it (text optional)', async () => {
    const media = await aliceApi.v2.media.create({ file: blob(photo), description: '新闻发布会现场', focus: '-0.5,0.25' });
    expect(media).toMatchObject({ type: 'image', description: '新闻发布会现场', remoteUrl: null, textUrl: null });
    expect(media.meta?.original).toMatchObject({ width: 1200, height: 1600, size: '1200x1600' });
    expect(media.meta?.focus).toEqual({ x: -0.5, y: 0.25 });
    expect(media.blurhash).toHaveLength(36);
    const file = await s.app.inject({ method: 'GET', url: pathOf(media.url as string), headers: { origin: 'https://elk.zone' } });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['cache-control']).toContain('max-age=31536000');
    expect(file.headers['access-control-allow-origin']).toBe('*');
    expect((await sharp(file.rawPayload).metadata()).exif).toBeUndefined();
    expect(pathOf(media.url as string)).toMatch(/^\/system\/media\/[0-9a-f]{32}\.jpg$/);
    expect((await s.app.inject({ method: 'GET', url: pathOf(media.previewUrl as string) })).statusCode).toBe(200);
    expect((await s.app.inject({ method: 'GET', url: '/system/media/..%2f..%2fetc%2fpasswd' })).statusCode).toBe(404);

    const png = await aliceApi.v1.media.create({ file: blob(await pngImage(), 'image/png') });
    const post = await aliceApi.v1.statuses.create({ status: '', mediaIds: [media.id, png.id], sensitive: true });
    expect(post.mediaAttachments.map((m) => m.id)).toEqual([media.id, png.id]);
    expect(post.sensitive).toBe(true);
    expect(post.content).toBe('');

    // The same on every path a status is read by: the entity, the byte-spliced pages, only_media.
    expect((await bobApi.v1.statuses.$select(post.id).fetch()).mediaAttachments[0]?.description).toBe('新闻发布会现场');
    const text = await aliceApi.v1.statuses.create({ status: '没有图片的微博' });
    const mediaOnly = await bobApi.v1.timelines.public.list({ onlyMedia: true });
    expect(mediaOnly.map((x) => x.id)).toEqual([post.id]);
    expect((await bobApi.v1.timelines.public.list()).map((x) => x.id)).toEqual([text.id, post.id]);
    expect((await bobApi.v1.accounts.$select(alice.id).statuses.list({ onlyMedia: true })).map((x) => x.id)).toEqual([post.id]);
    const tagged = await aliceApi.v1.statuses.create({ status: '#发布会# 图', mediaIds: [(await aliceApi.v2.media.create({ file: blob(photo) })).id] });
    await aliceApi.v1.statuses.create({ status: '#发布会# 无图' });
    expect((await bobApi.v1.timelines.tag.$select('发布会').list({ onlyMedia: true })).map((x) => x.id)).toEqual([tagged.id]);
    const fromPage = (await bobApi.v1.timelines.public.list({ onlyMedia: true }))[1];
    expect(fromPage?.mediaAttachments[1]).toMatchObject({ id: png.id, type: 'image', meta: { original: { width: 300, height: 200 } } });
  });

  it('streams a post with images to public:media with its attachments, and a post without none', async () => {
    const sock = await openSocket(s.url, { token: bob.token, query: { stream: 'public:media' } });
    try {
      const plain = await aliceApi.v1.statuses.create({ status: '流里没有图' });
      const m = await aliceApi.v2.media.create({ file: blob(photo), description: '直播截图' });
      const pictured = await aliceApi.v1.statuses.create({ status: '流里有图', mediaIds: [m.id] });
      const got = await sock.inbox.next((x) => x.event === 'update' && x.payload.id === pictured.id);
      expect(got.payload.media_attachments.map((a: { id: string; description: string }) => [a.id, a.description])).toEqual([[m.id, '直播截图']]);
      expect(await sock.inbox.none((x) => x.event === 'update' && x.payload.id === plain.id)).toBe(true);
    } finally {
      sock.ws.close();
    }
  });

  it('shows the images on the public page of a status, alt text escaped', async () => {
    const m = await aliceApi.v2.media.create({ file: blob(photo), description: '"><script>alert(1)</script>' });
    const post = await aliceApi.v1.statuses.create({ status: '网页', mediaIds: [m.id] });
    const page = await s.call('GET', new URL(post.url as string).pathname);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`src="${m.previewUrl}"`);
    expect(page.body).toContain('alt="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(page.body).not.toContain('<script>alert(1)');
  });

  it('lets nobody else use, read, edit or delete an upload; attached media is no longer editable', async () => {
    const mine = await aliceApi.v2.media.create({ file: blob(photo) });
    const r = await s.call('POST', '/api/v1/statuses', { token: bob.token, body: { status: '借用', media_ids: [mine.id] } });
    expect(r.status).toBe(422);
    expect(Object.keys(r.json.details)).toEqual(['media_ids']);
    expect((await s.call('GET', `/api/v1/media/${mine.id}`, { token: bob.token })).status).toBe(404);
    expect((await s.call('PUT', `/api/v1/media/${mine.id}`, { token: bob.token, body: { description: '篡改' } })).status).toBe(404);
    expect((await s.call('DELETE', `/api/v1/media/${mine.id}`, { token: bob.token })).status).toBe(404);
    expect((await s.call('GET', '/api/v1/media/999999999', { token: alice.token })).status).toBe(404);
    expect((await s.call('POST', '/api/v1/statuses', { token: alice.token, body: { status: 'x', media_ids: ['1', '2', '3', '4', '5'] } })).status).toBe(422);
    expect((await s.call('POST', '/api/v1/statuses', { token: alice.token, body: { status: 'x', media_ids: ['abc'] } })).status).toBe(422);
    expect((await s.call('POST', '/api/v1/statuses', { token: alice.token, body: { status: 'x', media_ids: [mine.id], scheduled_at: '2012-12-09T08:00:00Z' } })).status).toBe(422);

    const edited = await aliceApi.v1.media.$select(mine.id).update({ description: '改后的说明', focus: '0.1,-0.2' });
    expect([edited.description, edited.meta?.focus]).toEqual(['改后的说明', { x: 0.1, y: -0.2 }]);
    expect((await aliceApi.v1.media.$select(mine.id).fetch()).description).toBe('改后的说明');

    const post = await aliceApi.v1.statuses.create({ status: '附图', mediaIds: [mine.id] });
    expect(post.mediaAttachments[0]?.description).toBe('改后的说明');
    const again = await s.call('POST', '/api/v1/statuses', { token: alice.token, body: { status: '再用一次', media_ids: [mine.id] } });
    expect(again.status).toBe(422);
    expect((await s.call('PUT', `/api/v1/media/${mine.id}`, { token: alice.token, body: { description: 'x' } })).status).toBe(404);
    expect((await s.call('GET', `/api/v1/media/${mine.id}`, { token: alice.token })).status).toBe(404);
    expect((await s.call('DELETE', `/api/v1/media/${mine.id}`, { token: alice.token })).status).toBe(422);
  });

  it('deletes an unattached upload and its files; a deleted status frees its media for a redraft, or deletes them with delete_media', async () => {
    const m = await aliceApi.v2.media.create({ file: blob(photo) });
    const key = pathOf(m.url as string).split('/').pop() as string;
    const dir = s.ctx.config.mediaDir;
    expect(existsSync(join(dir, key))).toBe(true);
    expect((await s.call('DELETE', `/api/v1/media/${m.id}`, { token: alice.token })).json).toEqual({});
    await expect.poll(() => existsSync(join(dir, key))).toBe(false);
    expect((await s.call('GET', `/api/v1/media/${m.id}`, { token: alice.token })).status).toBe(404);

    // Deleting a status frees its media for a redraft (as Mastodon): the answer carries them, a new post may take them.
    const n = await aliceApi.v2.media.create({ file: blob(photo), description: '原图' });
    const post = await aliceApi.v1.statuses.create({ status: '将删除', mediaIds: [n.id] });
    const deleted = await s.call('DELETE', `/api/v1/statuses/${post.id}`, { token: alice.token });
    expect(deleted.json.media_attachments.map((x: { id: string }) => x.id)).toEqual([n.id]);
    expect(deleted.json.text).toBe('将删除');
    const redraft = await aliceApi.v1.statuses.create({ status: '重新编辑后发布', mediaIds: [n.id] });
    expect(redraft.mediaAttachments[0]?.description).toBe('原图');
    // With delete_media=true the files go at once.
    const nKey = pathOf(n.url as string).split('/').pop() as string;
    const gone = await s.call('DELETE', `/api/v1/statuses/${redraft.id}?delete_media=true`, { token: alice.token });
    expect(gone.status).toBe(200);
    await expect.poll(() => existsSync(join(dir, nKey))).toBe(false);
    expect((await s.call('GET', `/api/v1/media/${n.id}`, { token: alice.token })).status).toBe(404);
    expect((await s.call('GET', `/api/v1/statuses/${redraft.id}`, { token: alice.token })).status).toBe(404);

    // A status an admin removes takes its media with it: nothing is kept for a redraft.
    const admin = await staffUser(s, 'admin');
    const r = await aliceApi.v2.media.create({ file: blob(photo) });
    const removed = await aliceApi.v1.statuses.create({ status: '违规内容', mediaIds: [r.id] });
    expect((await s.call('DELETE', `/api/v1/statuses/${removed.id}`, { token: admin.token })).status).toBe(200);
    expect((await s.call('GET', `/api/v1/media/${r.id}`, { token: alice.token })).status).toBe(404);
    await expect.poll(() => existsSync(join(dir, pathOf(r.url as string).split('/').pop() as string))).toBe(false);
  });

  it('sweeps uploads left unattached for a day, and only those', async () => {
    const old = await aliceApi.v2.media.create({ file: blob(photo) });
    const kept = await aliceApi.v2.media.create({ file: blob(photo) });
    const used = await aliceApi.v2.media.create({ file: blob(photo) });
    await aliceApi.v1.statuses.create({ status: '用了', mediaIds: [used.id] });
    clock.advance(23 * 3_600_000);
    const fresh = await aliceApi.v2.media.create({ file: blob(photo) });
    clock.advance(2 * 3_600_000);
    await aliceApi.v1.statuses.create({ status: '后来用了', mediaIds: [kept.id] });
    const freed = await aliceApi.v2.media.create({ file: blob(photo) });
    const doomed = await aliceApi.v1.statuses.create({ status: '删了', mediaIds: [freed.id] });
    await aliceApi.v1.statuses.$select(doomed.id).remove();
    const swept = await sweepUnattachedMedia(s.ctx);
    expect(swept).toBeGreaterThanOrEqual(1);
    expect((await s.call('GET', `/api/v1/media/${old.id}`, { token: alice.token })).status).toBe(404);
    expect(existsSync(join(s.ctx.config.mediaDir, pathOf(old.url as string).split('/').pop() as string))).toBe(false);
    const stored = async (id: string) => (await findMedia(s.ctx.db, Number(id))) !== undefined;
    for (const m of [fresh, kept, used, freed]) expect(await stored(m.id), m.id).toBe(true);
    // A day after its status was deleted, a freed attachment goes too.
    clock.advance(25 * 3_600_000);
    await sweepUnattachedMedia(s.ctx);
    expect((await s.call('GET', `/api/v1/media/${freed.id}`, { token: alice.token })).status).toBe(404);
    expect(await stored(used.id)).toBe(true);
  });

  it('uploads belong to the organ when its operator uploads, and the act is in its audit log', async () => {
    const reviewer = await staffUser(s, 'reviewer');
    const organ = await fastOrgan(s, reviewer.token);
    const staff = await citizen(s);
    const operatorToken = await operatorOf(s, organ, staff);
    const up = await upload(operatorToken, photo);
    expect(up.status).toBe(200);
    expect((await s.call('GET', `/api/v1/media/${up.json.id}`, { token: organ.token })).status).toBe(200);
    expect((await s.call('GET', `/api/v1/media/${up.json.id}`, { token: staff.token })).status).toBe(404);
    expect((await s.call('PUT', `/api/v1/media/${up.json.id}`, { token: operatorToken, body: { description: '现场' } })).status).toBe(200);
    const post = await s.call('POST', '/api/v1/statuses', { token: operatorToken, body: { status: '通告', media_ids: [up.json.id] } });
    expect(post.json.account.id).toBe(organ.id);
    const spare = await upload(operatorToken, photo);
    expect((await s.call('DELETE', `/api/v1/media/${spare.json.id}`, { token: operatorToken })).status).toBe(200);
    const log = await s.call('GET', '/api/v1/gov/audit_log?limit=80', { token: organ.token });
    const acts = (log.json as { action: string; operator_id: string | null; subject_id: string }[]).filter((e) => e.action.startsWith('media.'));
    expect(acts.map((e) => [e.action, e.subject_id, e.operator_id])).toEqual([
      ['media.delete', spare.json.id, staff.id],
      ['media.create', spare.json.id, staff.id],
      ['media.update', up.json.id, staff.id],
      ['media.create', up.json.id, staff.id],
    ]);
  });

  it('takes an avatar and a header through update_credentials, cropped as Mastodon does; defaults are PNG', async () => {
    const before = await bobApi.v1.accounts.verifyCredentials();
    expect(before.avatar).toMatch(/\/avatars\/\d+\.png$/);
    const def = await s.app.inject({ method: 'GET', url: pathOf(before.avatar) });
    expect([def.statusCode, def.headers['content-type']]).toEqual([200, 'image/png']);
    expect((await sharp(def.rawPayload).metadata()).width).toBe(400);
    expect((await s.app.inject({ method: 'GET', url: pathOf(before.header) })).headers['content-type']).toBe('image/png');

    const bad = await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: bob.token, multipart: { avatar: { data: SVG_FILE, name: 'a.svg', type: 'image/svg+xml' } } });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.json.details)).toEqual(['avatar']);
    const big = await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: bob.token, multipart: { header: { data: Buffer.alloc(5 * 1024 * 1024, 1), name: 'h.png', type: 'image/png' } } });
    expect([big.status, Object.keys(big.json.details ?? {})]).toEqual([422, ['header']]);

    const me = await bobApi.v1.accounts.updateCredentials({ displayName: '小明', avatar: blob(await photoJpeg(900, 600)), header: blob(await pngImage(3000, 1200), 'image/png') });
    expect(me.displayName).toBe('小明');
    expect(pathOf(me.avatar)).toMatch(/^\/system\/media\/[0-9a-f]{32}\.jpg$/);
    expect(me.avatarStatic).toBe(me.avatar);
    const avatar = await s.app.inject({ method: 'GET', url: pathOf(me.avatar) });
    expect(await sharp(avatar.rawPayload).metadata()).toMatchObject({ width: 400, height: 400, format: 'jpeg' });
    const header = await s.app.inject({ method: 'GET', url: pathOf(me.header) });
    expect(await sharp(header.rawPayload).metadata()).toMatchObject({ width: 1500, height: 500, format: 'png' });
    expect((await aliceApi.v1.accounts.$select(bob.id).fetch()).avatar).toBe(me.avatar);

    // An animated avatar keeps moving; avatar_static is a still. The replaced picture is removed.
    const moving = await bobApi.v1.accounts.updateCredentials({ avatar: blob(await animatedGif(), 'image/gif') });
    expect(pathOf(moving.avatar)).toMatch(/\.gif$/);
    expect(pathOf(moving.avatarStatic)).toMatch(/\.png$/);
    await expect.poll(() => existsSync(join(s.ctx.config.mediaDir, pathOf(me.avatar).split('/').pop() as string))).toBe(false);
  });

  it('removes an avatar or header (DELETE /api/v1/profile/avatar|header): the default shows again, the files go', async () => {
    const carol = await citizen(s);
    expect((await s.call('DELETE', '/api/v1/profile/avatar')).status).toBe(401);
    const readOnly = await tokenWithScopes(s, carol.id, ['read']);
    expect((await s.call('DELETE', '/api/v1/profile/header', { token: readOnly })).status).toBe(403);
    const api = createRestAPIClient({ url: s.url, accessToken: carol.token });
    const set = await api.v1.accounts.updateCredentials({ avatar: blob(await photoJpeg(500, 500)), header: blob(await pngImage(1600, 600), 'image/png') });
    const file = (url: string) => join(s.ctx.config.mediaDir, pathOf(url).split('/').pop() as string);
    expect(existsSync(file(set.avatar))).toBe(true);
    const gone = await s.call('DELETE', '/api/v1/profile/avatar', { token: carol.token });
    expect(gone.status).toBe(200);
    expect(gone.json.avatar).toMatch(/\/avatars\/\d+\.png$/);
    // The header stays until it is removed in its turn.
    expect(gone.json.header).toBe(set.header);
    await expect.poll(() => existsSync(file(set.avatar))).toBe(false);
    expect((await s.app.inject({ method: 'GET', url: pathOf(set.avatar) })).statusCode).toBe(404);
    const both = await s.call('DELETE', '/api/v1/profile/header', { token: carol.token });
    expect(both.json.header).not.toBe(set.header);
    await expect.poll(() => existsSync(file(set.header))).toBe(false);
    // Again, with nothing left to remove: the same answer.
    expect((await s.call('DELETE', '/api/v1/profile/header', { token: carol.token })).json.header).toBe(both.json.header);
    expect((await api.v1.accounts.verifyCredentials()).avatar).toBe(gone.json.avatar);
  });

  it('tells the real limits in both instance documents', async () => {
    const v2 = await s.call('GET', '/api/v2/instance');
    expect(v2.json.configuration.media_attachments).toEqual({
      supported_mime_types: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'],
      image_size_limit: 2 * 1024 * 1024,
      image_matrix_limit: 33_177_600,
      video_size_limit: 0,
      video_frame_rate_limit: 0,
      video_matrix_limit: 0,
      description_limit: 1500,
    });
    expect(v2.json.configuration.statuses.max_media_attachments).toBe(4);
    const v1 = await s.call('GET', '/api/v1/instance');
    expect(v1.json.configuration.media_attachments.image_size_limit).toBe(2 * 1024 * 1024);
  });
});

describe.each(DIALECTS)('media upload limits (%s)', (dialect) => {
  let s: TestServer;
  afterAll(async () => {
    await s?.close();
  });

  it('refuses the 31st upload of an account in 30 minutes with 429 (Mastodon’s media throttle), not another account’s', async () => {
    s = await testServer(dialect, { rateLimit: true });
    const a = await citizen(s);
    const b = await citizen(s);
    const tiny = await photoJpeg(32, 24);
    const send = (token: string) => s.call('POST', '/api/v2/media', { token, multipart: { file: { data: tiny, name: 't.jpg', type: 'image/jpeg' } } });
    for (let i = 0; i < RATE_LIMITS.media.max; i++) expect((await send(a.token)).status).toBe(200);
    const over = await send(a.token);
    expect(over.status).toBe(429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect((await send(b.token)).status).toBe(200);
  });
});
