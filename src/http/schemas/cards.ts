import { z } from 'zod';
import { named, timestamp } from './registry.js';

/** One author a card names (Mastodon 4.3's PreviewCardAuthor); no account here: authors are not resolved to accounts. */
export const PreviewCardAuthorSchema = named('PreviewCardAuthor', z.object({ name: z.string(), url: z.string(), account: z.null() }));

/** Mastodon's PreviewCard: the preview of the first link in a status. */
export const PreviewCardSchema = named(
  'PreviewCard',
  z.object({
    url: z.string(),
    title: z.string(),
    description: z.string(),
    language: z.string().nullable(),
    /** Always `link` on this provider: no embedded players from other sites. */
    type: z.enum(['link', 'photo', 'video', 'rich']),
    author_name: z.string(),
    author_url: z.string(),
    provider_name: z.string(),
    provider_url: z.string(),
    html: z.string(),
    width: z.number().int(),
    height: z.number().int(),
    /** The preview image as this provider stores it (never the linked site's own URL). */
    image: z.string().nullable(),
    image_description: z.string(),
    embed_url: z.string(),
    blurhash: z.string().nullable(),
    published_at: timestamp.nullable(),
    authors: z.array(PreviewCardAuthorSchema),
  }),
);

export type PreviewCard = z.infer<typeof PreviewCardSchema>;
