import type { Generated } from 'kysely';

export interface OAuthAppsTable {
  id: Generated<number>;
  name: string;
  website: string | null;
  /** Newline-separated list; `urn:ietf:wg:oauth:2.0:oob` shows the code instead of redirecting. */
  redirect_uris: string;
  /** Space-separated scopes the app may ask for. */
  scopes: string;
  client_id: string;
  /** SHA-256 of the secret: it is 256 random bits, so a slow hash adds nothing and would prevent lookups. */
  client_secret_hash: string;
  created_at: string;
}

export interface OAuthTokensTable {
  id: Generated<number>;
  /** SHA-256 of the bearer token (random 256 bits). The token itself is never stored. */
  token_hash: string;
  app_id: number | null;
  /** null for an app-only token (client_credentials). */
  account_id: number | null;
  scopes: string;
  /** For an operator's token: the staff member acting; account_id is then the organ they act for. */
  operator_id: Generated<number | null>;
  /** For an operator's token: the operator's own token it was taken with; it dies with that one. */
  parent_token_id: Generated<number | null>;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface OAuthCodesTable {
  id: Generated<number>;
  code_hash: string;
  app_id: number;
  account_id: number;
  redirect_uri: string;
  scopes: string;
  code_challenge: string | null;
  code_challenge_method: string | null;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

/** A browser that signed in to an account (its HttpOnly cookie): it may keep trying while the account's sign-in is held. */
export interface KnownDevicesTable {
  id: Generated<number>;
  /** SHA-256 of the cookie's random 256 bits; one browser may be known to several accounts. */
  device_hash: string;
  account_id: number;
  created_at: string;
  last_used_at: string;
}
