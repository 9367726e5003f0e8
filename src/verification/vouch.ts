import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { AppError, notFound } from '../app/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { type Caller, actsForOrgan, operatorIdFor } from '../operators/operators.policy.js';
import { isOwnApplication } from './verification.policy.js';
import { findOrgan } from '../operators/operators.repository.js';
import { callerIsLiveOperator } from '../operators/standing.js';
import { notify } from '../social/notify.js';
import { type VerificationRow, findVerification } from './verifications.repository.js';
import { insertVouch } from './vouches.repository.js';
import { transaction } from '../app/transaction.js';

/**
 * POST /api/v1/gov/verifications/:id/vouch: the organ an official's
 * application names (itself or through an operator) confirms that the
 * applicant works there. Reviewers see the vouch beside the application.
 * Vouching again changes nothing.
 */
export async function vouchForApplication(ctx: Context, caller: Caller, verificationId: number): Promise<VerificationRow> {
  const application = await findVerification(ctx.db, verificationId);
  if (!application) throw notFound('Verification');
  if (application.organ_account_id === null) throw new AppError('validation_failed', 'The application names no organ to vouch for it');
  const organId = Number(application.organ_account_id);
  authorize(
    actsForOrgan(caller, organId, await callerIsLiveOperator(ctx.db, caller, organId)),
    'Only the organ the application names, or its operators, vouch for it',
  );
  authorize(!isOwnApplication(caller, application), 'Nobody vouches for their own application, through the organ or otherwise');
  if (!(await findOrgan(ctx.db, organId))) throw new AppError('forbidden', 'The organ is no longer verified');
  if (application.state !== 'pending') throw new AppError('invalid_state', `A ${application.state} application takes no vouch`);

  const operatorId = operatorIdFor(caller, organId);
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    const fresh = await insertVouch(trx, { verification_id: verificationId, organ_account_id: organId, operator_id: operatorId, created_at: now });
    if (!fresh) return;
    // Who vouched, the organ itself or which of its operators, in the same transaction as the vouch.
    await recordAudit(trx, { actorId: organId, operatorId, action: 'verification.vouch', subjectType: 'verification', subjectId: verificationId, data: { account_id: String(application.account_id) }, at: now });
    await notify(trx, [{ accountId: Number(application.account_id), fromAccountId: organId, type: 'gov.verification', at: now }]);
  });
  return application;
}
