import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { notFound } from '../app/errors.js';
import { type AccountRow, findAccountById } from '../accounts/accounts.repository.js';
import type { Caller } from '../operators/operators.policy.js';
import { mayReadAdminAccounts } from './admin-accounts.policy.js';
import { type AdminAccountQuery, listAdminAccounts } from './admin-accounts.repository.js';

/** GET /api/v1|v2/admin/accounts: accounts as moderators see them, filtered as Mastodon's AccountFilter. */
export async function listAdminAccountsFor(ctx: Context, caller: Caller, q: AdminAccountQuery): Promise<AccountRow[]> {
  authorize(mayReadAdminAccounts(caller), 'Only moderators read accounts as admins');
  return listAdminAccounts(ctx.db, q);
}

/** GET /api/v1/admin/accounts/:id, and the target every account action loads. The role first: a non-moderator gets the same 403 for every id. */
export async function getAdminAccount(ctx: Context, caller: Caller, id: number): Promise<AccountRow> {
  authorize(mayReadAdminAccounts(caller), 'Only moderators read accounts as admins');
  const row = await findAccountById(ctx.db, id);
  if (!row) throw notFound('Account');
  return row;
}
