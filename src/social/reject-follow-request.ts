import type { Context } from '../app/context.js';
import { notFound } from '../app/errors.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { deleteFollowRequest } from './follows.repository.js';

/** POST /api/v1/follow_requests/:id/reject: the request and its notification go; no follow is made. */
export async function rejectFollowRequest(ctx: Context, owner: AccountRow, requesterId: number): Promise<void> {
  if (!(await deleteFollowRequest(ctx.db, requesterId, Number(owner.id)))) throw notFound('Follow request');
}
