import { z } from 'zod';
import { id, named, timestamp } from './registry.js';

/** Mastodon's CustomEmoji: what `:shortcode:` in a text shows. */
export const CustomEmojiSchema = named(
  'CustomEmoji',
  z.object({ shortcode: z.string(), url: z.string(), static_url: z.string(), visible_in_picker: z.boolean(), category: z.string().nullable() }),
);

/** A custom emoji as admins manage it (govblog's admin API): the entity, with its id, state and times. */
export const AdminCustomEmojiSchema = named(
  'AdminCustomEmoji',
  z.object({
    id,
    shortcode: z.string(),
    url: z.string(),
    static_url: z.string(),
    visible_in_picker: z.boolean(),
    category: z.string().nullable(),
    disabled: z.boolean(),
    created_at: timestamp,
    updated_at: timestamp,
  }),
);

export type CustomEmoji = z.infer<typeof CustomEmojiSchema>;
