import { vapidPublicKey } from '../push/vapid.js';
import type { Context } from '../app/context.js';
import { fieldError } from '../app/errors.js';
import { randomSecret, secretDigest } from '../app/secrets.js';
import { LIMITS } from '../domain/limits.js';
import { parseScopes, unknownScopes } from '../domain/scopes.js';
import { insertApp } from './oauth.repository.js';

export const OOB_REDIRECT = 'urn:ietf:wg:oauth:2.0:oob';

export interface CreateAppInput {
  client_name: string;
  redirect_uris: string | string[];
  scopes?: string | undefined;
  website?: string | undefined;
}

/** A redirect URI must be absolute and carry no fragment (RFC 6749 §3.1.2), or be the out-of-band marker. */
export function validRedirectUri(uri: string): boolean {
  if (uri === OOB_REDIRECT) return true;
  try {
    const u = new URL(uri);
    return u.hash === '' && /^[a-z][a-z0-9+.-]*:$/i.test(u.protocol) && !['javascript:', 'data:', 'vbscript:'].includes(u.protocol);
  } catch {
    return false;
  }
}

/** An app's website is shown as a link: only http(s), never javascript: or data:. */
export function validWebsite(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Registers a client application (POST /api/v1/apps) and returns Mastodon's Application entity with its secret. */
export async function createApp(ctx: Context, input: CreateAppInput) {
  const uris = (Array.isArray(input.redirect_uris) ? input.redirect_uris : input.redirect_uris.split(/\s+/)).map((u) => u.trim()).filter(Boolean);
  if (uris.length === 0) throw fieldError('redirect_uris', 'ERR_BLANK', "can't be blank");
  if (uris.length > LIMITS.appRedirectUriCount) throw fieldError('redirect_uris', 'ERR_TOO_LONG', `are too many (maximum is ${LIMITS.appRedirectUriCount})`);
  // One bound covers each URI and the whole field: the stored, newline-joined list, as Mastodon measures it.
  if (uris.join('\n').length > LIMITS.appRedirectUrisMax) throw fieldError('redirect_uris', 'ERR_TOO_LONG', `are too long (maximum is ${LIMITS.appRedirectUrisMax} characters)`);
  const bad = uris.find((u) => !validRedirectUri(u));
  if (bad !== undefined) throw fieldError('redirect_uris', 'ERR_INVALID', `must be absolute URIs (got ${JSON.stringify(bad.slice(0, 100))})`);
  if (input.website !== undefined && !validWebsite(input.website)) throw fieldError('website', 'ERR_INVALID', 'must be an http or https URL');
  const scopes = parseScopes(input.scopes);
  const unknown = unknownScopes(scopes);
  if (unknown.length) throw fieldError('scopes', 'ERR_INVALID', `unknown scope ${unknown.join(', ')}`);
  const clientId = randomSecret();
  const clientSecret = randomSecret();
  const app = await insertApp(ctx.db, {
    name: input.client_name,
    website: input.website ?? null,
    redirect_uris: uris.join('\n'),
    scopes: scopes.join(' '),
    client_id: clientId,
    client_secret_hash: secretDigest(clientSecret),
    created_at: ctx.clock.now().toISOString(),
  });
  return {
    id: String(app.id),
    name: app.name,
    website: app.website,
    scopes,
    redirect_uri: uris.join('\n'),
    redirect_uris: uris,
    client_id: clientId,
    client_secret: clientSecret,
    client_secret_expires_at: 0,
    vapid_key: await vapidPublicKey(ctx),
  };
}
