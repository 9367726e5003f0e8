import type { Context } from '../app/context.js';
import { secretDigest } from '../app/secrets.js';
import { authenticateClient } from './client-auth.js';
import { revokeTokenByDigest } from './oauth.repository.js';

/** POST /oauth/revoke (RFC 7009): revokes a token the client owns; unknown tokens are not an error. */
export async function revokeToken(ctx: Context, input: { client_id?: string | undefined; client_secret?: string | undefined; token?: string | undefined }) {
  const app = await authenticateClient(ctx.db, input.client_id, input.client_secret);
  if (input.token) {
    const revoked = await revokeTokenByDigest(ctx.db, secretDigest(input.token), app.id, ctx.clock.now().toISOString());
    // Streams opened with these tokens close, in every process (Mastodon's `kill`).
    if (revoked.length > 0) ctx.streaming.bus.publish([{ t: 'kill', tokens: revoked }]);
  }
  return {};
}
