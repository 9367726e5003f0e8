import type { Context } from '../app/context.js';
import { AppError, notFound } from '../app/errors.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { recordFollow } from './follows.js';
import { deleteFollowRequest, pendingRequesterIds } from './follows.repository.js';
import { transaction } from '../app/transaction.js';

/**
 * POST /api/v1/follow_requests/:id/authorize: the locked account lets one who
 * asked follow it. The follow is then made as an open follow is (counters,
 * `follow` notification, feed backfill); the follow limit was checked when it
 * was asked, as Mastodon does, and is not checked again.
 */
export async function authorizeFollowRequest(ctx: Context, owner: AccountRow, requesterId: number): Promise<void> {
  const me = Number(owner.id);
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    if (!(await deleteFollowRequest(trx, requesterId, me))) throw notFound('Follow request');
    await recordFollow(trx, requesterId, me, now);
  });
}

/** When an account stops being locked, every pending request is authorized (as Mastodon's UpdateAccountService does). */
export async function authorizeAllFollowRequests(ctx: Context, owner: AccountRow): Promise<void> {
  for (;;) {
    const ids = await pendingRequesterIds(ctx.db, Number(owner.id), 100);
    if (ids.length === 0) return;
    for (const id of ids) {
      try {
        await authorizeFollowRequest(ctx, owner, id);
      } catch (err) {
        // Withdrawn meanwhile: nothing to accept.
        if (!(err instanceof AppError && err.code === 'not_found')) throw err;
      }
    }
  }
}
