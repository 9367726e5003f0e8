import type { RequestAction } from '../domain/service-request.js';
import { REQUEST_ACTOR } from '../domain/service-request.js';
import { reviewerReads } from '../verification/verification.policy.js';
import type { Caller } from '../operators/operators.policy.js';
import type { RequestRow } from './requests.repository.js';

/**
 * Who sees and moves a service request. `organSide` is whether the caller
 * acts for the request's organ (the organ, an operator's token, or a live
 * operator signed in as themself): see operators.policy.ts.
 */

export function isCitizenOf(caller: Caller | null, r: RequestRow): boolean {
  return !!caller && Number(caller.account.id) === Number(r.citizen_account_id);
}

/** A public request is everybody's to read; a private one only the citizen's, the organ side's and reviewers'. To anyone else it does not exist. */
export function maySeeRequest(caller: Caller | null, r: RequestRow, organSide: boolean): boolean {
  if (r.visibility === 'public') return true;
  return !!caller && (isCitizenOf(caller, r) || organSide || reviewerReads(caller));
}

/**
 * The organ side accepts, responds and resolves; the citizen who asked rates,
 * unless they are on the organ's side now or were before (`insider`, see
 * callerIsOrganInsider): the organ's record must not be self-rated. Reviewers only watch.
 */
export function mayTakeRequestAction(caller: Caller, r: RequestRow, action: RequestAction, organSide: boolean, insider: boolean): boolean {
  return REQUEST_ACTOR[action] === 'organ' ? organSide : isCitizenOf(caller, r) && !organSide && !insider;
}

/** Anyone files a request to an organ except the organ's own side, present or past (`insider`). */
export function mayFileTo(insider: boolean): boolean {
  return !insider;
}

/** Which staff member took a step is the organ's business and the reviewers', not the public's. */
export function maySeeOperators(caller: Caller | null, organSide: boolean): boolean {
  return organSide || reviewerReads(caller);
}

/** Only the request's organ side gives it to someone or takes it back: not the citizen, not another organ or its staff, not reviewers. */
export function mayAssignRequest(organSide: boolean): boolean {
  return organSide;
}

/**
 * Whom a request may be given to: the organ account itself or one of its live
 * operators (`assigneeIsLiveOperator`); a removed operator, another organ's
 * staff or the citizen never hold it.
 */
export function mayHoldRequest(assigneeId: number, r: RequestRow, assigneeIsLiveOperator: boolean): boolean {
  return assigneeId === Number(r.organ_account_id) || assigneeIsLiveOperator;
}
