import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { IdWindow, StatusRow } from '../statuses/statuses.repository.js';
import { tagName } from './status-page.js';
import { filteredStatusPage } from '../filters/filtered-page.js';
import { accountStatusIds } from './timelines.repository.js';
import { blockFactsFor } from '../social/exclusions.js';
import { maySeeAuthorsStatuses } from '../moderation/blocks.policy.js';

export interface AccountStatusesInput {
  account: AccountRow;
  excludeReplies?: boolean | undefined;
  excludeReblogs?: boolean | undefined;
  /** Only statuses with this hashtag. */
  tagged?: string | undefined;
  /** Only statuses with media attachments. */
  onlyMedia?: boolean | undefined;
  window: IdWindow;
}

/**
 * GET /api/v1/accounts/:id/statuses: an account's statuses as the viewer may
 * see them: all for the owner; for others what mayView allows (private ones
 * for followers, those mentioning them), decided where the page is cut.
 */
export async function accountStatuses(ctx: Context, viewer: AccountRow | null, input: AccountStatusesInput): Promise<StatusRow[]> {
  const owner = viewer !== null && Number(viewer.id) === Number(input.account.id);
  // As Mastodon's AccountStatusesFilter: an account that blocks the viewer shows them no statuses.
  if (viewer && !owner && !maySeeAuthorsStatuses(await blockFactsFor(ctx, Number(viewer.id), Number(input.account.id)))) return [];
  const query = {
    accountId: Number(input.account.id),
    viewer,
    owner,
    excludeReplies: input.excludeReplies,
    excludeReblogs: input.excludeReblogs,
    tag: input.tagged ? tagName(input.tagged) : undefined,
    onlyMedia: input.onlyMedia,
  };
  return filteredStatusPage(ctx, viewer, 'account', (window) => accountStatusIds(ctx.db, query, window), input.window);
}
