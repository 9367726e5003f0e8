import type { AccountRow } from '../accounts/accounts.repository.js';
import type { VerificationRow } from './verifications.repository.js';

/** Who may do what with verification applications. Pure predicates; `authorize` turns a no into a 403. */

export function isReviewer(actor: AccountRow | null | undefined): boolean {
  return actor?.role === 'reviewer' || actor?.role === 'admin';
}

/** An account applies only for itself: an organ's staff cannot file for another account. */
export function mayApply(actor: AccountRow, forAccountId: number): boolean {
  return Number(actor.id) === forAccountId;
}

/** Reviewers decide, but never on their own application. */
export function mayDecide(actor: AccountRow, application: VerificationRow): boolean {
  return isReviewer(actor) && Number(application.account_id) !== Number(actor.id);
}

/** The applicant and the reviewers see an application; to anyone else it does not exist. */
export function mayView(actor: AccountRow | null, application: VerificationRow): boolean {
  return !!actor && (Number(actor.id) === Number(application.account_id) || isReviewer(actor));
}

export function mayListAll(actor: AccountRow): boolean {
  return isReviewer(actor);
}
