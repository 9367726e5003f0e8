import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { getOpenAccount } from '../accounts/get-open-account.js';
import { pageFollows } from './follows.repository.js';

export interface ListFollowsInput {
  /** Whose followers or following; null (a malformed id) is not found. */
  accountId: number | null;
  direction: 'followers' | 'following';
  maxId?: number | undefined;
  sinceId?: number | undefined;
  limit: number;
}

/** GET /api/v1/accounts/:id/followers and /following: open accounts, newest follow first, paged by the follow's id. Public. */
export async function listFollows(ctx: Context, _viewer: AccountRow | null, input: ListFollowsInput) {
  const account = await getOpenAccount(ctx, input.accountId);
  return pageFollows(ctx.db, Number(account.id), input.direction, { maxId: input.maxId, sinceId: input.sinceId, limit: input.limit });
}
