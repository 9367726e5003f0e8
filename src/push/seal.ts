import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * The access token a subscription was made with, kept so that each push can
 * carry it (Mastodon's payload has `access_token`: apps use it to tell which
 * of their accounts a push is for). Tokens are otherwise stored only as
 * digests, so this one is sealed (AES-256-GCM) under a key derived from the
 * VAPID private key: with the keys given in the environment, a copy of the
 * database alone does not reveal it; with generated keys it lies beside its
 * key, and protects only against a casual read.
 */
function keyOf(vapidPrivateKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(vapidPrivateKey, 'base64url'), Buffer.from('govblog push'), Buffer.from('access token seal v1'), 32));
}

export function sealToken(token: string, vapidPrivateKey: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(vapidPrivateKey), iv);
  const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

/** The token, or null if it was sealed under another key (the VAPID pair changed). */
export function unsealToken(sealed: string, vapidPrivateKey: string): string | null {
  try {
    const raw = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', keyOf(vapidPrivateKey), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
