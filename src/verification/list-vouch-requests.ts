import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { type Caller, maySeeOrganInternals } from '../operators/operators.policy.js';
import { callerIsLiveOperator, requireOrgan } from '../operators/standing.js';
import type { VerificationRow } from './verifications.repository.js';
import { listPendingNamingOrgan } from './vouches.repository.js';

/** GET /api/v1/gov/accounts/:id/vouch_requests: pending applications of officials naming the organ, for it to vouch. */
export async function listVouchRequests(ctx: Context, caller: Caller, organId: number, q: { max_id?: string | undefined; min_id?: string | undefined; limit: number }): Promise<VerificationRow[]> {
  await requireOrgan(ctx.db, organId);
  authorize(maySeeOrganInternals(caller, organId, await callerIsLiveOperator(ctx.db, caller, organId)), 'Only the organ, its operators and reviewers see who names it');
  return listPendingNamingOrgan(ctx.db, organId, { ...(q.max_id ? { maxId: Number(q.max_id) } : {}), ...(q.min_id ? { minId: Number(q.min_id) } : {}), limit: q.limit });
}
