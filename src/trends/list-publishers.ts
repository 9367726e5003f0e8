import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import type { Caller } from '../operators/operators.policy.js';
import type { IdWindow } from '../statuses/statuses.repository.js';
import { type PublisherRow, listPublishers } from './trends.repository.js';
import { mayReviewTrends } from './trends.policy.js';

/** GET /api/v1/admin/trends/links/publishers: every publisher known (reviewed or waiting), newest first. */
export async function listPublishersFor(ctx: Context, caller: Caller, w: IdWindow): Promise<PublisherRow[]> {
  authorize(mayReviewTrends(caller), 'Only reviewers and admins review trends');
  return listPublishers(ctx.db, w);
}
