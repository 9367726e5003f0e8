import { z } from 'zod';
import { id, named, timestamp } from './registry.js';

/** One day of a block's history, as Mastodon's Trends::History: a day's start as Unix seconds, counts as text. */
export const HistoryDaySchema = named('HistoryDay', z.object({ day: z.string(), accounts: z.string(), uses: z.string() }));

/** Mastodon's Admin::EmailDomainBlock: `history` holds the last seven days of sign-ups it refused, newest first. */
export const EmailDomainBlockSchema = named(
  'AdminEmailDomainBlock',
  z.object({ id, domain: z.string(), created_at: timestamp, history: z.array(HistoryDaySchema) }),
);

/** Mastodon's Admin::CanonicalEmailBlock: only the hash of the canonical address is kept. */
export const CanonicalEmailBlockSchema = named('AdminCanonicalEmailBlock', z.object({ id, canonical_email_hash: z.string() }));

/** Mastodon's Admin::IpBlock. */
export const IpBlockSchema = named(
  'AdminIpBlock',
  z.object({
    id,
    ip: z.string(),
    severity: z.enum(['sign_up_requires_approval', 'sign_up_block', 'no_access']),
    comment: z.string(),
    created_at: timestamp,
    expires_at: timestamp.nullable(),
  }),
);

export type EmailDomainBlockJson = z.infer<typeof EmailDomainBlockSchema>;

/** Mastodon's Admin::DomainBlock: `digest` is the SHA-256 (hex) of `domain`. */
export const AdminDomainBlockSchema = named(
  'AdminDomainBlock',
  z.object({
    id,
    domain: z.string(),
    digest: z.string(),
    created_at: timestamp,
    severity: z.enum(['silence', 'suspend', 'noop']),
    reject_media: z.boolean(),
    reject_reports: z.boolean(),
    private_comment: z.string().nullable(),
    public_comment: z.string().nullable(),
    obfuscate: z.boolean(),
  }),
);

/** The 422 of a block that an existing one, on the domain or a parent, already covers at least as strictly (Mastodon's ExistingDomainBlockErrorSerializer). */
export const ExistingDomainBlockErrorSchema = named(
  'ExistingDomainBlockError',
  z.object({ error: z.string(), code: z.string(), details: z.record(z.string(), z.array(z.object({ error: z.string(), description: z.string() }))), existing_domain_block: AdminDomainBlockSchema }),
);

/** Mastodon's Admin::DomainAllow. */
export const AdminDomainAllowSchema = named('AdminDomainAllow', z.object({ id, domain: z.string(), created_at: timestamp }));

export type AdminDomainBlockJson = z.infer<typeof AdminDomainBlockSchema>;
export type AdminDomainAllowJson = z.infer<typeof AdminDomainAllowSchema>;
export type { DomainBlockJson } from './discovery.js';
export type CanonicalEmailBlockJson = z.infer<typeof CanonicalEmailBlockSchema>;
export type IpBlockJson = z.infer<typeof IpBlockSchema>;

/** Mastodon's Admin::Measure: totals as text, one value a day. */
export const AdminMeasureSchema = named(
  'AdminMeasure',
  z.object({
    key: z.string(),
    unit: z.string().nullable(),
    total: z.string(),
    previous_total: z.string().optional(),
    data: z.array(z.object({ date: timestamp, value: z.string() })),
  }),
);

/** Mastodon's Admin::Dimension: the top values of one breakdown. */
export const AdminDimensionSchema = named(
  'AdminDimension',
  z.object({
    key: z.string(),
    data: z.array(z.object({ key: z.string(), human_key: z.string(), value: z.string(), unit: z.string().optional(), human_value: z.string().optional() })),
  }),
);

/** Mastodon's Admin::Cohort: of the accounts opened in a period, the share still active in each later one. */
export const AdminCohortSchema = named(
  'AdminCohort',
  z.object({
    period: timestamp,
    frequency: z.enum(['day', 'month']),
    data: z.array(z.object({ date: timestamp, rate: z.number(), value: z.string() })),
  }),
);

export type AdminMeasureJson = z.infer<typeof AdminMeasureSchema>;
export type AdminDimensionJson = z.infer<typeof AdminDimensionSchema>;
export type AdminCohortJson = z.infer<typeof AdminCohortSchema>;
