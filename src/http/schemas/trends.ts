import { z } from 'zod';
import { PreviewCardSchema } from './cards.js';
import { id, named, timestamp } from './registry.js';
import { HashtagSchema, StatusSchema, TagHistorySchema } from './statuses.js';

/** Mastodon's Trends::Link: a preview card with its week of shares (day, accounts, uses). */
export const TrendLinkSchema = named('TrendLink', PreviewCardSchema.extend({ history: z.array(TagHistorySchema) }));

/** The link as a reviewer sees it (Mastodon's REST::Admin::Trends::LinkSerializer): its card's id and whether it waits for review. */
export const AdminTrendLinkSchema = named('AdminTrendLink', TrendLinkSchema.extend({ id, requires_review: z.boolean() }));

/** Mastodon's Admin::Tag: the hashtag with its review (trendable as decided or by default; usable: always here). */
export const AdminTagSchema = named('AdminTag', HashtagSchema.extend({ trendable: z.boolean(), usable: z.boolean(), requires_review: z.boolean() }));

/** A trending status as a reviewer sees it (REST::Admin::Trends::StatusSerializer): the status and whether it waits for review. */
export const AdminTrendStatusSchema = named('AdminTrendStatus', z.intersection(StatusSchema, z.object({ requires_review: z.boolean() })));

/** Mastodon's PreviewCardProvider as the admin API shows it: a publisher (domain) of links, and its review. */
export const PreviewCardProviderSchema = named(
  'AdminPreviewCardProvider',
  z.object({
    id,
    domain: z.string(),
    /** null: not decided. */
    trendable: z.boolean().nullable(),
    reviewed_at: timestamp.nullable(),
    requested_review_at: timestamp.nullable(),
    requires_review: z.boolean(),
  }),
);
