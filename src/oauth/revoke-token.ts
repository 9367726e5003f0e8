import type { Context } from '../app/context.js';
import { secretDigest } from '../app/secrets.js';
import { transaction } from '../app/transaction.js';
import { forgetSubscriptionsOfTokens } from '../push/unsubscribe.js';
import { publishAfterCommit } from '../streaming/streaming.js';
import { authenticateClient } from './client-auth.js';
import { revokeTokenByDigest } from './oauth.repository.js';

/** POST /oauth/revoke (RFC 7009): revokes a token the client owns, and its push subscription; unknown tokens are not an error. */
export async function revokeToken(ctx: Context, input: { client_id?: string | undefined; client_secret?: string | undefined; token?: string | undefined }) {
  const app = await authenticateClient(ctx.db, input.client_id, input.client_secret);
  const token = input.token;
  if (token) {
    await transaction(ctx, async (trx) => {
      const revoked = await revokeTokenByDigest(trx, secretDigest(token), app.id, ctx.clock.now().toISOString());
      await forgetSubscriptionsOfTokens(trx, revoked);
      // Streams opened with these tokens close, in every process (Mastodon's `kill`).
      if (revoked.length > 0) publishAfterCommit(trx, { t: 'kill', tokens: revoked });
    });
  }
  return {};
}
