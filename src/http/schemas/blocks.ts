import { AccountSchema } from './accounts.js';
import { named, timestamp } from './registry.js';

/** An account in GET /api/v1/mutes: Mastodon's Account plus when the mute ends (null: never). */
export const MutedAccountSchema = named('MutedAccount', AccountSchema.extend({ mute_expires_at: timestamp.nullable() }));
