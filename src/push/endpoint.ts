import { createECDH } from 'node:crypto';
import { fieldError } from '../app/errors.js';
import { privateAddressOf } from '../app/private-address.js';

/** The longest endpoint accepted (push services use a few hundred characters). */
export const ENDPOINT_MAX = 2048;

/**
 * A push endpoint is the client's say-so, and the provider will POST to it:
 * it must be an https URL (http too, and any address, only when
 * allowPrivatePeers is set for tests and the demo), with no credentials in
 * it, whose host is not, and does not resolve to, a loopback, private or
 * reserved address. The connection is checked again when a push is sent
 * (src/push/send.ts), where the address connected to is the one judged.
 */
export async function checkEndpoint(endpoint: string, allowPrivate: boolean): Promise<string> {
  const field = 'subscription.endpoint';
  if (endpoint.length > ENDPOINT_MAX) throw fieldError(field, 'ERR_TOO_LONG', `is too long (maximum is ${ENDPOINT_MAX} characters)`);
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw fieldError(field, 'ERR_INVALID', 'is not a URL');
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) throw fieldError(field, 'ERR_INVALID', 'must be an https URL');
  if (url.username || url.password) throw fieldError(field, 'ERR_INVALID', 'must not carry credentials');
  if (!allowPrivate) {
    const address = await privateAddressOf(url.hostname);
    if (address !== null) throw fieldError(field, 'ERR_INVALID', `must not lead to a private or loopback address (${url.hostname} is ${address})`);
  }
  // Kept as sent: it is the push service's URL, and the client reads it back as it gave it.
  return endpoint;
}

/** Base64 or base64url text as bytes, or null. */
function decode(text: string): Buffer | null {
  const t = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) return null;
  return Buffer.from(t.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''), 'base64url');
}

/** The client's keys (RFC 8291 §3): a P-256 public point and a 16-byte auth secret, returned as base64url. */
export function checkKeys(p256dh: string, auth: string): { p256dh: string; auth: string } {
  const point = decode(p256dh);
  let valid = point !== null && point.length === 65 && point[0] === 4;
  if (valid) {
    try {
      // Throws unless the point lies on the curve.
      const probe = createECDH('prime256v1');
      probe.generateKeys();
      probe.computeSecret(point as Buffer);
    } catch {
      valid = false;
    }
  }
  if (!valid) throw fieldError('subscription.keys.p256dh', 'ERR_INVALID', 'must be an uncompressed P-256 public key, base64url');
  const secret = decode(auth);
  if (secret === null || secret.length !== 16) throw fieldError('subscription.keys.auth', 'ERR_INVALID', 'must be 16 bytes, base64url');
  return { p256dh: (point as Buffer).toString('base64url'), auth: secret.toString('base64url') };
}
