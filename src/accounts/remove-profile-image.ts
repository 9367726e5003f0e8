import type { Context } from '../app/context.js';
import { AppError, notFound } from '../app/errors.js';
import { afterCommit, transaction } from '../app/transaction.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { removeFiles } from '../media/status-media.js';
import { type AccountRow, findAccountById, updateAccount } from './accounts.repository.js';

/**
 * DELETE /api/v1/profile/avatar and /api/v1/profile/header (Mastodon 4.2):
 * the account goes back to the default picture; the files it had are removed
 * once that commits. Removing a picture the account does not have is not an
 * error (Mastodon answers the same 200).
 */
export async function removeProfileImage(ctx: Context, caller: ActingCaller, which: 'avatar' | 'header'): Promise<AccountRow> {
  if (caller.account.domain !== null) throw new AppError('forbidden', 'This account belongs to another server');
  const now = ctx.clock.now().toISOString();
  const id = Number(caller.account.id);
  const row = await transaction(ctx, async (trx) => {
    const before = await findAccountById(trx, id);
    if (!before) return undefined;
    const old = [before[`${which}_key`], before[`${which}_static_key`]].filter((k): k is string => k !== null);
    if (old.length === 0) return before;
    const updated = await updateAccount(trx, caller.account.id, { [`${which}_key`]: null, [`${which}_static_key`]: null, updated_at: now });
    if (updated) {
      await recordOperatorAct(trx, caller, { action: 'account.update', subjectType: 'account', subjectId: id }, now);
      afterCommit(trx, () => removeFiles(ctx, [...new Set(old)]));
    }
    return updated;
  });
  if (!row) throw notFound('Account');
  return row;
}
