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
export type CanonicalEmailBlockJson = z.infer<typeof CanonicalEmailBlockSchema>;
export type IpBlockJson = z.infer<typeof IpBlockSchema>;
