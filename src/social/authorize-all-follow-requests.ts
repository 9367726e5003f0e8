import type { Context } from '../app/context.js';
import { AppError } from '../app/errors.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { authorizeFollowRequest } from './authorize-follow-request.js';
import { pendingRequesterIds } from './follows.repository.js';

/**
 * When an account stops being locked, every pending request is authorized (as
 * Mastodon's UpdateAccountService does). It follows from the profile update,
 * which is the act audited: the acceptances are not recorded one by one.
 */
export async function authorizeAllFollowRequests(ctx: Context, owner: AccountRow): Promise<void> {
  const caller = { account: owner, operator: null };
  for (;;) {
    const ids = await pendingRequesterIds(ctx.db, Number(owner.id), 100);
    if (ids.length === 0) return;
    for (const id of ids) {
      try {
        await authorizeFollowRequest(ctx, caller, id);
      } catch (err) {
        // Withdrawn meanwhile: nothing to accept.
        if (!(err instanceof AppError && err.code === 'not_found')) throw err;
      }
    }
  }
}
