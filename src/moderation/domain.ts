import { domainToASCII } from 'node:url';
import { fieldError } from '../app/errors.js';

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * A domain as a user block stores it (Mastodon's normalize_domain and
 * DomainValidator): trimmed, lower case, IDN in ASCII (punycode), no trailing
 * dot; a URL or `user@host` given instead yields its host. A value that is no
 * host name is refused with a 422 naming `domain`.
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
  s = s.replace(/\.$/, '');
  const ascii = domainToASCII(s.toLowerCase());
  if (ascii === '' || ascii.length > 253 || !ascii.includes('.') || !ascii.split('.').every((l) => LABEL.test(l))) {
    throw fieldError('domain', 'ERR_INVALID', 'is not a valid domain');
  }
  return ascii;
}
