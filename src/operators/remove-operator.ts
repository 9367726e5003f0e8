import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { notFound } from '../app/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { endOperatorTokens } from '../oauth/operator-tokens.js';
import { type Caller, mayManageOperators } from './operators.policy.js';
import { type OperatorRow, findLiveOperator, markOperatorRemoved } from './operators.repository.js';
import { requireOrgan } from './standing.js';
import { transaction } from '../app/transaction.js';

/**
 * DELETE /api/v1/gov/accounts/:id/operators/:account_id: the organ takes a
 * staff member off. Every token through which they acted for it dies with the
 * row (authentication also checks the row, so a missed token is dead anyway).
 */
export async function removeOperator(ctx: Context, caller: Caller, organId: number, operatorAccountId: number): Promise<OperatorRow> {
  await requireOrgan(ctx.db, organId);
  authorize(mayManageOperators(caller, organId), 'Only the organ itself removes operators');
  const live = await findLiveOperator(ctx.db, organId, operatorAccountId);
  if (!live) throw notFound('Operator');
  const now = ctx.clock.now().toISOString();
  return transaction(ctx, async (trx) => {
    const row = await markOperatorRemoved(trx, Number(live.id), now);
    if (!row) throw notFound('Operator');
    await endOperatorTokens(trx, { organId, operatorId: operatorAccountId, at: now });
    await recordAudit(trx, { actorId: organId, action: 'operator.remove', subjectType: 'account', subjectId: operatorAccountId, data: { organ_account_id: String(organId) }, at: now });
    return row;
  });
}
