/** A key pair an actor signs with (migration 0027): made once per actor and algorithm, then kept. */
export interface ActorKeysTable {
  /** The local account's id; 0 for the provider's instance actor. */
  account_id: number;
  algorithm: KeyAlgorithm;
  /** JWK, JSON text. */
  public_jwk: string;
  /** JWK, JSON text. Never leaves the provider except inside its own queued deliveries. */
  private_jwk: string;
  created_at: string;
}

/** RSA for Mastodon's HTTP signatures, Ed25519 for object integrity proofs (FEP-8b32). */
export type KeyAlgorithm = 'RSASSA-PKCS1-v1_5' | 'Ed25519';

/** One entry of Fedify's key-value store (src/federation/kv-store.ts). */
export interface FederationKvTable {
  /** The Fedify key, an array of strings, as JSON text. */
  key: string;
  /** JSON text. */
  value: string;
  /** ISO time after which the entry is gone; null: kept until deleted. */
  expires_at: string | null;
}
