import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

/** Images for upload tests, made here (no fixture files): good ones of each type, and broken or hostile ones. */

/** A JPEG `width`×`height` with EXIF (camera, GPS position, orientation `orientation`) as a phone writes it. */
export async function photoJpeg(width = 800, height = 600, orientation = 1): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 40 } } })
    .composite([{ input: { create: { width: Math.floor(width / 4), height: Math.floor(height / 4), channels: 3, background: { r: 255, g: 255, b: 255 } } }, top: 0, left: 0 }])
    .jpeg({ quality: 85 })
    .withExif({
      IFD0: { Make: 'GovPhone', Model: 'X1', Orientation: String(orientation) },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '39/1 54/1 27/1', GPSLongitudeRef: 'E', GPSLongitude: '116/1 23/1 50/1' },
    })
    .withMetadata({ orientation })
    .toBuffer();
}

export async function pngImage(width = 300, height = 200): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { r: 20, g: 90, b: 160, alpha: 0.5 } } }).png().toBuffer();
}

export async function webpImage(width = 300, height = 300): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 40, g: 160, b: 60 } } }).webp().toBuffer();
}

/** An animated GIF of `frames` frames. */
export async function animatedGif(width = 120, height = 80, frames = 3): Promise<Buffer> {
  const strips = await Promise.all(
    Array.from({ length: frames }, (_, i) => sharp({ create: { width, height, channels: 3, background: { r: 60 * i, g: 100, b: 200 - 50 * i } } }).raw().toBuffer()),
  );
  return sharp(Buffer.concat(strips), { raw: { width, height: height * frames, channels: 3, pageHeight: height } })
    .gif()
    .toBuffer();
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

/** A real decompression bomb: a valid grey PNG of `side`×`side` zeros, a few tens of kilobytes that decode to side² bytes. */
export function pngBomb(side = 8000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const raw = Buffer.alloc((side + 1) * side); // each row: filter byte 0, then zeros
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** A PNG header claiming 100000×100000 pixels, with almost no data behind it. */
export function hugeDimensionsPng(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(100_000, 0);
  ihdr.writeUInt32BE(100_000, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(1000))), chunk('IEND', Buffer.alloc(0))]);
}

/** The first half of a real JPEG. */
export async function truncatedJpeg(): Promise<Buffer> {
  const full = await photoJpeg(640, 480);
  return full.subarray(0, Math.floor(full.length / 2));
}

export const SVG_FILE = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>');
export const HTML_AS_JPEG = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
export const ZERO_BYTES = Buffer.alloc(0);
