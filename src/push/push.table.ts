import type { Generated } from 'kysely';

/** A Web Push subscription: one per access token, as in Mastodon. */
export interface PushSubscriptionsTable {
  id: Generated<number>;
  account_id: number;
  /** The access token that made it: it goes when the token is revoked or replaced. */
  token_id: number;
  /** The push service's URL for this browser or app (the client's say-so: checked, src/push/endpoint.ts). */
  endpoint: string;
  /** The client's P-256 public key and auth secret, base64url, as it sent them. */
  key_p256dh: string;
  key_auth: string;
  /** 1: RFC 8291 aes128gcm with RFC 8292 VAPID; 0: the older draft (aesgcm), Mastodon's default. */
  standard: number;
  /** JSON: alert type -> whether to push it. */
  alerts: string;
  policy: 'all' | 'followed' | 'follower' | 'none';
  /** The access token, sealed (src/push/seal.ts), for the payload's `access_token`. */
  sealed_token: string;
  created_at: string;
  updated_at: string;
}

/** The provider's VAPID key pair when none is configured: generated once (row id 1), shared by every process. */
export interface VapidKeysTable {
  id: number;
  /** Uncompressed P-256 point, base64url. */
  public_key: string;
  /** The 32-byte private scalar, base64url. */
  private_key: string;
  created_at: string;
}
