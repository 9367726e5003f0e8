import { isBlurhashValid } from 'blurhash';
import type { Context } from '../app/context.js';
import { type FetchLimits, fetchGuarded } from '../app/fetch-guarded.js';
import { MEDIA_LIMITS } from '../domain/limits.js';
import { type DomainRules, loadDomainRules, ruleFor } from '../moderation/domain-policy.js';
import { type Geometry, geometry, processAttachment, processProfileImage } from './process-image.js';
import { removeFiles } from './status-media.js';
import { newMediaKey } from './upload-media.js';

/**
 * Pictures that other servers name (a Note's attachments, an actor's icon
 * and image), copied into this provider's media store as an upload is: the
 * provider never sends its readers to another server for a picture, and
 * what it serves is what it processed itself (type from the bytes,
 * pixel bombs refused, metadata stripped). Anything else is kept as a link.
 */

/**
 * What one remote picture's fetch may take: Mastodon's 16 MiB for images
 * (MediaAttachment::IMAGE_LIMIT) and its 30 s read deadline for the whole
 * exchange, redirects included. The Content-Type is only a first filter
 * (text/html is not read at all); the bytes decide what the file is.
 */
export const REMOTE_MEDIA_LIMITS: FetchLimits = {
  maxBytes: 16 * 1024 * 1024,
  timeoutMs: 30_000,
  maxRedirects: 3,
  accept: 'image/jpeg, image/png, image/webp, image/gif, image/*;q=0.8',
  types: ['image/', 'application/octet-stream', 'binary/octet-stream'],
};

/** An attachment as the remote object describes it (ActivityPub Document/Image: url, mediaType, name, blurhash, width, height, focalPoint). */
export interface RemoteAttachment {
  url: string;
  /** As declared: decides whether a fetch is tried, never what is stored. */
  mediaType?: string | null | undefined;
  /** Alt text (plain text). */
  name?: string | null | undefined;
  blurhash?: string | null | undefined;
  width?: number | null | undefined;
  height?: number | null | undefined;
  /** Mastodon's `toot:focalPoint`, [x, y] each in [-1, 1]. */
  focalPoint?: readonly unknown[] | null | undefined;
}

/** Where the media comes from: the author's domain (accounts.domain), whose block with reject_media keeps anything from being fetched. */
export interface RemoteMediaOrigin {
  domain: string;
  signal?: AbortSignal | undefined;
}

/**
 * The columns of a media_attachments row for a remote attachment (the caller
 * adds account_id, status_id, position, created_at, updated_at and inserts
 * it). `image`: fetched and stored, file_key and preview_key set. `unknown`:
 * not fetched or not usable, shown as a link to remote_url (Mastodon's
 * "unknown" type), no files.
 */
export type RemoteMediaFields =
  | {
      type: 'image';
      remote_url: string;
      file_key: string;
      preview_key: string;
      content_type: string;
      file_size: number;
      /** JSON text: {original, small, focus?}, of the stored files. */
      meta: string;
      description: string | null;
      /** Of the stored file, computed here. */
      blurhash: string;
    }
  | {
      type: 'unknown';
      remote_url: string;
      file_key: null;
      preview_key: null;
      /** The remote's declared type, when it looks like one (type/subtype), for the record only. */
      content_type: string | null;
      file_size: null;
      /** JSON text: {original?, focus?} from the remote's own numbers, when they are sane. */
      meta: string;
      description: string | null;
      /** The remote's blurhash, when it is a valid one. */
      blurhash: string | null;
    };

/** Whether a declared type is worth a fetch: an image other than SVG (never rendered from another server). Absent: tried, the bytes decide. */
function worthFetching(declared: string | null): boolean {
  return declared !== null && declared.startsWith('image/') && declared !== 'image/svg+xml';
}

function declaredType(mediaType: string | null | undefined): string | null {
  const t = mediaType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/.test(t) ? t : null;
}

/** Alt text as stored: plain text, control characters dropped, trimmed, at most MEDIA_LIMITS.descriptionMax characters (Mastodon truncates too). */
export function remoteDescription(name: string | null | undefined): string | null {
  if (typeof name !== 'string') return null;
  const text = [...name.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim()].slice(0, MEDIA_LIMITS.descriptionMax).join('');
  return text === '' ? null : text;
}

function remoteFocus(p: readonly unknown[] | null | undefined): { x: number; y: number } | null {
  if (!Array.isArray(p) || p.length !== 2) return null;
  const [x, y] = p;
  if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 1 || Math.abs(y) > 1) return null;
  return { x, y };
}

function remoteGeometry(a: RemoteAttachment): Geometry | null {
  const { width, height } = a;
  const sane = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n > 0 && n <= 100_000;
  return sane(width) && sane(height) ? geometry({ width, height }) : null;
}

/** Whether the host's media are refused: a block with reject_media, or a suspension (which refuses everything). */
function rejectsMediaOf(rules: DomainRules): (host: string) => boolean {
  return (host) => {
    const rule = ruleFor(rules, host);
    return rule !== null && (rule.rejectMedia || rule.severity === 'suspend');
  };
}

function httpUrl(raw: string): URL | null {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

function linkOnly(a: RemoteAttachment): RemoteMediaFields {
  const original = remoteGeometry(a);
  const focus = remoteFocus(a.focalPoint);
  return {
    type: 'unknown',
    remote_url: a.url,
    file_key: null,
    preview_key: null,
    content_type: declaredType(a.mediaType),
    file_size: null,
    meta: JSON.stringify({ ...(original ? { original } : {}), ...(focus ? { focus } : {}) }),
    description: remoteDescription(a.name),
    blurhash: typeof a.blurhash === 'string' && a.blurhash.length <= 100 && isBlurhashValid(a.blurhash).result ? a.blurhash : null,
  };
}

/**
 * A remote attachment as a media_attachments row's fields. An image (by its
 * declared type, or none declared) is fetched through the guarded fetcher
 * (no private address unless config.allowPrivatePeers; REMOTE_MEDIA_LIMITS),
 * unless the author's domain or the picture's host (or a redirect's) is
 * under a block that rejects media; then processed as an upload and both
 * files stored. Video, audio, SVG and anything else are not fetched. This
 * never throws: whatever goes wrong, the status keeps a link-only
 * attachment. The stored files are the caller's: if its insert fails it
 * removes them (removeFiles(ctx, [file_key, preview_key])).
 */
export async function fetchRemoteAttachment(ctx: Context, attachment: RemoteAttachment, origin: RemoteMediaOrigin): Promise<RemoteMediaFields> {
  const url = httpUrl(attachment.url);
  const declared = declaredType(attachment.mediaType);
  if (!url || (attachment.mediaType != null && !worthFetching(declared))) return linkOnly(attachment);
  let stored: string[] = [];
  try {
    const rules = await loadDomainRules(ctx);
    const refused = rejectsMediaOf(rules);
    if (refused(origin.domain)) return linkOnly(attachment);
    const fetched = await fetchGuarded(url.href, REMOTE_MEDIA_LIMITS, {
      allowPrivate: ctx.config.allowPrivatePeers,
      refuseHost: refused,
      purpose: 'remote media',
      ...(origin.signal ? { signal: origin.signal } : {}),
    });
    const processed = await processAttachment(fetched.body, 'file');
    const fileKey = newMediaKey(processed.original.ext);
    const previewKey = newMediaKey(processed.small.ext);
    stored = [fileKey, previewKey];
    await Promise.all([ctx.media.put(fileKey, processed.original.data, processed.original.contentType), ctx.media.put(previewKey, processed.small.data, processed.small.contentType)]);
    const focus = remoteFocus(attachment.focalPoint);
    return {
      type: 'image',
      remote_url: attachment.url,
      file_key: fileKey,
      preview_key: previewKey,
      content_type: processed.original.contentType,
      file_size: processed.original.data.length,
      meta: JSON.stringify({ original: geometry(processed.original), small: geometry(processed.small), ...(focus ? { focus } : {}) }),
      description: remoteDescription(attachment.name),
      blurhash: processed.blurhash,
    };
  } catch (err) {
    removeFiles(ctx, stored);
    ctx.log.info({ err: (err as Error).message, url: attachment.url }, 'remote media: kept as a link');
    return linkOnly(attachment);
  }
}

/** A remote avatar or header, stored: the keys for accounts.avatar_key / avatar_static_key (or header_…), and the URL it came from. */
export interface RemoteProfileImage {
  remoteUrl: string;
  key: string;
  /** A still of an animated picture, else the same key. */
  staticKey: string;
}

/**
 * A remote actor's icon (`avatar`, 400×400) or image (`header`, 1500×500),
 * fetched and cropped as an upload is, under the same guards as
 * fetchRemoteAttachment. Null when it was not taken (refused, unreachable,
 * not an image): the account keeps the default picture. Never throws; the
 * caller removes the files if its update fails.
 */
export async function fetchRemoteProfileImage(ctx: Context, rawUrl: string, field: 'avatar' | 'header', origin: RemoteMediaOrigin): Promise<RemoteProfileImage | null> {
  const url = httpUrl(rawUrl);
  if (!url) return null;
  const stored: string[] = [];
  try {
    const refused = rejectsMediaOf(await loadDomainRules(ctx));
    if (refused(origin.domain)) return null;
    const fetched = await fetchGuarded(url.href, REMOTE_MEDIA_LIMITS, {
      allowPrivate: ctx.config.allowPrivatePeers,
      refuseHost: refused,
      purpose: 'remote media',
      ...(origin.signal ? { signal: origin.signal } : {}),
    });
    const { file, still } = await processProfileImage(fetched.body, field);
    const key = newMediaKey(file.ext);
    stored.push(key);
    await ctx.media.put(key, file.data, file.contentType);
    let staticKey = key;
    if (still) {
      staticKey = newMediaKey(still.ext);
      stored.push(staticKey);
      await ctx.media.put(staticKey, still.data, still.contentType);
    }
    return { remoteUrl: rawUrl, key, staticKey };
  } catch (err) {
    removeFiles(ctx, stored);
    ctx.log.info({ err: (err as Error).message, url: rawUrl, field }, 'remote media: profile picture not taken');
    return null;
  }
}
