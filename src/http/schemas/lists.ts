import { z } from 'zod';
import { REPLIES_POLICIES } from '../../lists/lists.table.js';
import { id, named } from './registry.js';

/** Mastodon's List. */
export const ListSchema = named('List', z.object({ id, title: z.string(), replies_policy: z.enum(REPLIES_POLICIES), exclusive: z.boolean() }));

export type List = z.infer<typeof ListSchema>;
