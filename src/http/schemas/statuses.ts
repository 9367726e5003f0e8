import { z } from 'zod';
import { CustomEmojiSchema } from './emojis.js';
import { VISIBILITIES } from '../../statuses/statuses.table.js';
import { QUOTE_STATES } from '../../quotes/quotes.table.js';
import { AccountSchema } from './accounts.js';
import { MediaAttachmentSchema } from './media.js';
import { PreviewCardSchema } from './cards.js';
import { alwaysEmpty, id, named, timestamp } from './registry.js';
import { FilterResultSchema } from './filters.js';

/** Who may quote a status (Mastodon's quote_approval): automatically, after the author's approval, and what the viewer gets. */
export const QuoteApprovalSchema = named(
  'QuoteApproval',
  z.object({ automatic: z.array(z.string()), manual: z.array(z.string()), current_user: z.enum(['automatic', 'manual', 'denied', 'unknown']) }),
);
export const MentionSchema = named('Mention', z.object({ id, username: z.string(), url: z.string(), acct: z.string() }));
export const TagSchema = named('Tag', z.object({ name: z.string(), url: z.string() }));
/** The app a status was posted from, as statuses show it. */
export const StatusApplicationSchema = named('StatusApplication', z.object({ name: z.string(), website: z.null() }));

/** One option of a poll: its votes are null while hidden (hide_totals, until it ends). */
export const PollOptionSchema = named('PollOption', z.object({ title: z.string(), votes_count: z.number().int().nullable() }));

/** Mastodon's Poll entity; `voted` and `own_votes` only for a signed-in reader. */
export const PollSchema = named(
  'Poll',
  z.object({
    id,
    expires_at: timestamp.nullable(),
    expired: z.boolean(),
    multiple: z.boolean(),
    votes_count: z.number().int(),
    voters_count: z.number().int().nullable(),
    options: z.array(PollOptionSchema),
    emojis: alwaysEmpty,
    voted: z.boolean().optional(),
    own_votes: z.array(z.number().int()).optional(),
  }),
);

const statusShape = {
  id,
  created_at: timestamp,
  in_reply_to_id: id.nullable(),
  in_reply_to_account_id: id.nullable(),
  sensitive: z.boolean(),
  spoiler_text: z.string(),
  visibility: z.enum(VISIBILITIES),
  language: z.string().nullable(),
  uri: z.string(),
  url: z.string(),
  replies_count: z.number().int(),
  reblogs_count: z.number().int(),
  favourites_count: z.number().int(),
  edited_at: timestamp.nullable(),
  favourited: z.boolean(),
  reblogged: z.boolean(),
  muted: z.boolean(),
  bookmarked: z.boolean(),
  pinned: z.boolean(),
  /** Safe HTML, sanitised by the server. */
  content: z.string(),
  /** The viewer's filters that match it (Mastodon's FilterResult), whatever their context: clients pick those of the view they show. */
  filtered: z.array(FilterResultSchema),
  application: StatusApplicationSchema.nullable(),
  account: AccountSchema,
  media_attachments: z.array(MediaAttachmentSchema),
  mentions: z.array(MentionSchema),
  tags: z.array(TagSchema),
  emojis: z.array(CustomEmojiSchema),
  card: PreviewCardSchema.nullable(),
  poll: PollSchema.nullable(),
  /** Accepted quotes of it. */
  quotes_count: z.number().int(),
  quote_approval: QuoteApprovalSchema,
};

/** Mastodon's Quote entity; the status it quotes in full (`quoted_status`), or, one level down, only its id (ShallowQuote). */
export interface Quote {
  state: (typeof QUOTE_STATES)[number];
  quoted_status?: Status | null;
  quoted_status_id?: string | null;
}
export const QuoteSchema: z.ZodType<Quote> = named(
  'Quote',
  z.object({ state: z.enum(QUOTE_STATES), quoted_status: z.lazy(() => StatusSchema.nullable()).optional(), quoted_status_id: id.nullable().optional() }),
);

/** A status without the original it reblogs (the recursive part). */
const StatusFieldsSchema = z.object(statusShape);

/** Mastodon's Status entity. */
export interface Status extends z.infer<typeof StatusFieldsSchema> {
  /** The original a reblog shares. */
  reblog: Status | null;
  /** The status it quotes (Mastodon 4.5). */
  quote: Quote | null;
}

export const StatusSchema: z.ZodType<Status> = named('Status', z.object({ ...statusShape, reblog: z.lazy(() => StatusSchema.nullable()), quote: z.lazy(() => QuoteSchema.nullable()) }));

/**
 * The answer to a delete: the status with its source text, so that clients
 * can redraft (or only the id and text when the status can no longer be shown).
 */
export const DeletedStatusSchema = named(
  'DeletedStatus',
  z.union([
    z.object({ ...statusShape, reblog: z.lazy(() => StatusSchema.nullable()), quote: z.lazy(() => QuoteSchema.nullable()), text: z.string() }),
    z.object({ id, text: z.string() }),
  ]),
);

/** One version of a status in its history (Mastodon's StatusEdit), the original first. */
export const StatusEditSchema = named(
  'StatusEdit',
  z.object({
    content: z.string(),
    spoiler_text: z.string(),
    sensitive: z.boolean(),
    created_at: timestamp,
    poll: z.object({ options: z.array(z.object({ title: z.string() })) }).optional(),
    account: AccountSchema,
    media_attachments: z.array(MediaAttachmentSchema),
    emojis: alwaysEmpty,
  }),
);

/** A status's text as written, for an edit form (Mastodon's StatusSource). */
export const StatusSourceSchema = named('StatusSource', z.object({ id, text: z.string(), spoiler_text: z.string() }));

/** A thread around a status. */
export const ContextSchema = named('Context', z.object({ ancestors: z.array(StatusSchema), descendants: z.array(StatusSchema) }));

/** Mastodon's ScheduledStatus entity. */
export const ScheduledStatusSchema = named(
  'ScheduledStatus',
  z.object({
    id,
    scheduled_at: timestamp,
    params: z.object({
      text: z.string(),
      poll: z.object({ options: z.array(z.string()), expires_in: z.string(), multiple: z.boolean(), hide_totals: z.boolean() }).nullable(),
      media_ids: z.null(),
      sensitive: z.boolean(),
      spoiler_text: z.string().nullable(),
      visibility: z.enum(VISIBILITIES),
      idempotency: z.null(),
      scheduled_at: z.null(),
      in_reply_to_id: id.nullable(),
      language: z.string().nullable(),
      application_id: z.null(),
      with_rate_limit: z.boolean(),
    }),
    media_attachments: alwaysEmpty,
  }),
);

export type ScheduledStatus = z.infer<typeof ScheduledStatusSchema>;

/**
 * The type of a route's answer that goes out as JSON text already built (the
 * byte-spliced timelines): the bytes are checked against `schema` by the
 * response check's onSend hook, so the type admits a Buffer.
 */
export function prerendered<T extends z.ZodType>(schema: T): z.ZodType<z.output<T> | Buffer> {
  return schema as unknown as z.ZodType<z.output<T> | Buffer>;
}

/** One day of a hashtag's use: Mastodon's Tag history (day as a UNIX timestamp, counts as strings). */
export const TagHistorySchema = named('TagHistory', z.object({ day: z.string(), uses: z.string(), accounts: z.string() }));
/** A hashtag as search finds it: Mastodon's Tag entity with its last week of use. */
export const HashtagSchema = named('Hashtag', z.object({ id, name: z.string(), url: z.string(), history: z.array(TagHistorySchema), following: z.boolean().optional(), featuring: z.boolean().optional() }));

/** Mastodon's oEmbed answer (OEmbedSerializer). */
export const OEmbedSchema = named(
  'OEmbed',
  z.object({
    type: z.literal('rich'),
    version: z.literal('1.0'),
    author_name: z.string(),
    author_url: z.string(),
    provider_name: z.string(),
    provider_url: z.string(),
    cache_age: z.number().int(),
    html: z.string(),
    width: z.number().int(),
    height: z.number().int().nullable(),
  }),
);
