import type { Context } from '../app/context.js';
import { notFound } from '../app/errors.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { presentAccounts } from '../accounts/accounts.presenter.js';
import { findAccountsByIds } from '../accounts/accounts.repository.js';
import { findStatuses } from '../statuses/statuses.repository.js';
import { presentStatuses } from '../statuses/hydrate.js';
import { visibleTo } from '../statuses/visibility.js';

type MemberRow = { conversation_id: number; account_id: number; last_status_id: number; unread: number };

/** Mastodon's Conversation entities for the viewer's member rows: participants, accounts and last statuses each loaded once. */
async function presentConversations(ctx: Context, viewer: AccountRow, mine: readonly MemberRow[]) {
  if (mine.length === 0) return [];
  const ids = mine.map((m) => Number(m.conversation_id));
  const everyone = await ctx.db.selectFrom('conversation_members').select(['conversation_id', 'account_id']).where('conversation_id', 'in', ids).execute();
  const accounts = await presentAccounts(ctx.db, ctx.config, await findAccountsByIds(ctx.db, [...new Set(everyone.map((e) => Number(e.account_id)))]));
  const accountById = new Map(accounts.map((a) => [a.id, a]));
  const statuses = await presentStatuses(ctx, viewer, await visibleTo(ctx.db, viewer, await findStatuses(ctx.db, mine.map((m) => Number(m.last_status_id)))));
  const statusById = new Map(statuses.map((s) => [s.id, s]));
  return mine.map((m) => ({
    id: String(m.conversation_id),
    unread: m.unread === 1,
    accounts: everyone
      .filter((e) => Number(e.conversation_id) === Number(m.conversation_id) && Number(e.account_id) !== Number(viewer.id))
      .flatMap((e) => accountById.get(String(e.account_id)) ?? []),
    last_status: statusById.get(String(m.last_status_id)) ?? null,
    // The cursor clients page by.
    cursor: Number(m.last_status_id),
  }));
}

/** GET /api/v1/conversations: the viewer's direct conversations, latest first, as Mastodon's Conversation entities. */
export async function listConversations(ctx: Context, viewer: AccountRow, page: { maxId?: number | undefined; limit: number }) {
  let q = ctx.db.selectFrom('conversation_members').selectAll().where('account_id', '=', viewer.id);
  if (page.maxId !== undefined) q = q.where('last_status_id', '<', page.maxId);
  return presentConversations(ctx, viewer, await q.orderBy('last_status_id', 'desc').limit(page.limit).execute());
}

export async function markConversationRead(ctx: Context, viewer: AccountRow, id: number) {
  const row = await ctx.db.updateTable('conversation_members').set({ unread: 0 }).where('conversation_id', '=', id).where('account_id', '=', viewer.id).returningAll().executeTakeFirst();
  if (!row) throw notFound('Conversation');
  const [json] = await presentConversations(ctx, viewer, [row]);
  return json;
}

export async function removeConversation(ctx: Context, viewer: AccountRow, id: number): Promise<void> {
  const r = await ctx.db.deleteFrom('conversation_members').where('conversation_id', '=', id).where('account_id', '=', viewer.id).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) throw notFound('Conversation');
}
