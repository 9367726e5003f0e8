import type { Updateable } from 'kysely';
import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { AppError } from '../app/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { REQUEST_ACTOR, type RequestAction, nextRequestState } from '../domain/service-request.js';
import { type Caller, operatorIdFor } from '../operators/operators.policy.js';
import { callerIsOrganInsider } from '../operators/standing.js';
import { notify } from '../social/notify.js';
import { getRequest } from './get-request.js';
import { mayTakeRequestAction } from './requests.policy.js';
import type { ServiceRequestsTable } from './requests.table.js';
import { type RequestRow, insertRequestEvent, transitionRequest } from './requests.repository.js';
import { transaction } from '../app/transaction.js';
import { findAccountsByIds } from '../accounts/accounts.repository.js';
import { postServiceMessage } from './service-message.js';
import { recordOperatorAct } from '../audit/record-operator-act.js';

const EVENT = { accept: 'accepted', respond: 'responded', resolve: 'resolved', rate: 'rated' } as const;

/**
 * One step of a request, shared by accept, respond, resolve and rate: find
 * it (404 to whoever may not see it), check who may take the step (403) and
 * whether the state allows it (422 invalid_state), then in one transaction
 * move it, record the step in its history, tell the other party and, for the
 * organ's own acts, write the audit entry (an operator's token is audited by
 * the auth plugin once the answer is sent).
 */
export async function takeStep(
  ctx: Context,
  caller: Caller,
  id: number,
  action: RequestAction,
  change: (row: RequestRow, now: string) => { patch: Updateable<ServiceRequestsTable>; text: string | null },
): Promise<RequestRow> {
  const { row, organSide } = await getRequest(ctx, caller, id);
  const byCitizen = REQUEST_ACTOR[action] === 'citizen';
  const insider = byCitizen && (await callerIsOrganInsider(ctx.db, caller, Number(row.organ_account_id)));
  authorize(
    mayTakeRequestAction(caller, row, action, organSide, insider),
    !byCitizen ? 'Only the organ and its operators handle a request' : insider ? "Whoever operates or operated the organ may not rate its handling" : 'Only the citizen who asked rates a request',
  );
  const to = nextRequestState(row.state, action);
  if (!to) throw new AppError('invalid_state', `A ${row.state} request cannot be ${EVENT[action]}`);
  if (action === 'rate' && row.rated_at !== null) throw new AppError('invalid_state', 'The request has already been rated');

  const organId = Number(row.organ_account_id);
  const citizenId = Number(row.citizen_account_id);
  const byOrgan = REQUEST_ACTOR[action] === 'organ';
  const operatorId = byOrgan ? operatorIdFor(caller, organId) : caller.operator ? Number(caller.operator.id) : null;
  const now = ctx.clock.now().toISOString();
  const { patch, text } = change(row, now);
  return transaction(ctx, async (trx) => {
    const updated = await transitionRequest(trx, id, row.state, { ...patch, state: to, updated_at: now }, { unrated: action === 'rate' });
    if (!updated) throw new AppError('invalid_state', 'The request changed meanwhile');
    const parties = new Map((await findAccountsByIds(trx, [organId, citizenId])).map((a) => [Number(a.id), a]));
    const organ = parties.get(organId);
    const citizen = parties.get(citizenId);
    let messageId: number | null = null;
    if (organ && citizen && !citizen.closed_at && !organ.closed_at) {
      const body = action === 'respond' ? text : action === 'rate' ? `${updated.rating}/5` : null;
      const message = await postServiceMessage(ctx, trx, { from: byOrgan ? organ : citizen, to: byOrgan ? citizen : organ, operatorId, requestId: id, step: EVENT[action], body, at: now });
      messageId = Number(message.id);
    }
    await insertRequestEvent(trx, { request_id: id, actor_id: byOrgan ? organId : citizenId, operator_id: operatorId, type: EVENT[action], text, created_at: now, status_id: messageId });
    await notify(trx, [
      byOrgan
        ? { accountId: citizenId, fromAccountId: organId, type: 'gov.request_update', requestId: id, requestStep: EVENT[action], at: now }
        : { accountId: organId, fromAccountId: citizenId, type: 'gov.request_update', requestId: id, requestStep: EVENT[action], at: now },
    ]);
    // The organ's side records who acted for it; a citizen's act is recorded when it comes through an operator's token.
    if (byOrgan) await recordAudit(trx, { actorId: organId, operatorId, action: `request.${action}`, subjectType: 'service_request', subjectId: id, at: now });
    else await recordOperatorAct(trx, caller, { action: `request.${action}`, subjectType: 'service_request', subjectId: id }, now);
    return updated;
  });
}
