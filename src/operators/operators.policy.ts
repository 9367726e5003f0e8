import type { AccountRow } from '../accounts/accounts.repository.js';
import { reviewerReads } from '../verification/verification.policy.js';

/**
 * Who may act for an organ. Pure predicates over the caller; the one fact
 * that needs the database — whether the caller, signed in as themself, is a
 * live operator of the organ — is looked up first and passed in.
 */

/** A signed-in caller: the account the token acts as and, for an operator's token, the staff member behind it. */
export interface Caller {
  account: AccountRow;
  operator: AccountRow | null;
  /** The scopes of the caller's token, where reviewers' reads depend on them (reviewerReads). */
  scopes?: readonly string[];
}

/** The organ's own account acting directly, not through an operator's token. */
export function isOrganItself(caller: Caller, organId: number): boolean {
  return Number(caller.account.id) === organId && caller.operator === null;
}

/** The organ, either directly or through an operator's token, or a live operator signed in as themself. */
export function actsForOrgan(caller: Caller, organId: number, callerIsLiveOperator: boolean): boolean {
  if (Number(caller.account.id) === organId) return true;
  return caller.operator === null && callerIsLiveOperator;
}

/** The staff member to record for an act done for the organ: null when the organ itself acts. */
export function operatorIdFor(caller: Caller, organId: number): number | null {
  if (Number(caller.account.id) === organId) return caller.operator ? Number(caller.operator.id) : null;
  return Number(caller.account.id);
}

/** Only the organ itself adds and removes operators: an operator cannot appoint another. */
export function mayManageOperators(caller: Caller, organId: number): boolean {
  return isOrganItself(caller, organId);
}

/** The organ's side and the provider's reviewers see who runs an organ. */
export function mayListOperators(caller: Caller, organId: number, callerIsLiveOperator: boolean): boolean {
  return actsForOrgan(caller, organId, callerIsLiveOperator) || reviewerReads(caller);
}

/** A live operator, signed in as themself (a token that already acts for an organ cannot mint more). */
export function mayTakeOperatorToken(caller: Caller, callerIsLiveOperator: boolean): boolean {
  return caller.operator === null && callerIsLiveOperator;
}

/** What only the organ's side and reviewers see: private requests, analytics, applications naming the organ. */
export function maySeeOrganInternals(caller: Caller | null, organId: number, callerIsLiveOperator: boolean): boolean {
  return !!caller && (actsForOrgan(caller, organId, callerIsLiveOperator) || reviewerReads(caller));
}
