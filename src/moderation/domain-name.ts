import { domainToASCII, domainToUnicode } from 'node:url';

/** A DNS label in ASCII: letters, digits and inner hyphens, 1 to 63 of them (Mastodon's DomainValidator, hyphens as STD3 has them). */
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * An `xn--` label that is real punycode: it decodes to something else and
 * encodes back to itself. Node's domainToASCII passes such labels through
 * unchecked (`xn--zz` stays), so a block on a name no IDN can have is refused here.
 */
function isPunycodeLabel(label: string): boolean {
  if (!label.startsWith('xn--')) return true;
  const unicode = domainToUnicode(label);
  return unicode !== '' && unicode !== label && domainToASCII(unicode) === label;
}

/**
 * A domain as the provider's domain blocks and allows keep it, as Mastodon's
 * DomainNormalizable and DomainValidator make it: trimmed, without a trailing
 * dot or slash, mapped by UTS #46 as the WHATWG URL standard does it (lower
 * case, full-width dots, IDN in punycode: `政府.中国` is
 * `xn--mxtq1m.xn--fiqs8s`), at most 253 characters in labels of at most 63.
 * Null when the text is no host name: a URL, an address, a port, a wildcard.
 */
export function normalizeHost(text: string): string | null {
  const trimmed = text.trim().replace(/\/$/, '').replace(/\.$/, '');
  if (trimmed === '' || /[\s@/\\:*?#[\]%]/.test(trimmed)) return null;
  const ascii = domainToASCII(trimmed.toLowerCase());
  if (ascii === '' || ascii.length > 253) return null;
  const labels = ascii.split('.');
  return labels.every((l) => LABEL.test(l) && isPunycodeLabel(l)) ? ascii : null;
}

/**
 * The host of a remote party as federation meets it (`Social.Example:443`,
 * `mail.spam.example.`) normalised for a lookup: the port is dropped, since
 * a block covers every port of its host. Null when it is no host name.
 */
export function lookupHost(host: string): string | null {
  const bare = host.trim().replace(/:\d{1,5}$/, '');
  return normalizeHost(bare);
}

/** The host and each of its parent domains, longest first: the names a block may be on to cover it (Mastodon's rule_for). */
export function hostVariants(host: string): string[] {
  const labels = host.split('.');
  return labels.map((_, i) => labels.slice(i).join('.'));
}
