import type { AccountRow } from '../accounts/accounts.repository.js';
import type { Caller } from '../operators/operators.policy.js';
import type { ReportRow } from './reports.repository.js';

/**
 * Who may do what with reports. Pure predicates; what needs the database
 * (whether the caller operates, or operated, the reported organ) is looked up
 * first and passed in as `conflicted`.
 *
 * Whether an organ's operators see reports about the organ's own posts: no.
 * A report goes to the provider's moderators about the provider's rules; it is
 * not a complaint to the organ. The reporter is usually a citizen and the
 * reported a government body that holds power over them, so the reporter's
 * name, and even the fact that a report exists, stays with the moderators, as
 * Mastodon keeps it (the reported account never sees who reported). The organ
 * learns what is decided, through the account warning and its
 * `moderation_warning` notification, which cite the statuses concerned but not
 * the report's author or comment. A public body's duty to answer complaints is
 * met by the channel made for it: a service request (category `complaint`)
 * addressed to the organ, whose author chooses to be known to it. For the same
 * reason a moderator who operates (or operated) the reported organ, or who is
 * the reported account, neither sees nor handles the report.
 */

/** A moderator: a reviewer or an admin acting as themself (never through an operator's token for an organ). */
export function isModerator(caller: Caller): boolean {
  return caller.operator === null && (caller.account.role === 'reviewer' || caller.account.role === 'admin');
}

/** An admin acting as themself. */
export function isAdmin(caller: Caller): boolean {
  return caller.operator === null && caller.account.role === 'admin';
}

/** Anyone signed in reports another open account; nobody reports themself (nor an organ its own account). */
export function mayFileReport(caller: Caller, target: AccountRow): boolean {
  return Number(caller.account.id) !== Number(target.id) && (caller.operator === null || Number(caller.operator.id) !== Number(target.id));
}

/**
 * Whether the report concerns the moderator: it is about them, or about an
 * organ they operate or operated (`operatesTarget`, looked up first).
 */
export function isConflicted(caller: Caller, report: Pick<ReportRow, 'target_account_id'>, operatesTarget: boolean): boolean {
  return Number(report.target_account_id) === Number(caller.account.id) || operatesTarget;
}

/** Moderators read the queue and a report in it, except one that concerns them (to them it does not exist). */
export function mayReadReport(caller: Caller, report: Pick<ReportRow, 'target_account_id'>, operatesTarget: boolean): boolean {
  return isModerator(caller) && !isConflicted(caller, report, operatesTarget);
}

/** Assigning, resolving, reopening and recategorising: the moderators who may read it. */
export function mayHandleReport(caller: Caller, report: Pick<ReportRow, 'target_account_id'>, operatesTarget: boolean): boolean {
  return mayReadReport(caller, report, operatesTarget);
}
