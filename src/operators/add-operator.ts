import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { fieldError } from '../app/errors.js';
import { findAccountById } from '../accounts/accounts.repository.js';
import { recordAudit } from '../audit/audit.repository.js';
import { isUniqueViolation } from '../db/errors.js';
import { type Caller, mayManageOperators } from './operators.policy.js';
import { type OperatorRow, findLiveOperator, insertOperator } from './operators.repository.js';
import { requireOrgan } from './standing.js';
import { transaction } from '../app/transaction.js';

/**
 * POST /api/v1/gov/accounts/:id/operators: the organ appoints a staff member
 * to act for it. Adding someone who already operates it changes nothing.
 */
export async function addOperator(ctx: Context, caller: Caller, organId: number, input: { account_id: string }): Promise<OperatorRow> {
  await requireOrgan(ctx.db, organId);
  authorize(mayManageOperators(caller, organId), 'Only the organ itself adds operators');
  const targetId = Number(input.account_id);
  const target = await findAccountById(ctx.db, targetId);
  if (!target || target.closed_at) throw fieldError('account_id', 'ERR_INVALID', 'must be an open account', 'account_closed');
  if (targetId === organId) throw fieldError('account_id', 'ERR_INVALID', 'an organ cannot operate itself', 'operator_self');

  const existing = await findLiveOperator(ctx.db, organId, targetId);
  if (existing) return existing;
  const now = ctx.clock.now().toISOString();
  try {
    return await transaction(ctx, async (trx) => {
      const row = await insertOperator(trx, { organ_account_id: organId, operator_account_id: targetId, added_by: Number(caller.account.id), created_at: now, removed_at: null });
      await recordAudit(trx, { actorId: organId, action: 'operator.add', subjectType: 'account', subjectId: targetId, data: { organ_account_id: String(organId) }, at: now });
      return row;
    });
  } catch (err) {
    // A concurrent add won: the answer is the same as if it had come first.
    if (isUniqueViolation(err)) {
      const row = await findLiveOperator(ctx.db, organId, targetId);
      if (row) return row;
    }
    throw err;
  }
}
