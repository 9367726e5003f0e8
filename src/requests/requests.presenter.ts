import type { AccountJson } from '../accounts/accounts.presenter.js';
import type { RequestEvent, RequestStaff, ServiceRequest } from '../http/schemas/gov.js';
import { requestDeadline } from '../domain/service-request.js';
import type { RequestEventRow, RequestRow } from './requests.repository.js';

/**
 * One step of a request's history. The staff member who took it (`operator_id`,
 * `operator`) is shown to the organ's side and reviewers only; others see the
 * step as the organ's (`account_id`).
 */
export function presentRequestEvent(e: RequestEventRow, showOperator: boolean, staff: ReadonlyMap<number, RequestStaff>): RequestEvent {
  const operatorId = showOperator && e.operator_id !== null ? Number(e.operator_id) : null;
  return {
    id: String(e.id),
    type: e.type,
    account_id: String(e.actor_id),
    operator_id: operatorId === null ? null : String(operatorId),
    operator: operatorId === null ? null : (staff.get(operatorId) ?? null),
    text: e.text,
    created_at: e.created_at,
  };
}

/** A service request with its history, both parties' accounts and where it stands against its due time at `now`. */
export function presentRequest(
  r: RequestRow,
  parts: { organ: AccountJson | null; citizen: AccountJson | null; events: readonly RequestEventRow[]; showOperators: boolean; staff: ReadonlyMap<number, RequestStaff>; now: Date },
): ServiceRequest {
  const assigneeId = parts.showOperators && r.assignee_id !== null ? Number(r.assignee_id) : null;
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
    events: parts.events.map((e) => presentRequestEvent(e, parts.showOperators, parts.staff)),
    due_at: r.due_at,
    ...requestDeadline(r.state, new Date(r.due_at), parts.now),
    assignee_id: assigneeId === null ? null : String(assigneeId),
    assignee: assigneeId === null ? null : (parts.staff.get(assigneeId) ?? null),
    assigned_at: assigneeId === null ? null : r.assigned_at,
  };
}

export type RequestJson = ServiceRequest;
