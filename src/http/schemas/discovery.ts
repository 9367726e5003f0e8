import { z } from 'zod';
import { AccountSchema } from './accounts.js';
import { CustomEmojiSchema } from './emojis.js';
import { id, named, timestamp } from './registry.js';

/** Mastodon 4.3's Suggestion (v2): why an account is suggested, and the account. */
export const SuggestionSchema = named(
  'Suggestion',
  z.object({
    /** Deprecated in 4.3 but still sent: `staff` for featured, `global` for most followed. */
    source: z.enum(['staff', 'global', 'past_interactions']),
    sources: z.array(z.enum(['featured', 'most_followed', 'most_interactions', 'similar_to_recently_followed', 'friends_of_friends'])),
    account: AccountSchema,
  }),
);

/** Mastodon's FamiliarFollowers: accounts the viewer follows that follow `id`. */
export const FamiliarFollowersSchema = named('FamiliarFollowers', z.object({ id, accounts: z.array(AccountSchema) }));

/** Mastodon's Reaction on an announcement; url and static_url for a custom emoji only. */
export const AnnouncementReactionSchema = named(
  'AnnouncementReaction',
  z.object({ name: z.string(), count: z.number().int(), me: z.boolean().optional(), url: z.string().optional(), static_url: z.string().optional() }),
);

const announcementShape = {
  id,
  /** Safe HTML. */
  content: z.string(),
  starts_at: timestamp.nullable(),
  ends_at: timestamp.nullable(),
  all_day: z.boolean(),
  published_at: timestamp,
  updated_at: timestamp,
  /** Whether the viewer dismissed it: present only for a signed-in viewer. */
  read: z.boolean().optional(),
  mentions: z.array(z.object({ id, username: z.string(), url: z.string(), acct: z.string() })),
  statuses: z.array(z.object({ id, url: z.string() })),
  tags: z.array(z.object({ name: z.string(), url: z.string() })),
  emojis: z.array(CustomEmojiSchema),
  reactions: z.array(AnnouncementReactionSchema),
};

/** Mastodon's Announcement. */
export const AnnouncementSchema = named('Announcement', z.object(announcementShape));

/** An announcement as admins manage it (govblog's admin API): the entity, drafts too, with the text as written. */
export const AdminAnnouncementSchema = named(
  'AdminAnnouncement',
  z.object({ ...announcementShape, published_at: timestamp.nullable(), published: z.boolean(), text: z.string(), created_at: timestamp }),
);

/** One week of GET /api/v1/instance/activity (counts as strings, the week as a UNIX timestamp, as Mastodon). */
export const InstanceActivitySchema = named('InstanceActivity', z.object({ week: z.string(), statuses: z.string(), logins: z.string(), registrations: z.string() }));

/** GET /api/v1/instance/privacy_policy and /extended_description: Mastodon's PrivacyPolicy and ExtendedDescription. */
export const PolicyTextSchema = named('PolicyText', z.object({ updated_at: timestamp.nullable(), content: z.string() }));

/** GET /api/v1/instance/terms_of_service (Mastodon 4.4's TermsOfService). */
export const TermsOfServiceSchema = named(
  'TermsOfService',
  z.object({ effective_date: z.string(), effective: z.boolean(), content: z.string(), succeeded_by: z.string().nullable() }),
);

/** Mastodon's DomainBlock as the instance shows it: `domain` starred when obfuscated, `comment` null unless the settings show reasons to this caller. */
export const DomainBlockSchema = named('DomainBlock', z.object({ domain: z.string(), digest: z.string(), severity: z.enum(['silence', 'suspend']), comment: z.string().nullable() }));
export type DomainBlockJson = z.infer<typeof DomainBlockSchema>;

export type Announcement = z.infer<typeof AnnouncementSchema>;
export type AdminAnnouncement = z.infer<typeof AdminAnnouncementSchema>;
