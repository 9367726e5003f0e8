import exifReader from 'exif-reader';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AppError } from '../app/errors.js';
import { HTML_AS_JPEG, SVG_FILE, ZERO_BYTES, animatedGif, hugeDimensionsPng, photoJpeg, pngBomb, pngImage, truncatedJpeg, webpImage } from '../../test/images.js';
import { processAttachment, processProfileImage } from './process-image.js';

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('processing an uploaded image', () => {
  it('refuses what is not an acceptable image with a 422 naming the field, quickly', async () => {
    const started = Date.now();
    for (const [bytes, what] of [
      [ZERO_BYTES, 'zero bytes'],
      [SVG_FILE, 'SVG'],
      [HTML_AS_JPEG, 'HTML named .jpg'],
      [await truncatedJpeg(), 'truncated JPEG'],
      [pngBomb(), 'PNG bomb'],
      [hugeDimensionsPng(), 'huge dimensions'],
      [Buffer.from('GIF89a' + 'x'.repeat(50)), 'broken GIF'],
    ] as const) {
      const err = await refusal(processAttachment(bytes, 'file'));
      expect(err.status, what).toBe(422);
      expect(Object.keys(err.details ?? {}), what).toEqual(['file']);
    }
    expect((await refusal(processProfileImage(SVG_FILE, 'avatar'))).details).toHaveProperty('avatar');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('drops EXIF (GPS included) and every other metadata block, after turning the picture upright', async () => {
    const input = await photoJpeg(800, 600, 6);
    const before = await sharp(input).metadata();
    expect(before.exif).toBeDefined();
    expect(before.orientation).toBe(6);
    expect(JSON.stringify(exifReader(before.exif as Buffer).GPSInfo ?? {})).toContain('GPSLatitude');

    const out = await processAttachment(input);
    for (const f of [out.original, out.small]) {
      const meta = await sharp(f.data).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.iptc).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      expect(f.data.includes(Buffer.from('GovPhone'))).toBe(false);
    }
    // Orientation 6 (rotate 90°): the stored picture is portrait.
    expect([out.original.width, out.original.height]).toEqual([600, 800]);
    expect(out.original.contentType).toBe('image/jpeg');
    expect(out.small.width * out.small.height).toBeLessThanOrEqual(230_400);
    expect(out.blurhash).toMatch(/^[0-9A-Za-z#$%*+,\-.:;=?@[\]^_{|}~]{36}$/);
  });

  it('shrinks a large image to 3840×2160 worth of pixels and keeps PNG, WebP and animated GIF as they are', async () => {
    const big = await processAttachment(await photoJpeg(4000, 3000));
    expect(big.original.width * big.original.height).toBeLessThanOrEqual(8_294_400);
    expect(big.original.width / big.original.height).toBeCloseTo(4 / 3, 2);

    const png = await processAttachment(await pngImage());
    expect([png.original.contentType, png.original.width, png.original.height, png.small.contentType]).toEqual(['image/png', 300, 200, 'image/png']);
    const webp = await processAttachment(await webpImage());
    expect(webp.original.contentType).toBe('image/webp');
    const gif = await processAttachment(await animatedGif());
    expect(gif.original.contentType).toBe('image/gif');
    expect((await sharp(gif.original.data, { animated: true }).metadata()).pages).toBe(3);
    expect(gif.small.contentType).toBe('image/png');
  });

  it('crops avatars to 400×400 and headers to 1500×500, with a still of an animated avatar', async () => {
    const avatar = await processProfileImage(await photoJpeg(900, 500), 'avatar');
    expect([avatar.file.width, avatar.file.height, avatar.still]).toEqual([400, 400, null]);
    const header = await processProfileImage(await pngImage(3000, 1500), 'header');
    expect([header.file.width, header.file.height]).toEqual([1500, 500]);
    const moving = await processProfileImage(await animatedGif(), 'avatar');
    expect(moving.file.contentType).toBe('image/gif');
    expect(moving.still?.contentType).toBe('image/png');
  });
});
