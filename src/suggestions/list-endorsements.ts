import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { pageEndorsed } from './discovery.repository.js';

/** GET /api/v1/endorsements (the caller's) and GET /api/v1/accounts/:id/endorsements (anyone's, 4.4): endorsements are public, as on a profile. */
export async function listEndorsements(ctx: Context, account: AccountRow, window: { maxId?: number | undefined; sinceId?: number | undefined; minId?: number | undefined; limit: number }) {
  return pageEndorsed(ctx.db, Number(account.id), window);
}
