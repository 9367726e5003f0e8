import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { fieldError } from '../app/errors.js';
import { type RequestCategory, requestDueAt } from '../domain/service-request.js';
import type { Caller } from '../operators/operators.policy.js';
import { findOrgan } from '../operators/operators.repository.js';
import { callerIsOrganInsider } from '../operators/standing.js';
import { mayFileTo } from './requests.policy.js';
import { notify } from '../social/notify.js';
import { type RequestRow, insertRequest, insertRequestEvent } from './requests.repository.js';
import { transaction } from '../app/transaction.js';
import { recordOperatorAct } from '../audit/record-operator-act.js';
import { CATEGORY_LABELS, postServiceMessage } from './service-message.js';

export interface SubmitInput {
  /** The organ asked: a verified institutional account. */
  account_id: string;
  category: RequestCategory;
  text: string;
  visibility: 'public' | 'private';
}

/** POST /api/v1/gov/requests: a citizen asks an organ; the organ is notified in the same transaction. */
export async function submitRequest(ctx: Context, caller: Caller, input: SubmitInput): Promise<RequestRow> {
  const organId = Number(input.account_id);
  const organ = await findOrgan(ctx.db, organId);
  if (!organ) throw fieldError('account_id', 'ERR_INVALID', 'must be a verified institutional account', 'organ_not_verified');
  const citizenId = Number(caller.account.id);
  authorize(mayFileTo(await callerIsOrganInsider(ctx.db, caller, organId)), "An organ, and anyone who operates or operated it, may not file requests to it: its service record is the public's");
  const at = ctx.clock.now();
  const now = at.toISOString();
  return transaction(ctx, async (trx) => {
    const row = await insertRequest(trx, {
      organ_account_id: organId,
      citizen_account_id: citizenId,
      category: input.category,
      text: input.text,
      visibility: input.visibility,
      state: 'submitted',
      response: null,
      accepted_at: null,
      first_response_at: null,
      resolved_at: null,
      rating: null,
      rated_at: null,
      created_at: now,
      updated_at: now,
      due_at: requestDueAt(input.category, at).toISOString(),
    });
    const message = await postServiceMessage(ctx, trx, { from: caller.account, to: organ, operatorId: caller.operator ? Number(caller.operator.id) : null, requestId: Number(row.id), step: 'submitted', category: CATEGORY_LABELS[input.category], body: input.text, at: now });
    await insertRequestEvent(trx, { request_id: row.id, actor_id: citizenId, operator_id: caller.operator ? Number(caller.operator.id) : null, type: 'submitted', text: null, created_at: now, status_id: Number(message.id) });
    await recordOperatorAct(trx, caller, { action: 'request.submit', subjectType: 'service_request', subjectId: Number(row.id) }, now);
    await notify(trx, [{ accountId: organId, fromAccountId: citizenId, type: 'gov.request', requestId: Number(row.id), at: now }]);
    return row;
  });
}
