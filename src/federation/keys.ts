import { exportJwk, generateCryptoKeyPair, importJwk } from '@fedify/fedify';
import type { Context } from '../app/context.js';
import type { KeyAlgorithm } from './federation.table.js';

type KeyPair = Awaited<ReturnType<typeof generateCryptoKeyPair>>;
type Jwk = Parameters<typeof importJwk>[0];

/** The algorithms every actor has a key of: RSA first (Mastodon reads `publicKey`, the first), then Ed25519. */
export const KEY_ALGORITHMS: readonly KeyAlgorithm[] = ['RSASSA-PKCS1-v1_5', 'Ed25519'];

/** The account id the provider's instance actor keeps its keys under (no account row has it). */
export const INSTANCE_KEY_OWNER = 0;

/**
 * An actor's key pairs, made the first time they are asked for and kept
 * (migration 0027). Two processes asking at once may both generate; the
 * insert keeps the first and both read it back, so an actor never shows two
 * different keys.
 */
export async function actorKeyPairs(ctx: Pick<Context, 'db' | 'clock'>, accountId: number): Promise<KeyPair[]> {
  let rows = await ctx.db.selectFrom('actor_keys').selectAll().where('account_id', '=', accountId).execute();
  const missing = KEY_ALGORITHMS.filter((a) => !rows.some((r) => r.algorithm === a));
  if (missing.length > 0) {
    const now = ctx.clock.now().toISOString();
    for (const algorithm of missing) {
      const pair = await generateCryptoKeyPair(algorithm);
      await ctx.db
        .insertInto('actor_keys')
        .values({
          account_id: accountId,
          algorithm,
          public_jwk: JSON.stringify(await exportJwk(pair.publicKey)),
          private_jwk: JSON.stringify(await exportJwk(pair.privateKey)),
          created_at: now,
        })
        .onConflict((oc) => oc.columns(['account_id', 'algorithm']).doNothing())
        .execute();
    }
    rows = await ctx.db.selectFrom('actor_keys').selectAll().where('account_id', '=', accountId).execute();
  }
  const ordered = KEY_ALGORITHMS.map((a) => rows.find((r) => r.algorithm === a)).filter((r) => r !== undefined);
  return Promise.all(
    ordered.map(async (r) => ({
      publicKey: await importJwk(JSON.parse(r.public_jwk) as Jwk, 'public'),
      privateKey: await importJwk(JSON.parse(r.private_jwk) as Jwk, 'private'),
    })),
  );
}
