import { z } from 'zod';
import { NOTIFICATION_TYPES } from '../../social/social.table.js';
import { VERIFICATION_STATES } from '../../domain/verification-state.js';
import { AccountSchema } from './accounts.js';
import { id, named, timestamp } from './registry.js';
import { StatusSchema } from './statuses.js';
import { AccountWarningSchema, ReportSchema } from './moderation.js';
import { REQUEST_STEPS } from '../../domain/service-request.js';

/** Mastodon's Relationship entity. */
export const RelationshipSchema = named(
  'Relationship',
  z.object({
    id,
    following: z.boolean(),
    showing_reblogs: z.boolean(),
    notifying: z.boolean(),
    languages: z.array(z.string()).nullable(),
    followed_by: z.boolean(),
    blocking: z.boolean(),
    blocked_by: z.boolean(),
    muting: z.boolean(),
    muting_notifications: z.boolean(),
    requested: z.boolean(),
    requested_by: z.boolean(),
    domain_blocking: z.boolean(),
    endorsed: z.boolean(),
    note: z.string(),
  }),
);

/** What a `gov.verification_decision` tells the applicant (govblog): the application, its state and the reviewer's reason. */
export const VerificationDecisionSchema = named(
  'VerificationDecision',
  z.object({
    id,
    state: z.enum(VERIFICATION_STATES),
    organ_name: z.string(),
    /** The display name an approval gave, or null. */
    display_name: z.string().nullable(),
    reason: z.string().nullable(),
  }),
);

/** Mastodon's Notification entity; `request_id` (govblog) names the service request of a `gov.request*` notification. */
export const NotificationSchema = named(
  'Notification',
  z.object({
    id,
    type: z.enum(NOTIFICATION_TYPES),
    created_at: timestamp,
    group_key: z.string(),
    account: AccountSchema,
    status: StatusSchema.optional(),
    request_id: id.optional(),
    /** The step a `gov.request_update` tells of (govblog): accepted, responded, resolved or rated. */
    request_step: z.enum(REQUEST_STEPS).optional(),
    /** The warning a `moderation_warning` tells of (Mastodon 4.3). */
    moderation_warning: AccountWarningSchema.optional(),
    /** The report an `admin.report` tells a moderator of (Mastodon 4.3). */
    report: ReportSchema.optional(),
    /** The decision a `gov.verification_decision` tells of (govblog). */
    verification: VerificationDecisionSchema.optional(),
  }),
);

/** Mastodon's Marker entities, keyed by timeline (`home`, `notifications`), only those saved. */
export const MarkersSchema = named(
  'Markers',
  z.object({
    home: z.object({ last_read_id: z.string(), version: z.number().int(), updated_at: timestamp }).optional(),
    notifications: z.object({ last_read_id: z.string(), version: z.number().int(), updated_at: timestamp }).optional(),
  }),
);

/** `GET /api/v1/notifications/unread_count` and its v2 twin. */
export const UnreadCountSchema = named('UnreadCount', z.object({ count: z.number().int() }));

/** Mastodon 4.3's NotificationGroup. */
export const NotificationGroupSchema = named(
  'NotificationGroup',
  z.object({
    group_key: z.string(),
    notifications_count: z.number().int(),
    type: z.enum(NOTIFICATION_TYPES),
    most_recent_notification_id: id,
    page_min_id: id.optional(),
    page_max_id: id.optional(),
    latest_page_notification_at: timestamp.optional(),
    sample_account_ids: z.array(id),
    status_id: id.optional(),
    request_id: id.optional(),
    /** The step a `gov.request_update` tells of (govblog): accepted, responded, resolved or rated. */
    request_step: z.enum(REQUEST_STEPS).optional(),
    moderation_warning: AccountWarningSchema.optional(),
    report: ReportSchema.optional(),
    verification: VerificationDecisionSchema.optional(),
  }),
);

/** Mastodon 4.3's GroupedNotificationsResults (`GET /api/v2/notifications`). */
export const GroupedNotificationsSchema = named(
  'GroupedNotifications',
  z.object({
    accounts: z.array(AccountSchema),
    partial_accounts: z.array(AccountSchema).optional(),
    statuses: z.array(StatusSchema),
    notification_groups: z.array(NotificationGroupSchema),
  }),
);

const policyAction = z.enum(['accept', 'filter', 'drop']);

/** Mastodon 4.3's NotificationPolicy (v2): what becomes of notifications from each kind of sender, and what is held back now. */
export const NotificationPolicySchema = named(
  'NotificationPolicy',
  z.object({
    for_not_following: policyAction,
    for_not_followers: policyAction,
    for_new_accounts: policyAction,
    for_private_mentions: policyAction,
    for_limited_accounts: policyAction,
    summary: z.object({ pending_requests_count: z.number().int(), pending_notifications_count: z.number().int() }),
  }),
);

/** Mastodon 4.3's v1 NotificationPolicy: the same policy, each action seen as a boolean (anything but `accept` filters). */
export const NotificationPolicyV1Schema = named(
  'NotificationPolicyV1',
  z.object({
  filter_not_following: z.boolean(),
  filter_not_followers: z.boolean(),
  filter_new_accounts: z.boolean(),
  filter_private_mentions: z.boolean(),
  summary: z.object({ pending_requests_count: z.number().int(), pending_notifications_count: z.number().int() }),
  }),
);

/** Mastodon 4.3's NotificationRequest: one sender's notifications held back by the policy. */
export const NotificationRequestSchema = named(
  'NotificationRequest',
  z.object({ id, created_at: timestamp, updated_at: timestamp, account: AccountSchema, notifications_count: z.string(), last_status: StatusSchema.optional() }),
);

/** Mastodon's Conversation entity. */
export const ConversationSchema = named(
  'Conversation',
  z.object({
    id,
    unread: z.boolean(),
    accounts: z.array(AccountSchema),
    last_status: StatusSchema.nullable(),
  }),
);

export type Relationship = z.infer<typeof RelationshipSchema>;
export type Notification = z.infer<typeof NotificationSchema>;
export type VerificationDecision = z.infer<typeof VerificationDecisionSchema>;
export type Conversation = z.infer<typeof ConversationSchema>;
