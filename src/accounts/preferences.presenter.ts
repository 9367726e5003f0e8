import type { Preferences } from '../http/schemas/preferences.js';
import type { AccountRow } from './accounts.repository.js';

/**
 * Mastodon's Preferences of the account. The reading preferences are set in
 * Mastodon's web settings, which this provider does not have: they answer
 * Mastodon's defaults (media as marked, content warnings closed).
 */
export function presentPreferences(a: AccountRow): Preferences {
  return {
    'posting:default:visibility': a.default_privacy,
    'posting:default:sensitive': Number(a.default_sensitive) === 1,
    'posting:default:language': a.default_language,
    'reading:expand:media': 'default',
    'reading:expand:spoilers': false,
  };
}
