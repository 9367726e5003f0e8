import type { Context } from '../app/context.js';
import { notFound } from '../app/errors.js';
import { type AccountRow, findAccountById } from './accounts.repository.js';

/** An account that is not closed, or 404 (a malformed id, `null`, is not found either). */
export async function getOpenAccount(ctx: Context, id: number | null): Promise<AccountRow> {
  const account = id === null ? undefined : await findAccountById(ctx.db, id);
  if (!account || account.closed_at) throw notFound('Account');
  return account;
}
