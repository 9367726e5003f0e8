import { z } from 'zod';
import { named } from './registry.js';

/** Mastodon's Preferences: the posting defaults an account set (source[…] of update_credentials) and how it reads. */
export const PreferencesSchema = named(
  'Preferences',
  z.object({
    'posting:default:visibility': z.enum(['public', 'unlisted', 'private', 'direct']),
    'posting:default:sensitive': z.boolean(),
    'posting:default:language': z.string().nullable(),
    'reading:expand:media': z.enum(['default', 'show_all', 'hide_all']),
    'reading:expand:spoilers': z.boolean(),
  }),
);

export type Preferences = z.infer<typeof PreferencesSchema>;
