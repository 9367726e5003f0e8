import type { AccountRow } from '../accounts/accounts.repository.js';
import { LIMITS } from '../domain/limits.js';
import { REVIEW_READ_SCOPE, scopeCovers } from '../domain/scopes.js';
import type { Caller } from '../operators/operators.policy.js';
import type { VerificationRow } from './verifications.repository.js';

/** Who may do what with verification applications. Pure predicates; `authorize` turns a no into a 403. */

export function isReviewer(actor: AccountRow | null | undefined): boolean {
  return actor?.role === 'reviewer' || actor?.role === 'admin';
}

/**
 * A reviewer reading what only reviewers read (others' private requests, an
 * organ's internals, the whole audit log): the role, and a token granted
 * `admin:read:accounts` (or `admin:read`), as Mastodon's admin API asks.
 */
export function reviewerReads(caller: { account: AccountRow; scopes?: readonly string[] } | null | undefined): boolean {
  return !!caller && isReviewer(caller.account) && scopeCovers(caller.scopes ?? [], REVIEW_READ_SCOPE);
}

/** An account applies only for itself: an organ's staff cannot file for another account. */
export function mayApply(actor: AccountRow, forAccountId: number): boolean {
  return Number(actor.id) === forAccountId;
}

/**
 * Reviewers decide, but never on their own application, nor on one of an
 * organ they operate or operated or naming it (`operatesOrganConcerned`, looked
 * up first): that would be deciding their own.
 */
export function mayDecide(actor: AccountRow, application: VerificationRow, operatesOrganConcerned: boolean): boolean {
  return isReviewer(actor) && Number(application.account_id) !== Number(actor.id) && !operatesOrganConcerned;
}

/**
 * Only the reviewer who approved or rejected an application may undo it, and
 * only within LIMITS.verificationUndoMinutes of the decision: the undo mends a
 * slip of one's own hand. Another reviewer who disagrees revokes the approval,
 * or leaves the rejected applicant to apply again, both on record as
 * decisions of their own; a revocation is never undone (it ended the organ's
 * operator sessions, which no undo brings back).
 */
export function mayUndo(actor: AccountRow, application: Pick<VerificationRow, 'reviewer_id' | 'decided_at'>, now: Date): boolean {
  if (!isReviewer(actor) || application.reviewer_id === null || application.decided_at === null) return false;
  if (Number(application.reviewer_id) !== Number(actor.id)) return false;
  return now.getTime() - Date.parse(application.decided_at) <= LIMITS.verificationUndoMinutes * 60_000;
}

/**
 * The applicant sees their application; a reviewer sees others' only through
 * a token granted `admin:read:accounts` (`adminRead`). To anyone else it does not exist.
 */
export function mayView(actor: AccountRow | null, application: VerificationRow, adminRead: boolean): boolean {
  return !!actor && (Number(actor.id) === Number(application.account_id) || mayListAll(actor, adminRead));
}

/** The whole list (the queue) is for a reviewer whose token was granted `admin:read:accounts`. */
export function mayListAll(actor: AccountRow, adminRead: boolean): boolean {
  return isReviewer(actor) && adminRead;
}

/** Whether the application is the caller's own: the account acting, or the staff member behind an operator's token. A vouch for it is self-certification. */
export function isOwnApplication(caller: Caller, application: VerificationRow): boolean {
  const applicant = Number(application.account_id);
  return Number(caller.account.id) === applicant || (caller.operator !== null && Number(caller.operator.id) === applicant);
}

/**
 * An application's evidence files (scans of letters and certificates) are for
 * the applicant account and for reviewers reading with `admin:read:accounts`;
 * not for the organ an official names (it vouches from its own knowledge), nor
 * for anyone else.
 */
export function mayReadEvidence(caller: { account: AccountRow; scopes?: readonly string[] }, application: Pick<VerificationRow, 'account_id'>): boolean {
  return Number(caller.account.id) === Number(application.account_id) || reviewerReads(caller);
}
