import type { Context } from '../app/context.js';
import { notFound } from '../app/errors.js';
import { transaction } from '../app/transaction.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { getMedia } from './get-media.js';
import { type MediaRow, updateMedia } from './media.repository.js';
import { type MediaDetails, checkDescription, checkFocus } from './upload-media.js';

/** PUT /api/v1/media/:id: alt text and focal point of the account's own unattached upload (attached or another's: 404, as Mastodon). */
export async function updateMediaDetails(ctx: Context, caller: ActingCaller, id: number | null, input: MediaDetails): Promise<MediaRow> {
  const m = await getMedia(ctx, caller.account, id, { unattached: true });
  const description = checkDescription(input.description);
  const focus = checkFocus(input.focus);
  const now = ctx.clock.now().toISOString();
  const meta = JSON.parse(m.meta) as Record<string, unknown>;
  if (focus) meta.focus = focus;
  const row = await transaction(ctx, async (trx) => {
    const updated = await updateMedia(trx, Number(m.id), { ...(description !== undefined ? { description } : {}), meta: JSON.stringify(meta), updated_at: now });
    if (updated) await recordOperatorAct(trx, caller, { action: 'media.update', subjectType: 'media', subjectId: Number(m.id) }, now);
    return updated;
  });
  if (!row) throw notFound('Media attachment');
  return row;
}
