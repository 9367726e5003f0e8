import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { AppError, notFound } from '../app/errors.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { updateAccount } from '../accounts/accounts.repository.js';
import { recordAudit } from '../audit/audit.repository.js';
import { queueDistribution } from '../jobs/distribute.js';
import { deleteVerificationDecisionNotifications } from '../social/notifications.repository.js';
import { transaction } from '../app/transaction.js';
import { type DecisionUndo, giveGovProfile } from './decide.js';
import { deleteGovProfile } from './gov-profiles.repository.js';
import { isReviewer, mayUndo } from './verification.policy.js';
import { type VerificationRow, findVerification, hasOtherPendingVerification, transitionVerification } from './verifications.repository.js';

/**
 * POST /api/v1/gov/verifications/:id/undo: the reviewer who approved or
 * rejected an application takes the decision back within
 * LIMITS.verificationUndoMinutes. The application is pending again; an undone
 * approval gives back the display name the account had and the approval it
 * superseded (or leaves the account unverified); the applicant's notification
 * of the decision is withdrawn. Operator sessions an approval ended (an organ
 * verified afresh as an official) stay ended: their holders sign in again.
 */
export async function undoVerificationDecision(ctx: Context, actor: AccountRow, id: number): Promise<VerificationRow> {
  // As for decisions: the role first, so that a non-reviewer learns nothing of which ids exist.
  authorize(isReviewer(actor), 'Only reviewers undo decisions on verifications');
  const found = await findVerification(ctx.db, id);
  if (!found) throw notFound('Verification');
  if ((found.state !== 'approved' && found.state !== 'rejected') || found.decision_undo === null) throw new AppError('invalid_state', `A ${found.state} application has no decision to undo`);
  const now = ctx.clock.now();
  authorize(
    mayUndo(actor, found, now),
    found.reviewer_id !== null && Number(found.reviewer_id) === Number(actor.id) ? 'The time to undo this decision has passed' : 'Only the reviewer who decided may undo the decision',
  );
  const undo = JSON.parse(found.decision_undo) as DecisionUndo;
  const accountId = Number(found.account_id);
  const at = now.toISOString();

  return transaction(ctx, async (trx) => {
    // Two pending applications of one account would each wait for a decision the other makes moot.
    if (await hasOtherPendingVerification(trx, accountId, id)) throw new AppError('conflict', 'The applicant has applied again meanwhile; decide on that application instead');
    const row = await transitionVerification(trx, id, found.state, { state: 'pending', reason: null, reviewer_id: null, decided_at: null, updated_at: at, display_name: null, decision_undo: null });
    if (!row) throw new AppError('invalid_state', 'The application was decided meanwhile');
    if (undo.decision === 'approve') {
      if (undo.display_name_before !== null) await updateAccount(trx, accountId, { display_name: undo.display_name_before, updated_at: at });
      let restored: VerificationRow | undefined;
      for (const old of undo.superseded) {
        restored = (await transitionVerification(trx, old.id, 'revoked', { state: 'approved', reason: old.reason, reviewer_id: old.reviewer_id, decided_at: old.decided_at, updated_at: at, display_name: old.display_name, decision_undo: old.decision_undo })) ?? restored;
      }
      if (restored) await giveGovProfile(trx, restored, restored.decided_at ?? at);
      else await deleteGovProfile(trx, accountId);
      await queueDistribution(trx, { type: 'account.updated', account: accountId });
    }
    await deleteVerificationDecisionNotifications(trx, [id]);
    await recordAudit(trx, { actorId: actor.id, action: 'verification.undo', subjectType: 'verification', subjectId: row.id, data: { account_id: String(accountId), undone: undo.decision }, at });
    return row;
  });
}
