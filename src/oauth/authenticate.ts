import type { Context } from '../app/context.js';
import { AppError } from '../app/errors.js';
import { secretDigest } from '../app/secrets.js';
import { type AccountRow, findAccountById } from '../accounts/accounts.repository.js';
import { scopeCovers } from '../domain/scopes.js';
import type { Executor } from '../db/database.js';
import { findLiveTokenWithAccount, findTokenStanding } from './oauth.repository.js';
import type { CachedLogin } from './login-cache.js';
import { isLiveOperator } from '../operators/operators.repository.js';
import { loginRefusal } from '../moderation/login-refusal.js';

/** Who is making a request, as established from its bearer token. */
export interface Actor {
  tokenId: number;
  appId: number | null;
  /** The account the token acts as; null for an app-only token. For an operator's token: the organ. Shared between requests: never changed. */
  account: AccountRow | null;
  /** The staff member behind an operator's token, who acts for the organ in `account`. */
  operator: AccountRow | null;
  scopes: string[];
}

/** Resolves a bearer token; a missing token is anonymous, a bad one is an error. */
export async function authenticate(ctx: Context, bearer: string | undefined): Promise<Actor | null> {
  if (bearer === undefined) return null;
  const digest = secretDigest(bearer);
  let found: CachedLogin | undefined = ctx.cache.logins.get(digest);
  if (!found) {
    const mark = ctx.cache.logins.mark();
    found = await findLiveTokenWithAccount(ctx.db, digest);
    if (!found) throw new AppError('unauthorized');
    ctx.cache.logins.fill(mark, digest, found);
  }
  const { token, account } = found;
  if (token.account_id !== null && (!account || account.closed_at)) throw new AppError('unauthorized', 'Your login is currently disabled');
  // A disabled account keeps its tokens, refused until it is enabled again: Mastodon's 403 for a login that is not functional.
  const refusal = account ? loginRefusal(account) : null;
  if (refusal) throw new AppError('forbidden', refusal);
  let operator: AccountRow | null = null;
  if (token.operator_id !== null && account) {
    // An operator's token lives only as long as the organ keeps them on.
    const live = await isLiveOperator(ctx.db, Number(account.id), Number(token.operator_id));
    operator = live ? ((await findAccountById(ctx.db, Number(token.operator_id))) ?? null) : null;
    if (!operator || operator.closed_at || loginRefusal(operator)) throw new AppError('unauthorized', 'This operator no longer acts for the organ');
  }
  return {
    tokenId: Number(token.id),
    appId: token.app_id === null ? null : Number(token.app_id),
    account,
    operator,
    scopes: token.scopes.split(' '),
  };
}

/** The actor's account, when the route needs a signed-in user with this scope. */
export function requireUser(actor: Actor | null, scope: string): Actor & { account: AccountRow } {
  if (!actor || !actor.account) throw new AppError('token_required');
  requireScope(actor, scope);
  return actor as Actor & { account: AccountRow };
}

export function requireScope(actor: Actor, scope: string): void {
  if (!scopeCovers(actor.scopes, scope)) throw new AppError('insufficient_scope', `This action needs the ${scope} scope`);
}

/**
 * Whether a token would still be accepted, for work done later on its
 * behalf (a push sent to its subscription): not revoked (nor its parent), its
 * account open, its operator still acting for the organ.
 */
export async function tokenStillValid(db: Executor, tokenId: number): Promise<boolean> {
  const standing = await findTokenStanding(db, tokenId);
  if (!standing?.live || standing.account_id === null) return false;
  const account = await findAccountById(db, standing.account_id);
  if (!account || account.closed_at) return false;
  return standing.operator_id === null || isLiveOperator(db, standing.account_id, standing.operator_id);
}
