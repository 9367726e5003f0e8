import type { Context } from '../app/context.js';
import { randomSecret, secretDigest } from '../app/secrets.js';
import type { Executor } from '../db/database.js';
import { insertToken } from './oauth.repository.js';

/** Mastodon's Token entity. */
export interface TokenJson {
  access_token: string;
  token_type: 'Bearer';
  scope: string;
  created_at: number;
}

/** Mints a bearer token; only its digest is stored, so this is the one time it is seen. */
export async function mintToken(
  ctx: Pick<Context, 'clock'>,
  db: Executor,
  input: { appId: number | null; accountId: number | null; scopes: readonly string[]; operatorId?: number | null; parentTokenId?: number | null },
): Promise<TokenJson> {
  const token = randomSecret();
  const now = ctx.clock.now();
  await insertToken(db, {
    token_hash: secretDigest(token),
    app_id: input.appId,
    account_id: input.accountId,
    operator_id: input.operatorId ?? null,
    parent_token_id: input.parentTokenId ?? null,
    scopes: input.scopes.join(' '),
    created_at: now.toISOString(),
    last_used_at: null,
    revoked_at: null,
  });
  return { access_token: token, token_type: 'Bearer', scope: input.scopes.join(' '), created_at: Math.floor(now.getTime() / 1000) };
}
