import type { Context } from '../app/context.js';
import { notFound } from '../app/errors.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { type MediaRow, findMedia } from './media.repository.js';
import { mayManage } from './media.policy.js';

/** GET /api/v1/media/:id: the account's own upload; anyone else's is 404, as if it did not exist. */
export async function getMedia(ctx: Context, account: AccountRow, id: number | null): Promise<MediaRow> {
  const m = id === null ? undefined : await findMedia(ctx.db, id);
  if (!m || !mayManage(account, m)) throw notFound('Media attachment');
  return m;
}
