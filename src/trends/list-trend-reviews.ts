import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import type { Caller } from '../operators/operators.policy.js';
import { type TrendPage, listTrendingLinks, listTrendingStatuses, listTrendingTags } from './list-trends.js';
import { mayReviewTrends } from './trends.policy.js';

/*
 * GET /api/v1/admin/trends/{links,statuses,tags}: the whole ranking as
 * reviewers see it, what the public does not see yet (or never will) too,
 * each item saying whether it still waits for review.
 */

export async function reviewTrendingLinks(ctx: Context, caller: Caller, page: TrendPage) {
  authorize(mayReviewTrends(caller), 'Only reviewers and admins review trends');
  return listTrendingLinks(ctx, page, 'review');
}

export async function reviewTrendingStatuses(ctx: Context, caller: Caller, page: TrendPage) {
  authorize(mayReviewTrends(caller), 'Only reviewers and admins review trends');
  return listTrendingStatuses(ctx, page, 'review');
}

export async function reviewTrendingTags(ctx: Context, caller: Caller, page: TrendPage) {
  authorize(mayReviewTrends(caller), 'Only reviewers and admins review trends');
  return listTrendingTags(ctx, page, 'review');
}
