import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { notFound } from '../app/errors.js';
import type { Caller } from '../operators/operators.policy.js';
import type { IdWindow } from '../statuses/statuses.repository.js';
import { mayReviewTrends } from '../trends/trends.policy.js';
import { type AdminTagRow, adminTagById, adminTagsPage } from './admin-tags.repository.js';

const WHO = 'Only reviewers and admins manage hashtags';

/** GET /api/v1/admin/tags: every hashtag known, newest first; staff who review trends only (Mastodon's manage_taxonomies). */
export async function listAdminTags(ctx: Context, caller: Caller, w: IdWindow): Promise<AdminTagRow[]> {
  authorize(mayReviewTrends(caller), WHO);
  return adminTagsPage(ctx.db, w);
}

/** GET /api/v1/admin/tags/:id. */
export async function showAdminTag(ctx: Context, caller: Caller, id: number): Promise<AdminTagRow> {
  authorize(mayReviewTrends(caller), WHO);
  const tag = await adminTagById(ctx.db, id);
  if (!tag) throw notFound('Tag');
  return tag;
}
