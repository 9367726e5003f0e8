import type { Context } from '../app/context.js';
import { AppError } from '../app/errors.js';
import { afterCommit, transaction } from '../app/transaction.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { getMedia } from './get-media.js';
import { isUnattached } from './media.policy.js';
import { deleteMediaRows } from './media.repository.js';
import { removeFiles } from './status-media.js';

/** DELETE /api/v1/media/:id: the account's own upload and its files; one already attached to a status is a 422 (delete the status instead). */
export async function deleteMedia(ctx: Context, caller: ActingCaller, id: number | null): Promise<void> {
  const m = await getMedia(ctx, caller.account, id);
  if (!isUnattached(m)) throw new AppError('invalid_state', 'Media attachment is currently used by a status');
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    await deleteMediaRows(trx, [Number(m.id)]);
    await recordOperatorAct(trx, caller, { action: 'media.delete', subjectType: 'media', subjectId: Number(m.id) }, now);
    afterCommit(trx, () => removeFiles(ctx, [m.file_key, m.preview_key]));
  });
}
