import { newAccount, insertAccount } from '../src/accounts/accounts.repository.js';
import type { Context } from '../src/app/context.js';
import { transaction } from '../src/app/transaction.js';
import { mintToken } from '../src/oauth/tokens.js';

/** An account and a token with write:media for the upload benchmark, made without password hashing. */
export async function signUpWithoutPassword(ctx: Context): Promise<string> {
  const now = ctx.clock.now().toISOString();
  const account = await transaction(ctx, (trx) => insertAccount(trx, newAccount({ username: 'uploader', email: null, passwordHash: null, role: 'user' }, now)));
  const t = await mintToken(ctx, ctx.db, { appId: null, accountId: Number(account.id), scopes: ['read', 'write'] });
  return t.access_token;
}
