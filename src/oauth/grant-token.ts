import { createHash } from 'node:crypto';
import type { Context } from '../app/context.js';
import { AppError } from '../app/errors.js';
import { secretDigest } from '../app/secrets.js';
import { parseScopes, scopesWithin, unknownScopes } from '../domain/scopes.js';
import { findAccountById } from '../accounts/accounts.repository.js';
import { authenticateClient } from './client-auth.js';
import { consumeCode } from './oauth.repository.js';
import { type TokenJson, mintToken } from './tokens.js';
import { loginRefusal } from '../moderation/login-refusal.js';

export interface TokenRequest {
  grant_type?: string | undefined;
  client_id?: string | undefined;
  client_secret?: string | undefined;
  scope?: string | undefined;
  code?: string | undefined;
  redirect_uri?: string | undefined;
  code_verifier?: string | undefined;
}

/** POST /oauth/token: the client_credentials and authorization_code grants. */
export async function grantToken(ctx: Context, req: TokenRequest): Promise<TokenJson> {
  if (!req.grant_type) throw new AppError('invalid_request', 'grant_type is required');
  if (req.grant_type !== 'client_credentials' && req.grant_type !== 'authorization_code') {
    throw new AppError('unsupported_grant_type', `grant_type ${req.grant_type} is not supported`);
  }
  const app = await authenticateClient(ctx.db, req.client_id, req.client_secret);
  const allowed = app.scopes.split(' ');

  if (req.grant_type === 'client_credentials') {
    const scopes = parseScopes(req.scope);
    if (unknownScopes(scopes).length || !scopesWithin(scopes, allowed)) throw new AppError('invalid_scope');
    return mintToken(ctx, ctx.db, { appId: app.id, accountId: null, scopes });
  }

  if (!req.code) throw new AppError('invalid_request', 'code is required');
  const now = ctx.clock.now().toISOString();
  // The code is spent by the first attempt, whether or not the rest checks out:
  // a code that fails (wrong redirect_uri or verifier) cannot be tried again.
  const code = await consumeCode(ctx.db, secretDigest(req.code), Number(app.id), now);
  if (!code || code.expires_at < now) throw new AppError('invalid_grant');
  if (req.redirect_uri !== undefined && req.redirect_uri !== code.redirect_uri) throw new AppError('invalid_grant', 'redirect_uri does not match');
  if (code.code_challenge) {
    if (!req.code_verifier) throw new AppError('invalid_grant', 'code_verifier is required');
    // Only S256 challenges are issued; any other stored method cannot be satisfied.
    const derived = createHash('sha256').update(req.code_verifier).digest('base64url');
    if (code.code_challenge_method !== 'S256' || derived !== code.code_challenge) throw new AppError('invalid_grant', 'code_verifier does not match');
  }
  const account = await findAccountById(ctx.db, Number(code.account_id));
  if (!account || account.closed_at || loginRefusal(account)) throw new AppError('invalid_grant');
  return mintToken(ctx, ctx.db, { appId: app.id, accountId: account.id, scopes: code.scopes.split(' ') });
}
