import type { Context } from '../app/context.js';
import { AppError, type FieldErrors, type FieldReason } from '../app/errors.js';
import { hashPassword } from '../app/secrets.js';
import { isUniqueViolation } from '../db/errors.js';
import { LIMITS, USERNAME_PATTERN } from '../domain/limits.js';
import { type Actor, requireScope } from '../oauth/authenticate.js';
import { type TokenJson, mintToken } from '../oauth/tokens.js';
import { emailTaken, findAccountByUsername, insertAccount, newAccount } from './accounts.repository.js';
import type { Role } from './accounts.table.js';
import { transaction } from '../app/transaction.js';
import { signUpRefusal } from '../sign-up-blocks/sign-up-refusal.js';

export interface SignUpInput {
  username: string;
  email: string;
  password: string;
  agreement: boolean;
  locale: string;
  reason?: string | undefined;
}

/** Names no one may take: they would impersonate the provider or its routes. */
const RESERVED = new Set(['admin', 'administrator', 'root', 'support', 'help', 'api', 'oauth', 'about', 'docs', 'gov', 'moderator', 'reviewer', 'system', 'govblog', 'www', 'mail', 'webmaster', 'postmaster', 'security']);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function add(errors: FieldErrors, field: string, error: string, description: string, reason?: FieldReason) {
  const count = /(?:maximum|minimum) is (\d+)/.exec(description);
  (errors[field] ??= []).push({ error, description, ...(reason ? { reason } : {}), ...(count ? { params: { count: Number(count[1]) } } : {}) });
}

/** Field checks that need no database, collected so the client sees them all at once. */
export function checkSignUp(input: SignUpInput): FieldErrors {
  const errors: FieldErrors = {};
  if (!input.username) add(errors, 'username', 'ERR_BLANK', "can't be blank");
  else if (!USERNAME_PATTERN.test(input.username)) add(errors, 'username', 'ERR_INVALID', 'only letters, numbers and underscores', 'username_characters');
  else if (input.username.length > LIMITS.usernameMax) add(errors, 'username', 'ERR_TOO_LONG', `is too long (maximum is ${LIMITS.usernameMax} characters)`);
  else if (RESERVED.has(input.username.toLowerCase())) add(errors, 'username', 'ERR_RESERVED', 'is reserved');
  if (!input.email) add(errors, 'email', 'ERR_BLANK', "can't be blank");
  else if (!EMAIL.test(input.email) || input.email.length > 254) add(errors, 'email', 'ERR_INVALID', 'is invalid');
  if (!input.password) add(errors, 'password', 'ERR_BLANK', "can't be blank");
  else if ([...input.password].length < LIMITS.passwordMin) add(errors, 'password', 'ERR_TOO_SHORT', `is too short (minimum is ${LIMITS.passwordMin} characters)`);
  else if ([...input.password].length > LIMITS.passwordMax) add(errors, 'password', 'ERR_TOO_LONG', `is too long (maximum is ${LIMITS.passwordMax} characters)`);
  if (input.agreement !== true) add(errors, 'agreement', 'ERR_ACCEPTED', 'must be accepted');
  return errors;
}

function failed(errors: FieldErrors): AppError {
  const summary = Object.entries(errors)
    .map(([f, list]) => `${f} ${list.map((e) => e.description).join(', ')}`)
    .join(', ');
  return new AppError('validation_failed', `Validation failed: ${summary}`, errors);
}

/**
 * POST /api/v1/accounts: an app token signs a new user up; the user gets a
 * token at once (this provider does not hold accounts for e-mail confirmation).
 */
export async function signUp(ctx: Context, actor: Actor | null, input: SignUpInput, from: { ip?: string } = {}): Promise<TokenJson> {
  if (!actor) throw new AppError('token_required');
  // As Mastodon 4.4+ (require_client_credentials! in Api::V1::AccountsController): only an app's own token signs up.
  if (actor.account) throw new AppError('forbidden', 'This method requires an client credentials authentication');
  // As in Mastodon: the new user's token inherits the app token's scopes, so signing up is a write.
  requireScope(actor, 'write:accounts');
  if (!ctx.config.registrations) throw new AppError('forbidden', 'Registrations are closed on this provider');
  const errors = checkSignUp(input);
  // The admin's sign-up blocks (IP ranges refuse with a 403 here; e-mail blocks add to the field errors).
  if (!errors.email) Object.assign(errors, await signUpRefusal(ctx, { email: input.email, ip: from.ip }));
  if (!errors.username && (await findAccountByUsername(ctx.db, input.username))) add(errors, 'username', 'ERR_TAKEN', 'is already taken');
  if (!errors.email && (await emailTaken(ctx.db, input.email))) add(errors, 'email', 'ERR_TAKEN', 'is already taken');
  if (Object.keys(errors).length) throw failed(errors);

  const passwordHash = await hashPassword(input.password);
  const now = ctx.clock.now().toISOString();
  try {
    return await transaction(ctx, async (trx) => {
      const account = await insertAccount(trx, newAccount({ username: input.username, email: input.email, passwordHash, role: 'user', locale: input.locale }, now));
      return mintToken(ctx, trx, { appId: actor.appId, accountId: account.id, scopes: actor.scopes });
    });
  } catch (err) {
    // Two sign-ups raced for the same name: the loser gets the same answer as a sequential one.
    if (isUniqueViolation(err)) throw failed({ username: [{ error: 'ERR_TAKEN', description: 'is already taken' }] });
    throw err;
  }
}

/** `govblog admin create-user`: an account made by the operator of the provider, with a token. */
export async function createUser(
  ctx: Context,
  input: { username: string; role: Role; email?: string | undefined; password?: string | undefined },
): Promise<{ id: string; username: string; role: Role; access_token: string }> {
  const errors: FieldErrors = {};
  if (!USERNAME_PATTERN.test(input.username) || input.username.length > LIMITS.usernameMax) add(errors, 'username', 'ERR_INVALID', 'only letters, numbers and underscores, at most 30', 'username_characters');
  else if (await findAccountByUsername(ctx.db, input.username)) add(errors, 'username', 'ERR_TAKEN', 'is already taken');
  if (input.email !== undefined && !EMAIL.test(input.email)) add(errors, 'email', 'ERR_INVALID', 'is invalid');
  else if (input.email !== undefined && (await emailTaken(ctx.db, input.email))) add(errors, 'email', 'ERR_TAKEN', 'is already taken');
  if (Object.keys(errors).length) throw failed(errors);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const now = ctx.clock.now().toISOString();
  return transaction(ctx, async (trx) => {
    const account = await insertAccount(trx, newAccount({ username: input.username, email: input.email ?? null, passwordHash, role: input.role }, now));
    const token = await mintToken(ctx, trx, { appId: null, accountId: account.id, scopes: scopesForRole(input.role) });
    return { id: String(account.id), username: account.username, role: account.role, access_token: token.access_token };
  });
}

/** The scopes of a token minted from the command line (push included, as an app signing in would ask): a staff member's carry the admin scopes too. */
export function scopesForRole(role: Role): string[] {
  return role === 'user' ? ['read', 'write', 'follow', 'push'] : ['read', 'write', 'follow', 'push', 'admin:read', 'admin:write'];
}
