import { z } from 'zod';
import { id, named } from './registry.js';

/** Mastodon's FeaturedTag: statuses_count as text, last_status_at a date (YYYY-MM-DD). */
export const FeaturedTagSchema = named('FeaturedTag', z.object({ id, name: z.string(), url: z.string(), statuses_count: z.string(), last_status_at: z.string().nullable() }));

export type FeaturedTag = z.infer<typeof FeaturedTagSchema>;
