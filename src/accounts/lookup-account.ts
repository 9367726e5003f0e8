import type { Context } from '../app/context.js';
import { notFound } from '../app/errors.js';
import { type AccountRow, findAccountByAcct } from './accounts.repository.js';

/**
 * GET /api/v1/accounts/lookup, and the profile page: an open account by `username` (or `@username`,
 * or `username@this-host`), or another server's known account by `username@domain`; else 404.
 * Nothing is fetched from other servers here (WebFinger is federation's).
 */
export async function lookupAccount(ctx: Context, acct: string): Promise<AccountRow> {
  const row = await findAccountByAcct(ctx.db, acct, ctx.config.provider);
  if (!row || row.closed_at) throw notFound('Account');
  return row;
}
