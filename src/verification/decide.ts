import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { AppError, fieldError, notFound } from '../app/errors.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { type VerificationDecision, nextVerificationState } from '../domain/verification-state.js';
import { recordAudit } from '../audit/audit.repository.js';
import { endOperatorTokens } from '../oauth/operator-tokens.js';
import { organsEverOperatedBy } from '../operators/operators.repository.js';
import { deleteGovProfile, upsertGovProfile } from './gov-profiles.repository.js';
import { isReviewer, mayDecide } from './verification.policy.js';
import { type VerificationRow, approvedVerificationsOf, findVerification, transitionVerification } from './verifications.repository.js';
import { transaction } from '../app/transaction.js';
import { queueDistribution } from '../jobs/distribute.js';

/**
 * A reviewer approves, rejects or revokes an application. Approval fills the
 * account's government profile; revocation empties it. Rejection and
 * revocation need a reason: the applicant is owed one. Every decision is audited.
 */
export async function decideVerification(
  ctx: Context,
  actor: AccountRow,
  id: number,
  decision: VerificationDecision,
  reason: string | undefined,
): Promise<VerificationRow> {
  // The role is checked before the lookup: a non-reviewer gets the same 403 for every id, so it learns nothing about which exist.
  authorize(isReviewer(actor), 'Only reviewers decide on verifications');
  const found = await findVerification(ctx.db, id);
  if (!found) throw notFound('Verification');
  const concerned = [found.account_id, found.organ_account_id].filter((v) => v !== null).map(Number);
  const operatesConcerned = (await organsEverOperatedBy(ctx.db, Number(actor.id), concerned)).size > 0;
  authorize(mayDecide(actor, found, operatesConcerned), operatesConcerned ? 'A reviewer cannot decide on an application of, or naming, an organ they operate' : 'A reviewer cannot decide on their own application');
  const text = reason?.trim() || null;
  if (decision !== 'approve' && !text) throw fieldError('reason', 'ERR_BLANK', `can't be blank when you ${decision}`);
  const to = nextVerificationState(found.state, decision);
  if (!to) throw new AppError('invalid_state', `A ${found.state} application cannot be ${decision === 'approve' ? 'approved' : decision + 'ed'}`);

  const now = ctx.clock.now().toISOString();
  const decided = await transaction(ctx, async (trx) => {
    const row = await transitionVerification(trx, id, found.state, { state: to, reason: text, reviewer_id: actor.id, decided_at: now, updated_at: now });
    if (!row) throw new AppError('invalid_state', 'The application was decided meanwhile');
    const accountId = Number(row.account_id);
    if (decision === 'approve') {
      // A newer approval replaces the profile an earlier one gave.
      for (const old of await approvedVerificationsOf(trx, accountId)) {
        if (Number(old.id) === Number(row.id)) continue;
        await transitionVerification(trx, Number(old.id), 'approved', { state: 'revoked', reason: `superseded by #${row.id}`, reviewer_id: actor.id, decided_at: now, updated_at: now });
      }
      await upsertGovProfile(trx, {
        account_id: accountId,
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
        verified_at: now,
      });
      // Verified afresh as an individual, the account is no organ: nobody acts for it any longer.
      if (row.kind !== 'institutional') await endOperatorTokens(trx, { organId: accountId, at: now });
    } else if (decision === 'revoke') {
      await deleteGovProfile(trx, accountId);
      // Operators act for a verified organ only: their tokens for it end with the verification.
      await endOperatorTokens(trx, { organId: accountId, at: now });
    }
    // Other servers show the badge and the government profile as this provider states them: they hear of the change.
    if (decision === 'approve' || decision === 'revoke') await queueDistribution(trx, { type: 'account.updated', account: accountId });
    await recordAudit(trx, { actorId: actor.id, action: `verification.${decision}`, subjectType: 'verification', subjectId: row.id, reason: text, data: { account_id: String(accountId) }, at: now });
    return row;
  });
  return decided;
}
