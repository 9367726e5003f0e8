import type { Context } from '../app/context.js';
import { notFound } from '../app/errors.js';
import { type AccountRow, findAccountByUsername } from './accounts.repository.js';

/** GET /api/v1/accounts/lookup, and the profile page: an open account by `username` (or `@username`, or `username@this-host`), or 404. */
export async function lookupAccount(ctx: Context, acct: string): Promise<AccountRow> {
  const [username = '', host] = acct.replace(/^@/, '').split('@');
  // Accounts of other servers are not kept here (yet): `name@elsewhere` is not this provider's `name`.
  if (host !== undefined && host.toLowerCase() !== ctx.config.provider.toLowerCase()) throw notFound('Account');
  const row = await findAccountByUsername(ctx.db, username);
  if (!row || row.closed_at) throw notFound('Account');
  return row;
}
