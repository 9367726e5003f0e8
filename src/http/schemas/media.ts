import { z } from 'zod';
import { id, named } from './registry.js';

const GeometrySchema = z.object({ width: z.number().int(), height: z.number().int(), size: z.string(), aspect: z.number() });

/** Mastodon's MediaAttachment entity (images only on this provider). */
export const MediaAttachmentSchema = named(
  'MediaAttachment',
  z.object({
    id,
    type: z.enum(['image']),
    url: z.string(),
    preview_url: z.string(),
    /** Where the attachment of a remote status is kept by its server; null for local media. */
    remote_url: z.string().nullable(),
    preview_remote_url: z.null(),
    text_url: z.null(),
    meta: z.object({ original: GeometrySchema, small: GeometrySchema, focus: z.object({ x: z.number(), y: z.number() }).optional() }),
    description: z.string().nullable(),
    blurhash: z.string().nullable(),
  }),
);

export type MediaAttachment = z.infer<typeof MediaAttachmentSchema>;

/** An image the provider serves (media files, default avatars and headers): bytes, not JSON, hidden from the document. */
export const imageFile = { content: { 'image/*': { schema: z.string() } } };
