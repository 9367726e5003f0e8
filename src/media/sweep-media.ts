import type { Context } from '../app/context.js';
import { transaction } from '../app/transaction.js';
import { MEDIA_LIMITS } from '../domain/limits.js';
import { deleteUnattached, staleUnattached } from './media.repository.js';

/**
 * Removes uploads no status took within a day (and those a deleted status
 * freed a day ago), rows and files, in batches.
 * The rows go first: a file whose deletion fails is only an orphan in the
 * store, never a row pointing at nothing. Returns how many went.
 */
export async function sweepUnattachedMedia(ctx: Context, batch = 200): Promise<number> {
  const before = new Date(ctx.clock.now().getTime() - MEDIA_LIMITS.unattachedHours * 3_600_000).toISOString();
  let total = 0;
  for (;;) {
    const rows = await staleUnattached(ctx.db, before, batch);
    if (rows.length === 0) return total;
    const gone = await transaction(ctx, (trx) =>
      deleteUnattached(
        trx,
        rows.map((r) => Number(r.id)),
      ),
    );
    await ctx.media.delete(gone.flatMap((r) => [r.file_key, r.preview_key])).catch((err: unknown) => ctx.log.error({ err }, 'swept media files could not be deleted'));
    total += gone.length;
    if (rows.length < batch) return total;
  }
}

/** Sweeps every `everyMs` while the provider runs (in one process of `serve --workers`). Runs never overlap. */
export function startMediaSweeper(ctx: Context, everyMs = 10 * 60_000): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweepUnattachedMedia(ctx)
      .catch((err: unknown) => ctx.log.error({ err }, 'unattached media could not be swept'))
      .finally(() => {
        running = false;
      });
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
