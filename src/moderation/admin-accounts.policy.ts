import type { AccountRow } from '../accounts/accounts.repository.js';
import type { Role } from '../accounts/accounts.table.js';
import type { Caller } from '../operators/operators.policy.js';
import type { AccountActionType } from './moderation.table.js';
import { isAdmin, isModerator } from './reports.policy.js';

/**
 * Who may act on accounts. Reviewers keep the queue and may warn and mark an
 * account's media sensitive, measures that take nothing from its audience;
 * silencing, disabling, suspending and their undoing, and deletion, are for
 * admins, since they take a voice (often an organ's) off the provider.
 * Nobody acts on themself, on an account of their own rank or above, or on
 * an organ they operate or operated (`conflicted`, looked up first).
 */

const RANK: Record<Role, number> = { user: 0, reviewer: 1, admin: 2 };

/** The actions a reviewer who is not an admin may take. */
export const REVIEWER_ACTIONS: readonly AccountActionType[] = ['none', 'sensitive'];

export type UndoAction = 'unsilence' | 'unsuspend' | 'unsensitive' | 'enable';

/** Moderators read accounts as admins see them (e-mail, standing). */
export function mayReadAdminAccounts(caller: Caller): boolean {
  return isModerator(caller);
}

/** The caller outranks the target and has no stake in it. */
function mayActOn(caller: Caller, target: AccountRow, conflicted: boolean): boolean {
  return Number(caller.account.id) !== Number(target.id) && !conflicted && RANK[caller.account.role] > RANK[target.role];
}

export function mayTakeAction(caller: Caller, target: AccountRow, type: AccountActionType, conflicted: boolean): boolean {
  if (!isModerator(caller) || !mayActOn(caller, target, conflicted)) return false;
  return isAdmin(caller) || REVIEWER_ACTIONS.includes(type);
}

/** Undoing: an admin, or a reviewer lifting the sensitive mark they may set. An unsuspension needs a suspension not yet made final by deletion. */
export function mayUndo(caller: Caller, target: AccountRow, undo: UndoAction, conflicted: boolean): boolean {
  if (!isModerator(caller) || !mayActOn(caller, target, conflicted)) return false;
  if (undo === 'unsuspend' && (target.suspended_at === null || target.deleted_at !== null)) return false;
  return isAdmin(caller) || undo === 'unsensitive';
}

/** Deleting an account's data: admins only, and only once it is suspended (as Mastodon). */
export function mayDeleteAccount(caller: Caller, target: AccountRow, conflicted: boolean): boolean {
  return isAdmin(caller) && mayActOn(caller, target, conflicted) && target.suspended_at !== null && target.deleted_at === null;
}

/**
 * Approving or rejecting a sign-up: there is none to decide on this
 * provider, since every account is open from its sign-up (CONTRACT §4), so
 * no account is pending and Mastodon's answer for one that is not pending, a
 * 403, is the answer for all.
 */
export function mayReviewSignUp(caller: Caller, target: AccountRow, pending: boolean): boolean {
  return isAdmin(caller) && Number(caller.account.id) !== Number(target.id) && pending;
}
