import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { fieldError } from '../app/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { transaction } from '../app/transaction.js';
import { type Caller, operatorIdFor } from '../operators/operators.policy.js';
import { isLiveOperator } from '../operators/operators.repository.js';
import { getRequest } from './get-request.js';
import { mayAssignRequest, mayHoldRequest } from './requests.policy.js';
import { type RequestRow, setRequestAssignee } from './requests.repository.js';

/**
 * POST /api/v1/gov/requests/:id/assign {assignee_id} and …/unassign (assignee
 * null): the organ's side gives a request to one of its operators, or to the
 * organ account, or takes it back. 404 to whoever may not see the request,
 * 403 to anyone else off the organ's side, 422 naming assignee_id for someone
 * who may not hold it. Audited as the organ's other acts, in the same transaction.
 */
export async function assignRequest(ctx: Context, caller: Caller, id: number, assigneeId: number | null): Promise<RequestRow> {
  const { row, organSide } = await getRequest(ctx, caller, id);
  authorize(mayAssignRequest(organSide), 'Only the organ and its operators assign its requests');
  const organId = Number(row.organ_account_id);
  if (assigneeId !== null && !mayHoldRequest(assigneeId, row, assigneeId !== organId && (await isLiveOperator(ctx.db, organId, assigneeId)))) {
    throw fieldError('assignee_id', 'ERR_INVALID', 'must be the organ or one of its operators');
  }
  const now = ctx.clock.now().toISOString();
  return transaction(ctx, async (trx) => {
    const updated = await setRequestAssignee(trx, id, assigneeId, now);
    if (!updated) throw new Error(`request ${id} vanished while being assigned`);
    await recordAudit(trx, {
      actorId: organId,
      operatorId: operatorIdFor(caller, organId),
      action: assigneeId === null ? 'request.unassign' : 'request.assign',
      subjectType: 'service_request',
      subjectId: id,
      data: { assignee_id: assigneeId === null ? null : String(assigneeId), previous_assignee_id: row.assignee_id === null ? null : String(row.assignee_id) },
      at: now,
    });
    return updated;
  });
}
