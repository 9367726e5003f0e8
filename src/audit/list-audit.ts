import type { Context } from '../app/context.js';
import type { Caller } from '../operators/operators.policy.js';
import { reviewerReads } from '../verification/verification.policy.js';
import { type AuditRow, listAudit } from './audit.repository.js';

/** Reviewers and admins (with `admin:read:accounts`) read the whole log; an account reads what it did and what was done to it. */
export async function listAuditFor(
  ctx: Context,
  caller: Caller,
  q: { max_id?: string | undefined; min_id?: string | undefined; limit: number },
): Promise<AuditRow[]> {
  return listAudit(ctx.db, {
    ...(reviewerReads(caller) ? {} : { concerning: Number(caller.account.id) }),
    ...(q.max_id ? { maxId: Number(q.max_id) } : {}),
    ...(q.min_id ? { minId: Number(q.min_id) } : {}),
    limit: q.limit,
  });
}
