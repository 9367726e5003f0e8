import type { Context } from '../app/context.js';
import { notFound } from '../app/errors.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { type MediaRow, findMedia } from './media.repository.js';
import { isUnattached, mayManage } from './media.policy.js';

/**
 * The account's own upload; anyone else's is 404, as if it did not exist.
 * GET /api/v1/media/:id shows only uploads not yet attached (`unattached`),
 * as Mastodon: once posted, an attachment is read through its status.
 */
export async function getMedia(ctx: Context, account: AccountRow, id: number | null, options: { unattached?: boolean } = {}): Promise<MediaRow> {
  const m = id === null ? undefined : await findMedia(ctx.db, id);
  if (!m || !mayManage(account, m) || (options.unattached && !isUnattached(m))) throw notFound('Media attachment');
  return m;
}
