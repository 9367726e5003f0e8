import type { AccountJson } from '../accounts/accounts.presenter.js';
import type { RequestEvent, ServiceRequest } from '../http/schemas/gov.js';
import type { RequestEventRow, RequestRow } from './requests.repository.js';

/** One step of a request's history. `operator_id` is shown to the organ's side and reviewers only. */
export function presentRequestEvent(e: RequestEventRow, showOperator: boolean): RequestEvent {
  return {
    id: String(e.id),
    type: e.type,
    account_id: String(e.actor_id),
    operator_id: showOperator && e.operator_id !== null ? String(e.operator_id) : null,
    text: e.text,
    created_at: e.created_at,
  };
}

/** A service request with its history and both parties' accounts. */
export function presentRequest(
  r: RequestRow,
  parts: { organ: AccountJson | null; citizen: AccountJson | null; events: readonly RequestEventRow[]; showOperators: boolean },
): ServiceRequest {
  return {
    id: String(r.id),
    account_id: String(r.organ_account_id),
    citizen_account_id: String(r.citizen_account_id),
    category: r.category,
    text: r.text,
    visibility: r.visibility,
    state: r.state,
    response: r.response,
    accepted_at: r.accepted_at,
    first_response_at: r.first_response_at,
    resolved_at: r.resolved_at,
    rating: r.rating === null ? null : Number(r.rating),
    rated_at: r.rated_at,
    created_at: r.created_at,
    updated_at: r.updated_at,
    organ: parts.organ,
    citizen: parts.citizen,
    events: parts.events.map((e) => presentRequestEvent(e, parts.showOperators)),
  };
}

export type RequestJson = ServiceRequest;
