import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isBlurhashValid } from 'blurhash';
import exifReader from 'exif-reader';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, testContext } from '../../test/dialects.js';
import { SVG_FILE, animatedGif, photoJpeg } from '../../test/images.js';
import type { Context } from '../app/context.js';
import { fetchGuarded } from '../app/fetch-guarded.js';
import { insertDomainBlock } from '../moderation/domain-moderation.repository.js';
import { forgetDomainRules } from '../moderation/domain-policy.js';
import { REMOTE_MEDIA_LIMITS, fetchRemoteAttachment, fetchRemoteProfileImage, remoteDescription } from './fetch-remote-media.js';

/** Another server's media host on loopback, reachable as `localhost` and `127.0.0.1`; every hit recorded with the name it came by. */
async function mediaHost() {
  const jpeg = await photoJpeg(1200, 800);
  const gif = await animatedGif();
  const hits: string[] = [];
  let port = 0;
  const server: Server = createServer((req, res) => {
    const host = String(req.headers.host).replace(/:\d+$/, '');
    hits.push(`${host}${req.url}`);
    const send = (type: string, body: Buffer | string) => {
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    };
    switch (req.url) {
      case '/photo.jpg':
        return send('image/jpeg', jpeg);
      case '/animated.gif':
        return send('image/gif', gif);
      case '/says-png.png':
        return send('image/png', jpeg);
      case '/octet':
        return send('application/octet-stream', jpeg);
      case '/page.jpg':
        return send('image/jpeg', '<!doctype html><script>alert(1)</script>');
      case '/html':
        return send('text/html', '<!doctype html><p>not a picture</p>');
      case '/logo.svg':
        return send('image/svg+xml', SVG_FILE);
      case '/redirect-to-ip':
        res.writeHead(302, { location: `http://127.0.0.1:${port}/photo.jpg` });
        return res.end();
      case '/huge.jpg': {
        // No Content-Length: the limit must hold while the body streams in.
        res.writeHead(200, { 'content-type': 'image/jpeg' });
        res.write(jpeg);
        const chunk = Buffer.alloc(1024 * 1024, 7);
        let sent = 0;
        const more = () => {
          while (sent < 17 && !res.destroyed) {
            sent += 1;
            if (!res.write(chunk)) return void res.once('drain', more);
          }
          res.end();
        };
        return more();
      }
      case '/slow.jpg':
        // Headers and half a picture, then nothing.
        res.writeHead(200, { 'content-type': 'image/jpeg' });
        res.write(jpeg.subarray(0, 1000));
        return;
      case '/declared-huge.jpg':
        res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(REMOTE_MEDIA_LIMITS.maxBytes + 1) });
        return res.end();
      default:
        res.writeHead(404);
        res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, resolve));
  port = (server.address() as AddressInfo).port;
  return { port, hits, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe.each(DIALECTS)('remote media (%s)', (dialect) => {
  let web: Awaited<ReturnType<typeof mediaHost>>;
  let ctx: Context;
  let guarded: Context;
  const origin = { domain: 'social.example' };
  const at = (path: string, host = '127.0.0.1') => `http://${host}:${web.port}${path}`;

  beforeAll(async () => {
    web = await mediaHost();
    ctx = await testContext(dialect, { allowPrivatePeers: true });
    guarded = await testContext(dialect, { allowPrivatePeers: false });
  });
  afterAll(async () => {
    await ctx?.close();
    await guarded?.close();
    await web?.close();
  });
  beforeEach(() => {
    web.hits.length = 0;
  });

  const block = async (domain: string, rejectMedia: boolean, severity: 'noop' | 'silence' | 'suspend' = 'noop') => {
    const now = new Date().toISOString();
    const row = await insertDomainBlock(ctx.db, { domain, severity, reject_media: rejectMedia ? 1 : 0, private_comment: null, public_comment: null, created_at: now, updated_at: now });
    forgetDomainRules(ctx.db);
    return async () => {
      await ctx.db.deleteFrom('domain_blocks').where('id', '=', row.id).execute();
      forgetDomainRules(ctx.db);
    };
  };

  it('fetches a JPEG with GPS EXIF, stores it and its thumbnail without metadata, keeps the alt text and focus', async () => {
    const before = await sharp(await photoJpeg(1200, 800)).metadata();
    expect(JSON.stringify(exifReader(before.exif as Buffer).GPSInfo ?? {})).toContain('GPSLatitude');
    const row = await fetchRemoteAttachment(ctx, { url: at('/photo.jpg'), mediaType: 'image/jpeg', name: '  北京市政府大楼\u0000 ', blurhash: 'junk', width: 1200, height: 800, focalPoint: [0.5, -0.25] }, origin);
    expect(row).toMatchObject({ type: 'image', remote_url: at('/photo.jpg'), content_type: 'image/jpeg', description: '北京市政府大楼' });
    if (row.type !== 'image') throw new Error('not stored');
    expect(JSON.parse(row.meta)).toEqual({
      original: { width: 1200, height: 800, size: '1200x800', aspect: 1.5 },
      small: { width: 587, height: 391, size: '587x391', aspect: 587 / 391 },
      focus: { x: 0.5, y: -0.25 },
    });
    expect(isBlurhashValid(row.blurhash).result).toBe(true);
    for (const key of [row.file_key, row.preview_key]) {
      const bytes = (await ctx.media.read?.(key)) as Buffer;
      expect(bytes).toBeTruthy();
      const meta = await sharp(bytes).metadata();
      expect(meta.format).toBe('jpeg');
      expect(meta.exif).toBeUndefined();
    }
    expect(row.file_size).toBe(((await ctx.media.read?.(row.file_key)) as Buffer).length);
    expect(web.hits).toEqual([`127.0.0.1/photo.jpg`]);
  });

  it('takes the type from the bytes: a JPEG sent as PNG or as octets is stored as a JPEG; HTML sent as a JPEG is not stored', async () => {
    const lying = await fetchRemoteAttachment(ctx, { url: at('/says-png.png'), mediaType: 'image/png' }, origin);
    expect([lying.type, lying.content_type, lying.file_key?.endsWith('.jpg')]).toEqual(['image', 'image/jpeg', true]);
    const octets = await fetchRemoteAttachment(ctx, { url: at('/octet') }, origin);
    expect([octets.type, octets.content_type]).toEqual(['image', 'image/jpeg']);
    const page = await fetchRemoteAttachment(ctx, { url: at('/page.jpg'), mediaType: 'image/jpeg', name: '图', width: 10, height: 20 }, origin);
    expect(page).toEqual({
      type: 'unknown',
      remote_url: at('/page.jpg'),
      file_key: null,
      preview_key: null,
      content_type: 'image/jpeg',
      file_size: null,
      meta: JSON.stringify({ original: { width: 10, height: 20, size: '10x20', aspect: 0.5 } }),
      description: '图',
      blurhash: null,
    });
    const html = await fetchRemoteAttachment(ctx, { url: at('/html') }, origin);
    expect(html.type).toBe('unknown');
  });

  it('never stores an SVG: declared as one it is not fetched, disguised as a PNG it is refused by its bytes', async () => {
    const declared = await fetchRemoteAttachment(ctx, { url: at('/logo.svg'), mediaType: 'image/svg+xml' }, origin);
    expect(declared.type).toBe('unknown');
    expect(web.hits).toEqual([]);
    const disguised = await fetchRemoteAttachment(ctx, { url: at('/logo.svg'), mediaType: 'image/png' }, origin);
    expect([disguised.type, disguised.file_key]).toEqual(['unknown', null]);
    expect(web.hits).toEqual(['127.0.0.1/logo.svg']);
  });

  it('keeps video and audio as links, unfetched, with the remote’s valid blurhash and focus', async () => {
    const hash = 'LEHV6nWB2yk8pyo0adR*.7kCMdnj';
    const video = await fetchRemoteAttachment(ctx, { url: at('/clip.mp4'), mediaType: 'video/mp4', blurhash: hash, width: 1920, height: 1080, focalPoint: [0, 2] }, origin);
    expect(video).toMatchObject({ type: 'unknown', remote_url: at('/clip.mp4'), content_type: 'video/mp4', blurhash: hash, file_key: null });
    expect(JSON.parse(video.meta)).toEqual({ original: { width: 1920, height: 1080, size: '1920x1080', aspect: 1920 / 1080 } });
    const audio = await fetchRemoteAttachment(ctx, { url: at('/a.mp3'), mediaType: 'audio/mpeg', width: -1, height: 1e9 }, origin);
    expect([audio.type, audio.meta]).toEqual(['unknown', '{}']);
    const odd = await fetchRemoteAttachment(ctx, { url: 'javascript:alert(1)', mediaType: 'image/png' }, origin);
    expect(odd.type).toBe('unknown');
    expect(web.hits).toEqual([]);
  });

  it('refuses a body over 16 MiB, declared or streamed, without storing anything', async () => {
    const declared = await fetchRemoteAttachment(ctx, { url: at('/declared-huge.jpg'), mediaType: 'image/jpeg' }, origin);
    expect(declared.type).toBe('unknown');
    const streamed = await fetchRemoteAttachment(ctx, { url: at('/huge.jpg'), mediaType: 'image/jpeg' }, origin);
    expect(streamed.type).toBe('unknown');
    // For the size, not for anything else:
    for (const path of ['/huge.jpg', '/declared-huge.jpg']) await expect(fetchGuarded(at(path), REMOTE_MEDIA_LIMITS, { allowPrivate: true })).rejects.toThrow(/larger than 16777216 bytes/);
  });

  it('gives up on a server that stops answering once the time is up', async () => {
    const saved = REMOTE_MEDIA_LIMITS.timeoutMs;
    REMOTE_MEDIA_LIMITS.timeoutMs = 300;
    try {
      const started = Date.now();
      expect((await fetchRemoteAttachment(ctx, { url: at('/slow.jpg'), mediaType: 'image/jpeg' }, origin)).type).toBe('unknown');
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      REMOTE_MEDIA_LIMITS.timeoutMs = saved;
    }
  });

  it('refuses private addresses unless allowPrivatePeers, by name and by literal, without connecting', async () => {
    for (const host of ['127.0.0.1', 'localhost']) {
      const row = await fetchRemoteAttachment(guarded, { url: at('/photo.jpg', host), mediaType: 'image/jpeg' }, origin);
      expect(row.type).toBe('unknown');
      expect(await fetchRemoteProfileImage(guarded, at('/photo.jpg', host), 'avatar', origin)).toBeNull();
    }
    expect(web.hits).toEqual([]);
  });

  it('fetches nothing from a domain whose block rejects media: the author’s, the picture’s host, or a redirect’s', async () => {
    const liftAuthor = await block('social.example', true);
    expect((await fetchRemoteAttachment(ctx, { url: at('/photo.jpg'), mediaType: 'image/jpeg' }, { domain: 'media.social.example' })).type).toBe('unknown');
    expect(await fetchRemoteProfileImage(ctx, at('/photo.jpg'), 'avatar', origin)).toBeNull();
    expect(web.hits).toEqual([]);
    await liftAuthor();

    const liftSilence = await block('social.example', false, 'silence');
    expect((await fetchRemoteAttachment(ctx, { url: at('/photo.jpg'), mediaType: 'image/jpeg' }, origin)).type).toBe('image');
    await liftSilence();

    const liftHost = await block('127.0.0.1', true);
    web.hits.length = 0;
    expect((await fetchRemoteAttachment(ctx, { url: at('/photo.jpg'), mediaType: 'image/jpeg' }, origin)).type).toBe('unknown');
    expect(web.hits).toEqual([]);
    expect((await fetchRemoteAttachment(ctx, { url: at('/redirect-to-ip', 'localhost'), mediaType: 'image/jpeg' }, origin)).type).toBe('unknown');
    expect(web.hits).toEqual(['localhost/redirect-to-ip']);
    await liftHost();

    const liftSuspended = await block('social.example', false, 'suspend');
    web.hits.length = 0;
    expect((await fetchRemoteAttachment(ctx, { url: at('/photo.jpg'), mediaType: 'image/jpeg' }, origin)).type).toBe('unknown');
    expect(web.hits).toEqual([]);
    await liftSuspended();
  });

  it('stores a remote avatar and header cropped as uploads are, with a still of an animated one', async () => {
    const avatar = await fetchRemoteProfileImage(ctx, at('/photo.jpg'), 'avatar', origin);
    expect(avatar).toMatchObject({ remoteUrl: at('/photo.jpg') });
    if (!avatar) throw new Error('no avatar');
    expect(avatar.staticKey).toBe(avatar.key);
    const meta = await sharp((await ctx.media.read?.(avatar.key)) as Buffer).metadata();
    expect([meta.width, meta.height, meta.exif]).toEqual([400, 400, undefined]);
    const header = await fetchRemoteProfileImage(ctx, at('/animated.gif'), 'header', origin);
    if (!header) throw new Error('no header');
    expect(header.staticKey).not.toBe(header.key);
    expect((await sharp((await ctx.media.read?.(header.staticKey)) as Buffer).metadata()).format).toBe('png');
    expect(await fetchRemoteProfileImage(ctx, at('/logo.svg'), 'avatar', origin)).toBeNull();
    expect(await fetchRemoteProfileImage(ctx, at('/missing.png'), 'avatar', origin)).toBeNull();
  });
});

describe('remote alt text', () => {
  it('is plain text, trimmed, control characters dropped, at most 1500 characters', () => {
    expect(remoteDescription('  <b>说明</b>\u0007\n第二行 ')).toBe('<b>说明</b>\n第二行');
    expect(remoteDescription('   ')).toBeNull();
    expect(remoteDescription(undefined)).toBeNull();
    expect([...(remoteDescription('图'.repeat(2000)) ?? '')]).toHaveLength(1500);
  });
});
