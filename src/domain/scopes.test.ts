import { describe, expect, it } from 'vitest';
import { parseScopes, scopeCovers, scopesWithin, unknownScopes } from './scopes.js';

describe('OAuth scopes', () => {
  it('parses space and plus separated lists, defaulting to read', () => {
    expect(parseScopes('read write')).toEqual(['read', 'write']);
    expect(parseScopes('read+follow')).toEqual(['read', 'follow']);
    expect(parseScopes('')).toEqual(['read']);
    expect(parseScopes(undefined)).toEqual(['read']);
  });

  it('lets a top-level scope cover its granular ones, and nothing else', () => {
    expect(scopeCovers(['read'], 'read:accounts')).toBe(true);
    expect(scopeCovers(['read'], 'write:accounts')).toBe(false);
    expect(scopeCovers(['write:statuses'], 'write:accounts')).toBe(false);
    expect(scopeCovers(['follow'], 'write:follows')).toBe(true);
    expect(scopeCovers(['follow'], 'write:statuses')).toBe(false);
    expect(scopeCovers(['admin:read'], 'admin:read:accounts')).toBe(true);
    expect(scopeCovers(['read'], 'admin:read:accounts')).toBe(false);
  });

  it('checks requests against what the app registered', () => {
    expect(scopesWithin(['read:accounts'], ['read', 'write'])).toBe(true);
    expect(scopesWithin(['admin:write'], ['read', 'write'])).toBe(false);
    expect(unknownScopes(['read', 'rule:world'])).toEqual(['rule:world']);
  });
});
