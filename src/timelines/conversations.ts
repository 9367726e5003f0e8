import type { Context } from '../app/context.js';
import { notFound } from '../app/errors.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { presentAccounts } from '../accounts/accounts.presenter.js';
import { findAccountsByIds } from '../accounts/accounts.repository.js';
import { type IdWindow, findStatuses } from '../statuses/statuses.repository.js';
import { presentStatuses } from '../statuses/hydrate.js';
import { visibleTo } from '../statuses/visibility.js';
import { participantIds } from './conversations.repository.js';

type ConversationRow = { id: number; account_id: number; participant_ids: string; last_status_id: number; unread: number };

/**
 * Mastodon's Conversation entities for the viewer's rows: the accounts are the
 * row's own participants (the viewer alone for a message to no one), accounts
 * and last statuses each loaded once.
 */
async function presentConversations(ctx: Context, viewer: AccountRow, mine: readonly ConversationRow[]) {
  if (mine.length === 0) return [];
  const others = new Map(mine.map((m) => [Number(m.id), participantIds(m.participant_ids)]));
  const accounts = await presentAccounts(ctx.db, ctx.config, await findAccountsByIds(ctx.db, [...new Set([Number(viewer.id), ...[...others.values()].flat()])]));
  const accountById = new Map(accounts.map((a) => [a.id, a]));
  const statuses = await presentStatuses(ctx, viewer, await visibleTo(ctx.db, viewer, await findStatuses(ctx.db, mine.map((m) => Number(m.last_status_id)))));
  const statusById = new Map(statuses.map((s) => [s.id, s]));
  return mine.map((m) => {
    const ids = others.get(Number(m.id)) ?? [];
    return {
      id: String(m.id),
      unread: Number(m.unread) === 1,
      accounts: (ids.length > 0 ? ids : [Number(viewer.id)]).flatMap((id) => accountById.get(String(id)) ?? []),
      last_status: statusById.get(String(m.last_status_id)) ?? null,
      // The cursor clients page by (Mastodon pages conversations by their last status).
      cursor: Number(m.last_status_id),
    };
  });
}

/** GET /api/v1/conversations: the viewer's direct conversations, latest first, as Mastodon's Conversation entities. */
export async function listConversations(ctx: Context, viewer: AccountRow, w: IdWindow) {
  let q = ctx.db.selectFrom('account_conversations').select(['id', 'account_id', 'participant_ids', 'last_status_id', 'unread']).where('account_id', '=', viewer.id);
  if (w.maxId !== undefined) q = q.where('last_status_id', '<', w.maxId);
  if (w.sinceId !== undefined) q = q.where('last_status_id', '>', w.sinceId);
  if (w.minId !== undefined) q = q.where('last_status_id', '>', w.minId);
  const rows = await q.orderBy('last_status_id', w.minId !== undefined ? 'asc' : 'desc').orderBy('id', w.minId !== undefined ? 'asc' : 'desc').limit(w.limit).execute();
  return presentConversations(ctx, viewer, w.minId !== undefined ? rows.reverse() : rows);
}

export async function markConversationRead(ctx: Context, viewer: AccountRow, id: number) {
  const row = await ctx.db
    .updateTable('account_conversations')
    .set({ unread: 0 })
    .where('id', '=', id)
    .where('account_id', '=', viewer.id)
    .returning(['id', 'account_id', 'participant_ids', 'last_status_id', 'unread'])
    .executeTakeFirst();
  if (!row) throw notFound('Conversation');
  const [json] = await presentConversations(ctx, viewer, [row]);
  return json;
}

export async function removeConversation(ctx: Context, viewer: AccountRow, id: number): Promise<void> {
  const r = await ctx.db.deleteFrom('account_conversations').where('id', '=', id).where('account_id', '=', viewer.id).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) throw notFound('Conversation');
}
