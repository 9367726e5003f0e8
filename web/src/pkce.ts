import { sha256 } from '@noble/hashes/sha2.js';

/** The part of SubtleCrypto that PKCE needs; browsers leave crypto.subtle out outside secure contexts (plain-http hosts). */
export interface Digester {
  digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer>;
}

export function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * The S256 challenge of a PKCE verifier. The provider accepts S256 only, so
 * where crypto.subtle is missing the hash comes from @noble/hashes instead:
 * never `plain`, which would put the verifier itself in the URL.
 */
export async function pkceChallenge(verifier: string, subtle: Digester | null = (globalThis.crypto?.subtle as Digester | undefined) ?? null): Promise<{ challenge: string; method: 'S256' }> {
  const bytes = new TextEncoder().encode(verifier);
  const digest = subtle ? new Uint8Array(await subtle.digest('SHA-256', bytes)) : sha256(bytes);
  return { challenge: base64url(digest), method: 'S256' };
}
