import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { AppError, fieldError, notFound } from '../app/errors.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { findAccountById, updateAccount } from '../accounts/accounts.repository.js';
import { type VerificationDecision, nextVerificationState } from '../domain/verification-state.js';
import { recordAudit } from '../audit/audit.repository.js';
import type { Executor } from '../db/database.js';
import { endOperatorTokens } from '../oauth/operator-tokens.js';
import { organsEverOperatedBy } from '../operators/operators.repository.js';
import { notify } from '../social/notify.js';
import { verifiedNameProblem } from './apply.js';
import { deleteGovProfile, upsertGovProfile } from './gov-profiles.repository.js';
import { isReviewer, mayDecide } from './verification.policy.js';
import { type VerificationRow, approvedVerificationsOf, findVerification, transitionVerification } from './verifications.repository.js';
import { transaction } from '../app/transaction.js';
import { queueDistribution } from '../jobs/distribute.js';

/** What a reviewer sends with a decision. */
export interface DecisionInput {
  reason?: string | undefined;
  /** Approval only: the name the account shows once verified (the organ's name, the account name applied for, or the reviewer's edit of either). */
  display_name?: string | undefined;
}

/** A decision that an approval superseded, kept so that undoing the approval puts it back as it was. */
export interface SupersededDecision {
  id: number;
  reason: string | null;
  reviewer_id: number | null;
  decided_at: string | null;
  display_name: string | null;
  decision_undo: string | null;
}

/** Stored as JSON in verifications.decision_undo: what undoing the last decision restores. */
export interface DecisionUndo {
  decision: 'approve' | 'reject';
  /** The account's display name before the approval renamed it; null when the approval left it as it was. */
  display_name_before: string | null;
  superseded: SupersededDecision[];
}

/**
 * The display name an approval gives: the reviewer's choice, else the
 * account name applied for, else, for an organ whose account has no display
 * name yet (sign-up asks for none), the organ's name. An official applies
 * with the organ they serve in, which is no name for their own account, and a
 * name the account already shows is the reviewer's to change or keep: without
 * a choice, those stay as they are (null).
 */
export function approvedDisplayName(row: Pick<VerificationRow, 'kind' | 'organ_name' | 'account_name'>, current: string, chosen: string | undefined): string | null {
  if (chosen !== undefined) {
    const problem = verifiedNameProblem(chosen);
    if (problem) throw fieldError('display_name', problem.startsWith('is too long') ? 'ERR_TOO_LONG' : 'ERR_INVALID', problem);
    return chosen.trim();
  }
  if (row.account_name) return row.account_name;
  if (row.kind === 'institutional' && current.trim() === '' && verifiedNameProblem(row.organ_name) === null) return row.organ_name.trim();
  return null;
}

/** Fills the account's government profile from an approved application. */
export async function giveGovProfile(trx: Executor, row: VerificationRow, verifiedAt: string): Promise<void> {
  await upsertGovProfile(trx, {
    account_id: Number(row.account_id),
    verification_id: row.id,
    kind: row.kind,
    organ: row.organ,
    organ_name: row.organ_name,
    public_security: row.public_security,
    level: row.level,
    rank: row.rank,
    province: row.province,
    region_code: row.region_code,
    position: row.position,
    verification: row.verification_text,
    verified_at: verifiedAt,
  });
}

/**
 * A reviewer approves, rejects or revokes an application. Approval fills the
 * account's government profile and gives it the display name the reviewer
 * chose; revocation empties the profile. Rejection and revocation need a
 * reason: the applicant is owed one, and is notified of every decision.
 * Every decision is audited.
 */
export async function decideVerification(ctx: Context, actor: AccountRow, id: number, decision: VerificationDecision, input: DecisionInput = {}): Promise<VerificationRow> {
  // The role is checked before the lookup: a non-reviewer gets the same 403 for every id, so it learns nothing about which exist.
  authorize(isReviewer(actor), 'Only reviewers decide on verifications');
  const found = await findVerification(ctx.db, id);
  if (!found) throw notFound('Verification');
  const concerned = [found.account_id, found.organ_account_id].filter((v) => v !== null).map(Number);
  const operatesConcerned = (await organsEverOperatedBy(ctx.db, Number(actor.id), concerned)).size > 0;
  authorize(mayDecide(actor, found, operatesConcerned), operatesConcerned ? 'A reviewer cannot decide on an application of, or naming, an organ they operate' : 'A reviewer cannot decide on their own application');
  const text = input.reason?.trim() || null;
  if (decision !== 'approve' && !text) throw fieldError('reason', 'ERR_BLANK', `can't be blank when you ${decision}`);
  if (decision !== 'approve' && input.display_name !== undefined) throw fieldError('display_name', 'ERR_INVALID', 'is chosen on approval only');
  const to = nextVerificationState(found.state, decision);
  if (!to) throw new AppError('invalid_state', `A ${found.state} application cannot be ${decision === 'approve' ? 'approved' : decision + 'ed'}`);
  const applicant = await findAccountById(ctx.db, Number(found.account_id));
  const name = decision === 'approve' ? approvedDisplayName(found, applicant?.display_name ?? '', input.display_name) : null;

  const now = ctx.clock.now().toISOString();
  const decided = await transaction(ctx, async (trx) => {
    const accountId = Number(found.account_id);
    const undo: DecisionUndo | null = decision === 'revoke' ? null : { decision, display_name_before: null, superseded: [] };
    if (decision === 'approve' && undo) {
      // A newer approval replaces the profile an earlier one gave.
      for (const old of await approvedVerificationsOf(trx, accountId)) {
        if (Number(old.id) === id) continue;
        undo.superseded.push({ id: Number(old.id), reason: old.reason, reviewer_id: old.reviewer_id === null ? null : Number(old.reviewer_id), decided_at: old.decided_at, display_name: old.display_name, decision_undo: old.decision_undo });
        await transitionVerification(trx, Number(old.id), 'approved', { state: 'revoked', reason: `superseded by #${id}`, reviewer_id: actor.id, decided_at: now, updated_at: now, decision_undo: null });
      }
      const account = await findAccountById(trx, accountId);
      if (name !== null && account && account.display_name !== name) {
        undo.display_name_before = account.display_name;
        await updateAccount(trx, accountId, { display_name: name, updated_at: now });
      }
    }
    const row = await transitionVerification(trx, id, found.state, {
      state: to,
      reason: text,
      reviewer_id: actor.id,
      decided_at: now,
      updated_at: now,
      ...(decision === 'approve' ? { display_name: name } : {}),
      decision_undo: undo ? JSON.stringify(undo) : null,
    });
    if (!row) throw new AppError('invalid_state', 'The application was decided meanwhile');
    if (decision === 'approve') {
      await giveGovProfile(trx, row, now);
      // Verified afresh as an individual, the account is no organ: nobody acts for it any longer.
      if (row.kind !== 'institutional') await endOperatorTokens(trx, { organId: accountId, at: now });
    } else if (decision === 'revoke') {
      await deleteGovProfile(trx, accountId);
      // Operators act for a verified organ only: their tokens for it end with the verification.
      await endOperatorTokens(trx, { organId: accountId, at: now });
    }
    // Other servers show the badge and the government profile as this provider states them: they hear of the change.
    if (decision === 'approve' || decision === 'revoke') await queueDistribution(trx, { type: 'account.updated', account: accountId });
    await notify(trx, [{ accountId, fromAccountId: Number(actor.id), type: 'gov.verification_decision', verificationId: Number(row.id), verificationState: to, at: now }]);
    await recordAudit(trx, {
      actorId: actor.id,
      action: `verification.${decision}`,
      subjectType: 'verification',
      subjectId: row.id,
      reason: text,
      data: { account_id: String(accountId), ...(name !== null ? { display_name: name } : {}) },
      at: now,
    });
    return row;
  });
  return decided;
}
