import type { Context } from '../app/context.js';
import { AppError, notFound } from '../app/errors.js';
import { transaction } from '../app/transaction.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { findAccountsByIds } from '../accounts/accounts.repository.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { relationsAmong } from '../social/follows.repository.js';
import { mayAddToList } from './lists.policy.js';
import { deleteListAccounts, insertListAccounts, pageListMembers } from './lists.repository.js';
import { ownedList } from './owned-list.js';

/** Most accounts added or removed in one request. */
export const LIST_ACCOUNTS_PER_REQUEST = 250;

/**
 * POST /api/v1/lists/:id/accounts: adds accounts the caller follows; an
 * account not followed refuses the whole request with a 422 (Mastodon:
 * "Validation failed: Account must be followed"), one not found a 404.
 */
export async function addListAccounts(ctx: Context, caller: ActingCaller, listId: number | null, accountIds: readonly number[]): Promise<void> {
  const me = Number(caller.account.id);
  const ids = [...new Set(accountIds)];
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    const list = await ownedList(trx, caller.account, listId);
    const found = await findAccountsByIds(trx, ids);
    if (found.filter((a) => !a.closed_at).length !== ids.length) throw notFound('Account');
    const { following } = await relationsAmong(trx, me, ids);
    for (const id of ids) if (!mayAddToList(me, id, following.has(id))) throw new AppError('validation_failed', 'Validation failed: Account must be followed');
    await insertListAccounts(trx, Number(list.id), ids, now);
    await recordOperatorAct(trx, caller, { action: 'list.add_accounts', subjectType: 'list', subjectId: Number(list.id) }, now);
  });
}

/** DELETE /api/v1/lists/:id/accounts: those given leave the list (those not on it: nothing to do). */
export async function removeListAccounts(ctx: Context, caller: ActingCaller, listId: number | null, accountIds: readonly number[]): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    const list = await ownedList(trx, caller.account, listId);
    await deleteListAccounts(trx, Number(list.id), accountIds);
    await recordOperatorAct(trx, caller, { action: 'list.remove_accounts', subjectType: 'list', subjectId: Number(list.id) }, now);
  });
}

/** GET /api/v1/lists/:id/accounts: the members, newest first, paged by membership (limit 0: all of them, as Mastodon). */
export async function listMembers(ctx: Context, viewer: AccountRow, listId: number | null, w: { maxId?: number | undefined; sinceId?: number | undefined; limit: number }) {
  const list = await ownedList(ctx.db, viewer, listId);
  const rows = await pageListMembers(ctx.db, Number(list.id), w);
  const accounts = new Map((await findAccountsByIds(ctx.db, rows.map((r) => Number(r.account_id)))).map((a) => [Number(a.id), a]));
  return { marks: rows.map((r) => ({ id: Number(r.id) })), accounts: rows.flatMap((r) => accounts.get(Number(r.account_id)) ?? []) };
}
