import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import type { Caller } from '../operators/operators.policy.js';
import { mayReviewSignUp } from './admin-accounts.policy.js';
import { getAdminAccount } from './list-admin-accounts.js';

/**
 * POST /api/v1/admin/accounts/:id/approve|reject. Every account is open
 * from its sign-up here, so none is pending and the answer is Mastodon's for
 * an account that is not: 403 (after the 404 for an unknown one).
 */
export async function reviewSignUp(ctx: Context, caller: Caller, targetId: number, decision: 'approve' | 'reject'): Promise<void> {
  const target = await getAdminAccount(ctx, caller, targetId);
  const pending = false;
  authorize(mayReviewSignUp(caller, target, pending), `The account is not pending approval: there is nothing to ${decision}`);
}
