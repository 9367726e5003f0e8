import { z } from 'zod';
import { AccountSchema } from './accounts.js';
import { named } from './registry.js';
import { HashtagSchema, StatusSchema } from './statuses.js';

/** Mastodon's Search entity (v2): each list empty when that type was not asked for or found nothing. */
export const SearchSchema = named('Search', z.object({ accounts: z.array(AccountSchema), statuses: z.array(StatusSchema), hashtags: z.array(HashtagSchema) }));
