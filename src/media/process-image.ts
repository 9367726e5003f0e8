import { encode as encodeBlurhash } from 'blurhash';
import sharp, { type Metadata, type Sharp } from 'sharp';
import { fieldError } from '../app/errors.js';
import { MEDIA_LIMITS } from '../domain/limits.js';

/** The image formats accepted, by sharp's name for them, with the MIME type and extension each is stored as. */
const FORMATS = {
  jpeg: { contentType: 'image/jpeg', ext: 'jpg' },
  png: { contentType: 'image/png', ext: 'png' },
  webp: { contentType: 'image/webp', ext: 'webp' },
  gif: { contentType: 'image/gif', ext: 'gif' },
} as const;

export type ImageFormat = keyof typeof FORMATS;

/** One processed file, ready for the store. */
export interface ProcessedFile {
  data: Buffer;
  contentType: string;
  ext: string;
  width: number;
  height: number;
}

/** Mastodon's geometry of one style in `meta`. */
export interface Geometry {
  width: number;
  height: number;
  size: string;
  aspect: number;
}

export function geometry(f: { width: number; height: number }): Geometry {
  return { width: f.width, height: f.height, size: `${f.width}x${f.height}`, aspect: f.width / f.height };
}

/** An attachment processed: the original (oriented, resized to the pixel limit, stripped), its thumbnail, and its blurhash. */
export interface ProcessedAttachment {
  original: ProcessedFile;
  small: ProcessedFile;
  blurhash: string;
}

// Every upload is new: libvips's cache of recent operations would only hold memory.
sharp.cache(false);

// libvips works on its own threads; on a small machine more than two images
// at once only make each slower and hold more memory.
const MAX_RUNNING = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function limited<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_RUNNING) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await fn();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

const INPUT = { limitInputPixels: MEDIA_LIMITS.imageMatrixLimit, failOn: 'truncated', sequentialRead: true } as const;

/**
 * What the bytes are, read from the file's own header (never its name or the
 * client's content type), refusing what is not one of the four formats, too
 * many pixels (a decompression bomb is refused here, before anything is
 * decoded), or unreadable. Every refusal is a 422 naming `field`.
 */
async function inspect(input: Buffer, field: string): Promise<{ format: ImageFormat; width: number; height: number; pages: number }> {
  if (input.length === 0) throw fieldError(field, 'ERR_BLANK', 'is empty');
  // The signature first, so that no other of libvips's loaders (SVG, TIFF, HEIF…) ever parses what a client sent.
  const sniffed = sniff(input);
  if (!sniffed) throw fieldError(field, 'ERR_INVALID', 'is not an image of a supported type (JPEG, PNG, WebP, GIF)', 'image_type');
  let meta: Metadata;
  try {
    meta = await sharp(input, { ...INPUT, animated: true }).metadata();
  } catch {
    throw fieldError(field, 'ERR_INVALID', 'is not an image of a supported type (JPEG, PNG, WebP, GIF)', 'image_type');
  }
  const format = meta.format as string;
  if (format !== sniffed || !(format in FORMATS)) throw fieldError(field, 'ERR_INVALID', `is not an image of a supported type (JPEG, PNG, WebP, GIF); got ${format === 'svg' ? 'SVG' : 'another type'}`, 'image_type');
  // Orientations 5–8 turn the picture a quarter: its upright size is the other way round.
  const turned = (meta.orientation ?? 1) >= 5;
  const width = (turned ? (meta.pageHeight ?? meta.height) : meta.width) ?? 0;
  const height = (turned ? meta.width : (meta.pageHeight ?? meta.height)) ?? 0;
  const pages = meta.pages ?? 1;
  if (width < 1 || height < 1) throw fieldError(field, 'ERR_INVALID', 'has no size', 'image_empty');
  if (width * height * pages > MEDIA_LIMITS.imageMatrixLimit) throw fieldError(field, 'ERR_TOO_LARGE', `has too many pixels (at most ${MEDIA_LIMITS.imageMatrixLimit}, all frames counted)`);
  return { format: format as ImageFormat, width, height, pages };
}

/** The format a file's first bytes announce, among the four accepted; null for anything else. */
export function sniff(b: Buffer): ImageFormat | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (b.length >= 6 && /^GIF8[79]a$/.test(b.subarray(0, 6).toString('latin1'))) return 'gif';
  if (b.length >= 12 && b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP') return 'webp';
  return null;
}

/** Dimensions within `pixels`, aspect kept (never enlarged). */
function fit(width: number, height: number, pixels: number): { width: number; height: number } {
  if (width * height <= pixels) return { width, height };
  const scale = Math.sqrt(pixels / (width * height));
  return { width: Math.max(1, Math.floor(width * scale)), height: Math.max(1, Math.floor(height * scale)) };
}

function encoded(img: Sharp, format: ImageFormat): Sharp {
  // Metadata (EXIF with GPS, XMP, IPTC, comments) is not copied: sharp writes none unless asked to.
  switch (format) {
    case 'jpeg':
      // Huffman tables optimised per image cost a second pass: 4× the encoding time of a detailed photo for ~5% of its size.
      return img.jpeg({ quality: 90, optimiseCoding: false });
    case 'png':
      return img.png();
    case 'webp':
      return img.webp({ quality: 90 });
    case 'gif':
      return img.gif();
  }
}

async function file(img: Sharp, format: ImageFormat): Promise<ProcessedFile> {
  const { data, info } = await encoded(img, format).toBuffer({ resolveWithObject: true });
  return { data, ...FORMATS[format], width: info.width, height: info.pageHeight ?? info.height };
}

/** A decode failure (truncated, corrupt) or a timeout as the client's 422; anything else is ours. */
async function asFieldError<T>(field: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof Error && 'status' in err) throw err;
    const msg = err instanceof Error ? err.message : String(err);
    if (/timeout/i.test(msg)) throw fieldError(field, 'ERR_INVALID', 'took too long to process', 'image_timeout');
    throw fieldError(field, 'ERR_INVALID', 'could not be read as an image (truncated or corrupt)', 'image_corrupt');
  }
}

const TIMEOUT = { seconds: MEDIA_LIMITS.processingSeconds };

/**
 * An uploaded image as Mastodon keeps it: turned upright (EXIF orientation),
 * shrunk to at most 3840×2160 worth of pixels, every metadata block dropped;
 * a thumbnail of at most 640×360 worth; the blurhash of the thumbnail.
 * A still image is decoded once; an animated GIF or WebP stays animated.
 */
export async function processAttachment(input: Buffer, field = 'file'): Promise<ProcessedAttachment> {
  const info = await inspect(input, field);
  return limited(() =>
    asFieldError(field, async () => {
      const o = fit(info.width, info.height, MEDIA_LIMITS.originalPixels);
      if (info.pages > 1) {
        const original = await file(sharp(input, { ...INPUT, animated: true }).timeout(TIMEOUT).resize(o.width, o.height, { fit: 'fill' }), info.format === 'webp' ? 'webp' : 'gif');
        const s = fit(info.width, info.height, MEDIA_LIMITS.smallPixels);
        const still = sharp(input, { ...INPUT, pages: 1 }).timeout(TIMEOUT).resize(s.width, s.height, { fit: 'fill' });
        const small = await file(still.clone(), 'png');
        return { original, small, blurhash: await blurhashOf(still) };
      }
      const { data, info: raw } = await sharp(input, INPUT).timeout(TIMEOUT).rotate().resize(o.width, o.height, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
      const pixels = () => sharp(data, { raw: { width: raw.width, height: raw.height, channels: raw.channels } });
      const original = await file(pixels(), info.format);
      const upright = fit(raw.width, raw.height, MEDIA_LIMITS.smallPixels);
      const small = await file(pixels().resize(upright.width, upright.height, { fit: 'fill' }), info.format === 'gif' ? 'png' : info.format);
      return { original, small, blurhash: await blurhashOf(pixels()) };
    }),
  );
}

/** Mastodon's blurhash (4×4 components) of an image, from a copy at most 32 pixels wide or high. */
async function blurhashOf(img: Sharp): Promise<string> {
  const { data, info } = await img.resize(32, 32, { fit: 'inside' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return encodeBlurhash(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height, 4, 4);
}

/** A profile picture as Mastodon crops it: the avatar 400×400, the header 1500×500, and a still for an animated GIF. */
export async function processProfileImage(input: Buffer, field: 'avatar' | 'header'): Promise<{ file: ProcessedFile; still: ProcessedFile | null }> {
  const info = await inspect(input, field);
  const [width, height] = field === 'avatar' ? [400, 400] : [1500, 500];
  return limited(() =>
    asFieldError(field, async () => {
      if (info.pages > 1) {
        const f = await file(sharp(input, { ...INPUT, animated: true }).timeout(TIMEOUT).resize(width, height, { fit: 'cover' }), 'gif');
        const still = await file(sharp(input, { ...INPUT, pages: 1 }).timeout(TIMEOUT).resize(width, height, { fit: 'cover' }), 'png');
        return { file: f, still };
      }
      return { file: await file(sharp(input, INPUT).timeout(TIMEOUT).rotate().resize(width, height, { fit: 'cover' }), info.format), still: null };
    }),
  );
}

/** A custom emoji's picture: within 128×128, aspect kept, never enlarged; an animated one stays animated, with a still. */
export async function processEmojiImage(input: Buffer, field = 'image'): Promise<{ file: ProcessedFile; still: ProcessedFile | null }> {
  const info = await inspect(input, field);
  const size = { width: 128, height: 128, fit: 'inside', withoutEnlargement: true } as const;
  return limited(() =>
    asFieldError(field, async () => {
      if (info.pages > 1) {
        const f = await file(sharp(input, { ...INPUT, animated: true }).timeout(TIMEOUT).resize(size), 'gif');
        const still = await file(sharp(input, { ...INPUT, pages: 1 }).timeout(TIMEOUT).resize(size), 'png');
        return { file: f, still };
      }
      return { file: await file(sharp(input, INPUT).timeout(TIMEOUT).resize(size), info.format === 'jpeg' ? 'jpeg' : 'png'), still: null };
    }),
  );
}

/**
 * A scan of a verification application's evidence (JPEG, PNG or WebP, not
 * GIF), re-encoded as one still picture of the same format: turned upright,
 * within MEDIA_LIMITS.originalPixels, every metadata block and every byte past
 * the picture dropped, so that what is served is only pixels, whatever else
 * the upload carried (a polyglot's script or archive). `field` names the part
 * in every refusal.
 */
export async function processEvidenceImage(input: Buffer, field: string): Promise<ProcessedFile> {
  const info = await inspect(input, field);
  if (info.format === 'gif') throw fieldError(field, 'ERR_INVALID', 'is not a JPEG, PNG, WebP or PDF file', 'evidence_type');
  return limited(() =>
    asFieldError(field, async () => {
      const o = fit(info.width, info.height, MEDIA_LIMITS.originalPixels);
      return file(sharp(input, { ...INPUT, pages: 1 }).timeout(TIMEOUT).rotate().resize(o.width, o.height, { fit: 'fill' }), info.format);
    }),
  );
}
