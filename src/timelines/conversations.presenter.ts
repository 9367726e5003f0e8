import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { presentAccounts } from '../accounts/accounts.presenter.js';
import { findAccountsByIds } from '../accounts/accounts.repository.js';
import { findStatuses } from '../statuses/statuses.repository.js';
import { presentStatuses } from '../statuses/hydrate.js';
import { visibleTo } from '../statuses/visibility.js';
import { type ConversationRow, participantIds } from './conversations.repository.js';

/**
 * Mastodon's Conversation entities for the viewer's rows: the accounts are the
 * row's own participants (the viewer alone for a message to no one), accounts
 * and last statuses each loaded once.
 */
export async function presentConversations(ctx: Context, viewer: AccountRow, mine: readonly ConversationRow[]) {
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
    };
  });
}
