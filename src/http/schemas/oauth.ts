import { z } from 'zod';
import { id, named } from './registry.js';

/** Mastodon's Application entity, as `GET /api/v1/apps/verify_credentials` shows it. */
export const ApplicationSchema = named(
  'Application',
  z.object({
    id,
    name: z.string(),
    website: z.string().nullable(),
    scopes: z.array(z.string()),
    redirect_uri: z.string(),
    redirect_uris: z.array(z.string()),
    vapid_key: z.string(),
  }),
);

/** The Application with its client credentials: the answer to `POST /api/v1/apps`, the one time the secret is seen. */
export const CredentialApplicationSchema = named(
  'CredentialApplication',
  z.object({
    ...ApplicationSchema.shape,
    client_id: z.string(),
    client_secret: z.string(),
    client_secret_expires_at: z.number().int(),
  }),
);

/** Mastodon's Token entity (`POST /oauth/token`, sign-up, an operator's token). */
export const TokenSchema = named(
  'Token',
  z.object({ access_token: z.string(), token_type: z.literal('Bearer'), scope: z.string(), created_at: z.number().int() }),
);

/** RFC 8414 authorization server metadata. */
export const OAuthServerMetadataSchema = named(
  'OAuthServerMetadata',
  z.object({
    issuer: z.string(),
    authorization_endpoint: z.string(),
    token_endpoint: z.string(),
    revocation_endpoint: z.string(),
    app_registration_endpoint: z.string(),
    scopes_supported: z.array(z.string()),
    response_types_supported: z.array(z.string()),
    response_modes_supported: z.array(z.string()),
    grant_types_supported: z.array(z.string()),
    token_endpoint_auth_methods_supported: z.array(z.string()),
    code_challenge_methods_supported: z.array(z.string()),
  }),
);

export type Token = z.infer<typeof TokenSchema>;
