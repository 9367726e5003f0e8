import { randomBytes } from 'node:crypto';
import type { Context } from '../app/context.js';
import { fieldError } from '../app/errors.js';
import { transaction } from '../app/transaction.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { MEDIA_LIMITS } from '../domain/limits.js';
import { type MediaRow, insertMedia } from './media.repository.js';
import { geometry, processAttachment } from './process-image.js';
import { removeFiles } from './status-media.js';

export interface MediaDetails {
  description?: string | undefined;
  /** Mastodon's focal point, "x,y" with each in [-1, 1]. */
  focus?: string | undefined;
}

export interface UploadMediaInput extends MediaDetails {
  file: Buffer;
}

/** A new random store key: 128 bits, so that a file's URL cannot be guessed. */
export function newMediaKey(ext: string): string {
  return `${randomBytes(16).toString('hex')}.${ext}`;
}

/** The alt text as stored (trimmed; empty: none), a 422 naming `description` when too long. */
export function checkDescription(d: string | undefined): string | null | undefined {
  if (d === undefined) return undefined;
  const text = d.trim();
  if ([...text].length > MEDIA_LIMITS.descriptionMax) throw fieldError('description', 'ERR_TOO_LONG', `is too long (maximum is ${MEDIA_LIMITS.descriptionMax} characters)`);
  return text === '' ? null : text;
}

/** "x,y" as Mastodon's focus, a 422 naming `focus` unless two numbers in [-1, 1]. */
export function checkFocus(f: string | undefined): { x: number; y: number } | undefined {
  if (f === undefined || f.trim() === '') return undefined;
  const parts = f.split(',').map((p) => p.trim());
  const [x, y] = parts.map(Number);
  if (parts.length !== 2 || !Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x as number) > 1 || Math.abs(y as number) > 1 || parts.some((p) => p === ''))
    throw fieldError('focus', 'ERR_INVALID', 'must be "x,y" with each between -1.0 and 1.0');
  return { x: x as number, y: y as number };
}

/**
 * POST /api/v1/media and /api/v2/media: an image uploaded by the account (the
 * organ, when an operator uploads for it), processed before the answer
 * (images are, in Mastodon too), stored under random names, unattached until
 * a status takes it. A file the store took but the database did not is removed.
 */
export async function uploadMedia(ctx: Context, caller: ActingCaller, input: UploadMediaInput): Promise<MediaRow> {
  if (input.file.length > ctx.config.mediaSizeLimit) throw fieldError('file', 'ERR_TOO_LARGE', `is too large (at most ${ctx.config.mediaSizeLimit} bytes)`);
  const description = checkDescription(input.description);
  const focus = checkFocus(input.focus);
  const processed = await processAttachment(input.file, 'file');
  const fileKey = newMediaKey(processed.original.ext);
  const previewKey = newMediaKey(processed.small.ext);
  await Promise.all([ctx.media.put(fileKey, processed.original.data, processed.original.contentType), ctx.media.put(previewKey, processed.small.data, processed.small.contentType)]);
  const now = ctx.clock.now().toISOString();
  const meta = { original: geometry(processed.original), small: geometry(processed.small), ...(focus ? { focus } : {}) };
  try {
    return await transaction(ctx, async (trx) => {
      const row = await insertMedia(trx, {
        account_id: Number(caller.account.id),
        status_id: null,
        type: 'image',
        file_key: fileKey,
        preview_key: previewKey,
        content_type: processed.original.contentType,
        file_size: processed.original.data.length,
        meta: JSON.stringify(meta),
        description: description ?? null,
        blurhash: processed.blurhash,
        created_at: now,
        updated_at: now,
      });
      await recordOperatorAct(trx, caller, { action: 'media.create', subjectType: 'media', subjectId: Number(row.id) }, now);
      return row;
    });
  } catch (err) {
    removeFiles(ctx, [fileKey, previewKey]);
    throw err;
  }
}
