import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { notFound } from '../app/errors.js';
import { transaction } from '../app/transaction.js';
import { recordAudit } from '../audit/audit.repository.js';
import type { Caller } from '../operators/operators.policy.js';
import type { TrendDecision } from './review-trend.js';
import { type PublisherRow, decidePublisher } from './trends.repository.js';
import { mayReviewTrends } from './trends.policy.js';

/**
 * POST /api/v1/admin/trends/links/publishers/:id/approve|reject: every link
 * of the publisher's domain (and its subdomains) may trend, or none may,
 * except links decided on one by one, whose own decision stands.
 */
export async function reviewPublisher(ctx: Context, caller: Caller, id: number, decision: TrendDecision): Promise<PublisherRow> {
  authorize(mayReviewTrends(caller), 'Only reviewers and admins review trends');
  const at = ctx.clock.now().toISOString();
  return transaction(ctx, async (trx) => {
    const row = await decidePublisher(trx, id, decision === 'approve', at);
    if (!row) throw notFound('Publisher');
    await recordAudit(trx, { actorId: Number(caller.account.id), action: `trends.publisher.${decision}`, subjectType: 'preview_card_provider', subjectId: id, data: { domain: row.domain }, at });
    return row;
  });
}
