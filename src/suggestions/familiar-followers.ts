import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { familiarFollowersOf } from './discovery.repository.js';

/** How many familiar followers each account lists: a profile shows a few faces and a count. */
export const FAMILIAR_PER_ACCOUNT = 40;

/** GET /api/v1/accounts/familiar_followers: for each id, in the order asked, the accounts the viewer follows that follow it. */
export async function familiarFollowers(ctx: Context, viewer: AccountRow, ids: readonly number[]): Promise<{ id: number; accounts: AccountRow[] }[]> {
  const list = [...new Set(ids)];
  const found = await familiarFollowersOf(ctx.db, Number(viewer.id), list, FAMILIAR_PER_ACCOUNT);
  return list.map((id) => ({ id, accounts: found.get(id) ?? [] }));
}
