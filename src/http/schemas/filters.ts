import { z } from 'zod';
import { FILTER_ACTIONS, FILTER_CONTEXTS } from '../../filters/filters.table.js';
import { id, named, timestamp } from './registry.js';

export const FilterKeywordSchema = named('FilterKeyword', z.object({ id, keyword: z.string(), whole_word: z.boolean() }));
export const FilterStatusSchema = named('FilterStatus', z.object({ id, status_id: id }));

/** Mastodon's Filter (v2); keywords and statuses only where the filters API answers. */
export const FilterSchema = named(
  'Filter',
  z.object({
    id,
    title: z.string(),
    context: z.array(z.enum(FILTER_CONTEXTS)),
    expires_at: timestamp.nullable(),
    filter_action: z.enum(FILTER_ACTIONS),
    keywords: z.array(FilterKeywordSchema).optional(),
    statuses: z.array(FilterStatusSchema).optional(),
  }),
);

/** Mastodon's FilterResult: on a status, the viewer's filter that matched it and what matched. */
export const FilterResultSchema = named('FilterResult', z.object({ filter: FilterSchema, keyword_matches: z.array(z.string()).nullable(), status_matches: z.array(id).nullable() }));

/** Mastodon's v1 Filter: one keyword of a v2 filter. */
export const FilterV1Schema = named(
  'V1_Filter',
  z.object({ id, phrase: z.string(), context: z.array(z.enum(FILTER_CONTEXTS)), whole_word: z.boolean(), expires_at: timestamp.nullable(), irreversible: z.boolean() }),
);

export type Filter = z.infer<typeof FilterSchema>;
export type FilterKeyword = z.infer<typeof FilterKeywordSchema>;
export type FilterStatus = z.infer<typeof FilterStatusSchema>;
export type FilterResult = z.infer<typeof FilterResultSchema>;
export type FilterV1 = z.infer<typeof FilterV1Schema>;
