import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { notFound } from '../app/errors.js';
import { type AccountRow, updateAccount } from '../accounts/accounts.repository.js';
import { recordAudit } from '../audit/audit.repository.js';
import { transaction } from '../app/transaction.js';
import type { Caller } from '../operators/operators.policy.js';
import { type UndoAction, mayUndo } from './admin-accounts.policy.js';
import { getAdminAccount } from './list-admin-accounts.js';
import { organsOperatedBy } from './list-reports.js';
import { MODERATED_ACCOUNT } from './take-account-action.js';
import { restoreAccountToFeeds } from './account-standing.js';
import { queueDistribution } from '../jobs/distribute.js';

/**
 * POST /api/v1/admin/accounts/:id/unsilence|unsuspend|unsensitive|enable.
 * Unsuspending reopens the account and puts its recent statuses back in the
 * home feeds they left; its sessions ended with the suspension, so its owner
 * signs in again.
 */
export async function undoAccountAction(ctx: Context, caller: Caller, targetId: number, undo: UndoAction): Promise<AccountRow> {
  const target = await getAdminAccount(ctx, caller, targetId);
  const stakes = await organsOperatedBy(ctx, Number(caller.account.id));
  authorize(mayUndo(caller, target, undo, stakes.has(targetId)), undo === 'unsuspend' && target.suspended_at === null ? 'The account is not suspended' : 'This action is not yours to take on this account');
  const now = ctx.clock.now().toISOString();
  const patch =
    undo === 'unsilence'
      ? { silenced_at: null }
      : undo === 'unsensitive'
        ? { sensitized_at: null }
        : undo === 'enable'
          ? { disabled_at: null }
          : { suspended_at: null, closed_at: null };
  return transaction(ctx, async (trx) => {
    const row = await updateAccount(trx, targetId, { ...patch, updated_at: now });
    if (!row) throw notFound('Account');
    if (undo === 'unsuspend') {
      await restoreAccountToFeeds(trx, row);
      await queueDistribution(trx, { type: 'account.updated', account: targetId });
    }
    await recordAudit(trx, { actorId: Number(caller.account.id), action: `account.${undo}`, subjectType: MODERATED_ACCOUNT, subjectId: targetId, at: now });
    return row;
  });
}
