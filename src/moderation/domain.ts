import { fieldError } from '../app/errors.js';
import { normalizeHost } from './domain-name.js';

/**
 * A domain as a user's domain block stores it (Mastodon's normalize_domain
 * and DomainValidator): a URL or `user@host` given instead yields its host,
 * then the provider's one host normaliser (`normalizeHost`: lower case, IDN
 * in checked punycode, no trailing dot). A value that is no host name, or a
 * bare label without a dot, is refused with a 422 naming `domain`.
 */
export function normalizeDomain(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw fieldError('domain', 'ERR_BLANK', "can't be blank");
  let s = raw.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) {
    try {
      s = new URL(s).hostname;
    } catch {
      throw fieldError('domain', 'ERR_INVALID', 'is not a valid domain');
    }
  } else if (s.includes('@')) s = s.slice(s.lastIndexOf('@') + 1);
  const host = normalizeHost(s);
  if (host === null || !host.includes('.')) throw fieldError('domain', 'ERR_INVALID', 'is not a valid domain');
  return host;
}
