import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pkceChallenge } from '../../../../web/src/pkce.js';

/** The web UI's PKCE (web/src/pkce.ts): S256 always, as the provider accepts nothing else. */
describe('web UI PKCE challenge', () => {
  const expected = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

  it('is S256 without crypto.subtle (a plain-http host), never the verifier itself', async () => {
    for (const verifier of [randomBytes(48).toString('base64url'), 'a', 'x'.repeat(128)]) {
      const { challenge, method } = await pkceChallenge(verifier, null);
      expect(method).toBe('S256');
      expect(challenge).not.toBe(verifier);
      expect(challenge).toBe(expected(verifier));
    }
  });

  it('is S256 with crypto.subtle, the same as without', async () => {
    const verifier = randomBytes(48).toString('base64url');
    expect(await pkceChallenge(verifier, globalThis.crypto.subtle)).toEqual({ challenge: expected(verifier), method: 'S256' });
  });
});
