/**
 * OAuth scopes as Mastodon defines them: top-level scopes (`read`, `write`,
 * `follow`, `push`, `profile`, `admin:read`, `admin:write`) and granular ones
 * (`read:accounts`…). A granted scope covers itself and its granular children;
 * `follow` is the legacy umbrella for relationship scopes.
 */
const TOP = ['read', 'write', 'follow', 'push', 'profile', 'admin:read', 'admin:write'] as const;

const GRANULAR: Record<string, readonly string[]> = {
  read: ['accounts', 'blocks', 'bookmarks', 'collections', 'favourites', 'filters', 'follows', 'lists', 'mutes', 'notifications', 'search', 'statuses', 'gov'],
  write: ['accounts', 'blocks', 'bookmarks', 'collections', 'conversations', 'favourites', 'filters', 'follows', 'lists', 'media', 'mutes', 'notifications', 'reports', 'statuses', 'gov'],
  // As Mastodon's config/initializers/doorkeeper.rb lists them; `admin:write` covers every `admin:write:*`.
  'admin:read': ['accounts', 'reports', 'domain_allows', 'domain_blocks', 'ip_blocks', 'email_domain_blocks', 'canonical_email_blocks'],
  'admin:write': ['accounts', 'reports', 'domain_allows', 'domain_blocks', 'ip_blocks', 'email_domain_blocks', 'canonical_email_blocks'],
};

const FOLLOW_COVERS = new Set(['read:blocks', 'write:blocks', 'read:follows', 'write:follows', 'read:mutes', 'write:mutes']);

export const KNOWN_SCOPES: ReadonlySet<string> = new Set([
  ...TOP,
  ...Object.entries(GRANULAR).flatMap(([top, subs]) => subs.map((s) => `${top}:${s}`)),
]);

/** Splits a space- or plus-separated scope string; empty means the default `read`. */
export function parseScopes(text: string | undefined | null): string[] {
  const list = (text ?? '').split(/[\s+]+/).filter(Boolean);
  return list.length ? [...new Set(list)] : ['read'];
}

export function unknownScopes(scopes: readonly string[]): string[] {
  return scopes.filter((s) => !KNOWN_SCOPES.has(s));
}

/** The scope a reviewer's token needs to decide on verifications. */
export const REVIEW_WRITE_SCOPE = 'admin:write:accounts';
/** The scope a reviewer's token needs to read other accounts' applications (the queue). */
export const REVIEW_READ_SCOPE = 'admin:read:accounts';

/** Whether the granted scopes cover the one a route needs. */
export function scopeCovers(granted: readonly string[], needed: string): boolean {
  for (const g of granted) {
    if (g === needed) return true;
    if (needed.startsWith(g + ':')) return true;
    if (g === 'follow' && FOLLOW_COVERS.has(needed)) return true;
  }
  return false;
}

/** Whether every requested scope lies within what the app registered. */
export function scopesWithin(requested: readonly string[], allowed: readonly string[]): boolean {
  return requested.every((r) => allowed.includes(r) || scopeCovers(allowed, r));
}
