import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { IdWindow } from '../statuses/statuses.repository.js';
import { type ConversationRow, listConversationRows } from './conversations.repository.js';

/** GET /api/v1/conversations: the viewer's direct conversations, latest first (Mastodon pages them by their last status). */
export async function listConversations(ctx: Context, viewer: AccountRow, w: IdWindow): Promise<ConversationRow[]> {
  const rows = await listConversationRows(ctx.db, Number(viewer.id), w);
  return w.minId !== undefined ? rows.reverse() : rows;
}
