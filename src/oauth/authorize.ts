import type { Context } from '../app/context.js';
import { AppError, RetryLaterError } from '../app/errors.js';
import { randomSecret, secretDigest, verifyPassword } from '../app/secrets.js';
import { parseScopes, scopesWithin, unknownScopes } from '../domain/scopes.js';
import { findAccountByLogin } from '../accounts/accounts.repository.js';
import { OOB_REDIRECT } from './create-app.js';
import { type AppRow, findAppByClientId, insertCode, isKnownDevice, rememberDevice } from './oauth.repository.js';
import { mayTrySignIn } from './sign-in.policy.js';
import type { SignInThrottle } from './sign-in-throttle.js';
import { loginRefusal } from '../moderation/login-refusal.js';

export interface AuthorizeRequest {
  response_type?: string | undefined;
  client_id?: string | undefined;
  redirect_uri?: string | undefined;
  scope?: string | undefined;
  state?: string | undefined;
  code_challenge?: string | undefined;
  code_challenge_method?: string | undefined;
}

export interface CheckedAuthorizeRequest {
  app: AppRow;
  redirectUri: string;
  scopes: string[];
  state: string | undefined;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
}

const CODE_TTL_MS = 10 * 60 * 1000;

/**
 * Checks an authorization request before the sign-in page is shown. Errors
 * here are shown on the page, never sent to the redirect URI: an unknown
 * client or an unregistered URI must not become an open redirect.
 */
export async function checkAuthorizeRequest(ctx: Context, req: AuthorizeRequest): Promise<CheckedAuthorizeRequest> {
  if (req.response_type !== 'code') throw new AppError('invalid_request', 'response_type must be code');
  if (!req.client_id) throw new AppError('invalid_request', 'client_id is required');
  const app = await findAppByClientId(ctx.db, req.client_id);
  if (!app) throw new AppError('invalid_client', 'Unknown client_id');
  const registered = app.redirect_uris.split('\n');
  const redirectUri = req.redirect_uri ?? (registered.length === 1 ? registered[0] : undefined);
  if (!redirectUri || !registered.includes(redirectUri)) throw new AppError('invalid_request', 'redirect_uri is not registered for this application');
  const scopes = parseScopes(req.scope);
  if (unknownScopes(scopes).length || !scopesWithin(scopes, app.scopes.split(' '))) throw new AppError('invalid_scope');
  // S256 only, as the metadata says: `plain` (and a challenge without a method, which RFC 7636 reads as plain) would put the verifier in the URL.
  const method = req.code_challenge ? (req.code_challenge_method ?? null) : null;
  if (req.code_challenge && method !== 'S256') {
    throw new AppError('invalid_request', 'code_challenge_method must be S256', { code_challenge_method: [{ error: 'ERR_INVALID', description: 'must be S256' }] });
  }
  return {
    app,
    redirectUri,
    scopes,
    state: req.state,
    codeChallenge: req.code_challenge ?? null,
    codeChallengeMethod: method,
  };
}

/** Who is signing in: the browser's known-device cookie, and the throttle in force (null: rate limiting off). */
export interface SignInCaller {
  device: string | undefined;
  throttle: SignInThrottle | null;
}

const DEVICE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Signs the user in and issues a one-time authorization code. Returns where
 * to send the browser, and the known-device cookie to give it. Attempts are
 * counted per account (unknown logins alike, so that holding one tells
 * nothing); over the limit only a browser that signed in to the account
 * before has its password checked.
 */
export async function authorizeWithPassword(
  ctx: Context,
  caller: SignInCaller,
  input: { checked: CheckedAuthorizeRequest; login: string; password: string },
): Promise<{ code: string; redirect: string | null; device: string }> {
  const { checked, login, password } = input;
  const account = await findAccountByLogin(ctx.db, login);
  const key = account ? `account:${account.id}` : `login:${login.trim().toLowerCase()}`;
  const device = caller.device !== undefined && DEVICE.test(caller.device) ? caller.device : null;
  const known = account !== undefined && device !== null && (await isKnownDevice(ctx.db, secretDigest(device), Number(account.id)));
  const at = ctx.clock.now().getTime();
  if (caller.throttle) {
    const attempts = await caller.throttle.attempts.hit(key, at);
    if (!mayTrySignIn({ attempts, knownDevice: known }, caller.throttle.max)) {
      throw new RetryLaterError('sign_in_throttled', (attempts.resetAt - at) / 1000);
    }
  }
  const ok = await verifyPassword(password, account?.password_hash ?? null);
  if (!account || !ok) throw new AppError('unauthorized', 'Invalid username/e-mail or password');
  // The right password is not a failure: only failures hold the account.
  await caller.throttle?.attempts.forgive(key, at);
  if (account.closed_at) throw new AppError('forbidden', 'This account is closed');
  const refusal = loginRefusal(account);
  if (refusal) throw new AppError('forbidden', refusal);
  const browser = device ?? randomSecret();
  await rememberDevice(ctx.db, secretDigest(browser), Number(account.id), ctx.clock.now().toISOString());
  const code = randomSecret();
  const now = ctx.clock.now();
  await insertCode(ctx.db, {
    code_hash: secretDigest(code),
    app_id: checked.app.id,
    account_id: account.id,
    redirect_uri: checked.redirectUri,
    scopes: checked.scopes.join(' '),
    code_challenge: checked.codeChallenge,
    code_challenge_method: checked.codeChallengeMethod,
    expires_at: new Date(now.getTime() + CODE_TTL_MS).toISOString(),
    used_at: null,
    created_at: now.toISOString(),
  });
  if (checked.redirectUri === OOB_REDIRECT) return { code, redirect: null, device: browser };
  const url = new URL(checked.redirectUri);
  url.searchParams.set('code', code);
  if (checked.state !== undefined) url.searchParams.set('state', checked.state);
  return { code, redirect: url.toString(), device: browser };
}
