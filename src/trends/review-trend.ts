import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { notFound } from '../app/errors.js';
import { transaction } from '../app/transaction.js';
import { recordAudit } from '../audit/audit.repository.js';
import type { Caller } from '../operators/operators.policy.js';
import { decideCard, decideStatus, decideTag } from './trends.repository.js';
import { mayReviewTrends } from './trends.policy.js';

/** What a reviewer decides on (Mastodon's trends review): a link (preview card), a status or a hashtag. */
export type TrendKind = 'link' | 'status' | 'tag';

export type TrendDecision = 'approve' | 'reject';

const SUBJECT: Record<TrendKind, { type: string; name: string; decide: (db: Parameters<typeof decideTag>[0], id: number, trendable: boolean, at: string) => Promise<boolean> }> = {
  link: { type: 'preview_card', name: 'Link', decide: (db, id, t) => decideCard(db, id, t) },
  status: { type: 'status', name: 'Status', decide: (db, id, t) => decideStatus(db, id, t) },
  tag: { type: 'tag', name: 'Tag', decide: decideTag },
};

/**
 * POST /api/v1/admin/trends/{links,statuses,tags}/:id/approve|reject: the
 * item may trend (shown to everyone once it does) or never will, whatever
 * the provider's default and, for a link, its publisher's standing. A
 * reviewer may change their mind later (approve what was rejected). The
 * decision and its record in the audit log commit together.
 */
export async function reviewTrend(ctx: Context, caller: Caller, input: { kind: TrendKind; id: number; decision: TrendDecision }): Promise<void> {
  authorize(mayReviewTrends(caller), 'Only reviewers and admins review trends');
  const subject = SUBJECT[input.kind];
  const at = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    const found = await subject.decide(trx, input.id, input.decision === 'approve', at);
    if (!found) throw notFound(subject.name);
    await recordAudit(trx, { actorId: Number(caller.account.id), action: `trends.${input.kind}.${input.decision}`, subjectType: subject.type, subjectId: input.id, at });
  });
}
