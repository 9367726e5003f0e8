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
      const pair = await generatePair(algorithm);
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
  return Promise.all(ordered.map(async (r) => ({ publicKey: await importStored(r.public_jwk, 'public'), privateKey: await importStored(r.private_jwk, 'private') })));
}

/**
 * A new key pair. RSA keys are 2048 bits, as Mastodon makes them (every
 * server reads them; Fedify's own default is 4096). On this machine a
 * 2048-bit key takes 0.13 s to make against 1.5 s, and a signature (every
 * delivery, every signed fetch) 0.6 ms against 4.3 ms.
 */
async function generatePair(algorithm: KeyAlgorithm): Promise<KeyPair> {
  if (algorithm !== 'RSASSA-PKCS1-v1_5') return generateCryptoKeyPair(algorithm);
  return crypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify']);
}

/** Imported keys by their stored JWK text, the most recently used IMPORTED_KEYS_KEPT of them. */
const imported = new Map<string, ReturnType<typeof importJwk>>();
const IMPORTED_KEYS_KEPT = 2000;

/**
 * A stored JWK as a CryptoKey, imported once: Fedify asks for the instance
 * actor's keys on every incoming activity (its fetches are signed) and an
 * RSA import costs about a millisecond. Keyed by the text itself, so a
 * changed key is a new entry, never a stale one.
 */
function importStored(jwkText: string, kind: 'public' | 'private'): ReturnType<typeof importJwk> {
  let key = imported.get(jwkText);
  if (key) {
    imported.delete(jwkText);
  } else {
    key = importJwk(JSON.parse(jwkText) as Jwk, kind);
    key.catch(() => imported.delete(jwkText));
  }
  imported.set(jwkText, key);
  if (imported.size > IMPORTED_KEYS_KEPT) imported.delete(imported.keys().next().value as string);
  return key;
}
