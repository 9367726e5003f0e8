import { z } from 'zod';
import { ROLES } from '../../accounts/accounts.table.js';
import { ACCOUNT_ACTIONS, REPORT_CATEGORIES } from '../../moderation/moderation.table.js';
import { AccountSchema } from './accounts.js';
import { RuleSchema } from './instance.js';
import { id, named, timestamp } from './registry.js';
import { StatusSchema } from './statuses.js';

/** Mastodon's Report entity, as its author sees it. */
export const ReportSchema = named(
  'Report',
  z.object({
    id,
    action_taken: z.boolean(),
    action_taken_at: timestamp.nullable(),
    category: z.enum(REPORT_CATEGORIES),
    comment: z.string(),
    forwarded: z.boolean(),
    created_at: timestamp,
    status_ids: z.array(id).nullable(),
    rule_ids: z.array(id).nullable(),
    target_account: AccountSchema,
  }),
);

/** The role object of Mastodon's Admin::Account (the same shape as CredentialAccount's). */
const RoleSchema = z.object({ id: z.enum(ROLES), name: z.enum(ROLES), color: z.string(), permissions: z.string(), highlighted: z.boolean() });

/** Mastodon's Admin::Account: an account as moderators see it. No sign-up IPs are kept here, so `ip` is null and `ips` empty. */
export const AdminAccountSchema = named(
  'AdminAccount',
  z.object({
    id,
    username: z.string(),
    domain: z.string().nullable(),
    created_at: timestamp,
    email: z.string().nullable(),
    ip: z.null(),
    ips: z.array(z.never()),
    role: RoleSchema,
    confirmed: z.boolean(),
    suspended: z.boolean(),
    silenced: z.boolean(),
    sensitized: z.boolean(),
    disabled: z.boolean(),
    approved: z.boolean(),
    locale: z.string(),
    invite_request: z.string().nullable(),
    account: AccountSchema,
  }),
);

/** Mastodon's Admin::Report: a report in the moderation queue. */
export const AdminReportSchema = named(
  'AdminReport',
  z.object({
    id,
    action_taken: z.boolean(),
    action_taken_at: timestamp.nullable(),
    category: z.enum(REPORT_CATEGORIES),
    comment: z.string(),
    forwarded: z.boolean(),
    created_at: timestamp,
    updated_at: timestamp,
    account: AdminAccountSchema,
    target_account: AdminAccountSchema,
    assigned_account: AdminAccountSchema.nullable(),
    action_taken_by_account: AdminAccountSchema.nullable(),
    statuses: z.array(StatusSchema),
    rules: z.array(RuleSchema),
  }),
);

/** Mastodon's AccountWarning (the `moderation_warning` of a notification). Appeals are not taken here, so `appeal` is null. */
export const AccountWarningSchema = named(
  'AccountWarning',
  z.object({
    id,
    action: z.enum(ACCOUNT_ACTIONS),
    text: z.string(),
    status_ids: z.array(id).nullable(),
    created_at: timestamp,
    target_account: AccountSchema,
    appeal: z.null(),
  }),
);

export type ReportJson = z.infer<typeof ReportSchema>;
export type AdminAccountJson = z.infer<typeof AdminAccountSchema>;
export type AdminReportJson = z.infer<typeof AdminReportSchema>;
export type AccountWarningJson = z.infer<typeof AccountWarningSchema>;
