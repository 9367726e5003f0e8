import { createHash } from 'node:crypto';

/**
 * An address as Mastodon's EmailHelper makes it canonical: lower-cased, dots
 * taken out of the local part and anything after a `+` dropped, so that
 * `Jo.Hn+x@Example.cn` and `john@example.cn` are one person's address.
 */
export function canonicalEmail(address: string): string {
  const lower = address.toLowerCase();
  const at = lower.indexOf('@');
  const local = at < 0 ? lower : lower.slice(0, at);
  const domain = at < 0 ? '' : lower.slice(at + 1);
  const [base = ''] = local.replaceAll('.', '').split('+', 1);
  return `${base}@${domain}`;
}

/** SHA-256 (hex) of the canonical address: what a canonical e-mail block keeps instead of the address. */
export function canonicalEmailHash(address: string): string {
  return createHash('sha256').update(canonicalEmail(address)).digest('hex');
}
