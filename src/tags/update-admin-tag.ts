import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { fieldError, notFound } from '../app/errors.js';
import { transaction } from '../app/transaction.js';
import { recordAudit } from '../audit/audit.repository.js';
import type { Caller } from '../operators/operators.policy.js';
import { mayReviewTrends } from '../trends/trends.policy.js';
import { type AdminTagRow, adminTagById, updateAdminTag } from './admin-tags.repository.js';

/** What PUT /api/v1/admin/tags/:id may change; absent fields stay. */
export interface AdminTagInput {
  displayName?: string | undefined;
  trendable?: boolean | undefined;
  usable?: boolean | undefined;
  listable?: boolean | undefined;
}

/**
 * PUT /api/v1/admin/tags/:id (Mastodon's Admin::TagsController#update): the
 * spelling shown (only a change of letter case: it must stay the same
 * hashtag), whether it may trend, whether new posts are filed under it
 * (`usable`: src/statuses/statuses.repository.ts attachTags) and whether hashtag
 * search lists it (`listable`). Saving marks it reviewed, as Mastodon does.
 * The change and its audit entry commit together.
 */
export async function updateTagSettings(ctx: Context, caller: Caller, id: number, input: AdminTagInput): Promise<AdminTagRow> {
  authorize(mayReviewTrends(caller), 'Only reviewers and admins manage hashtags');
  const at = ctx.clock.now().toISOString();
  return transaction(ctx, async (trx) => {
    const tag = await adminTagById(trx, id);
    if (!tag) throw notFound('Tag');
    const display = input.displayName === undefined || input.displayName === '' ? undefined : input.displayName;
    if (display !== undefined && display.toLowerCase() !== tag.name) throw fieldError('display_name', 'ERR_INVALID', 'does not match the hashtag; only its letter case may change');
    await updateAdminTag(trx, id, { display, trendable: input.trendable, usable: input.usable, listable: input.listable, reviewedAt: at });
    const changed = Object.fromEntries(Object.entries({ display_name: display, trendable: input.trendable, usable: input.usable, listable: input.listable }).filter(([, v]) => v !== undefined));
    await recordAudit(trx, { actorId: Number(caller.account.id), action: 'tag.update', subjectType: 'tag', subjectId: id, data: changed, at });
    const updated = await adminTagById(trx, id);
    if (!updated) throw notFound('Tag');
    return updated;
  });
}
