import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { isReviewer } from '../verification/verification.policy.js';
import { type AuditRow, listAudit } from './audit.repository.js';

/** Reviewers and admins read the whole log; an account reads what it did and what was done to it. */
export async function listAuditFor(
  ctx: Context,
  actor: AccountRow,
  q: { max_id?: string | undefined; min_id?: string | undefined; limit: number },
): Promise<AuditRow[]> {
  return listAudit(ctx.db, {
    ...(isReviewer(actor) ? {} : { concerning: Number(actor.id) }),
    ...(q.max_id ? { maxId: Number(q.max_id) } : {}),
    ...(q.min_id ? { minId: Number(q.min_id) } : {}),
    limit: q.limit,
  });
}
