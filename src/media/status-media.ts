import type { Context } from '../app/context.js';
import { afterCommit } from '../app/transaction.js';
import { fieldError } from '../app/errors.js';
import type { Executor } from '../db/database.js';
import { MEDIA_LIMITS } from '../domain/limits.js';
import { type MediaJson, presentMedia } from './media.presenter.js';
import { type MediaRow, attachOne, deleteMediaRows, detachFromStatuses, mediaOfStatuses, unattachedOf } from './media.repository.js';

/** The attachments of these statuses, presented, by status id (one query; none for an empty list). */
export async function presentedMediaOf(ctx: Context, statusIds: readonly number[]): Promise<Map<number, MediaJson[]>> {
  const rows = await mediaOfStatuses(ctx.db, statusIds);
  return new Map([...rows].map(([sid, list]) => [sid, list.map((m) => presentMedia(ctx.media, m))]));
}

/** `media_ids` as a client sends them: at most four ids, each an integer; a 422 naming `media_ids` otherwise. */
export function checkMediaIds(raw: readonly string[] | undefined): number[] {
  const ids = (raw ?? []).filter((v) => v !== '');
  if (ids.length > MEDIA_LIMITS.perStatus) throw fieldError('media_ids', 'ERR_TOO_MANY', `can have at most ${MEDIA_LIMITS.perStatus} attachments`);
  if (ids.some((v) => !/^\d{1,15}$/.test(v))) throw fieldError('media_ids', 'ERR_NOT_FOUND', 'names media that does not exist');
  const out = ids.map(Number);
  if (new Set(out).size !== out.length) throw fieldError('media_ids', 'ERR_INVALID', 'lists the same media twice', 'media_twice');
  return out;
}

/**
 * Inside the transaction that posts a status: attaches the poster's own
 * unattached uploads in the order given. Someone else's upload, an attached
 * one or an unknown id is a 422 naming `media_ids` (as Mastodon), and the
 * whole post rolls back.
 */
export async function attachMediaToStatus(trx: Executor, accountId: number, mediaIds: readonly number[], statusId: number): Promise<void> {
  if (mediaIds.length === 0) return;
  const mine = new Set((await unattachedOf(trx, accountId, mediaIds)).map((m) => Number(m.id)));
  const missing = mediaIds.filter((id) => !mine.has(id));
  if (missing.length > 0) throw fieldError('media_ids', 'ERR_NOT_FOUND', `names media that does not exist or is already attached: ${missing.join(', ')}`);
  for (const [position, id] of mediaIds.entries()) {
    if (!(await attachOne(trx, id, statusId, position))) throw fieldError('media_ids', 'ERR_NOT_FOUND', `names media that is already attached: ${id}`);
  }
}

/**
 * Inside the transaction that deletes statuses, their attachments, as
 * Mastodon treats them: kept a day as the author's unattached uploads, so
 * that "delete and redraft" can post them again (the sweep then removes
 * them); with `deleteMedia` (Mastodon's `delete_media=true`), rows at once
 * and files once it commits. Returns the attachments as they were, for the
 * answer that lets a client redraft.
 */
export async function releaseStatusMedia(ctx: Context, trx: Executor, statusIds: readonly number[], now: string, deleteMedia: boolean): Promise<Map<number, MediaRow[]>> {
  const byStatus = await mediaOfStatuses(trx, statusIds);
  const rows = [...byStatus.values()].flat();
  if (rows.length === 0) return byStatus;
  if (!deleteMedia) {
    await detachFromStatuses(trx, statusIds, now);
    return byStatus;
  }
  await deleteMediaRows(
    trx,
    rows.map((m) => Number(m.id)),
  );
  const keys = rows.flatMap((m) => [m.file_key, m.preview_key]);
  afterCommit(trx, () => removeFiles(ctx, keys));
  return byStatus;
}

/** Deletes files from the store in the background, logging (not throwing) a failure: the sweep is not needed for them, the rows are gone. */
export function removeFiles(ctx: Context, all: readonly string[]): void {
  // A remote attachment with no copy here has empty keys: nothing to delete.
  const keys = all.filter((k) => k !== '');
  if (keys.length === 0) return;
  ctx.media.delete(keys).catch((err: unknown) => ctx.log.error({ err, keys }, 'media files could not be deleted'));
}
