import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { notFound } from '../app/errors.js';
import { getStatus } from './get-status.js';

/** GET /api/v1/statuses/:id/source: the text as written, for the author only (anyone else: 404, as Mastodon). */
export async function getStatusSource(ctx: Context, viewer: AccountRow, id: number): Promise<{ id: string; text: string; spoiler_text: string }> {
  const status = await getStatus(ctx, viewer, id);
  if (Number(status.account_id) !== Number(viewer.id) || status.reblog_of_id !== null) throw notFound('Status');
  return { id: String(status.id), text: status.text, spoiler_text: status.spoiler_text };
}
