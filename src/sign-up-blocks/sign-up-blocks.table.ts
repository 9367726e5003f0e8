import type { Generated } from 'kysely';

export const IP_BLOCK_SEVERITIES = ['sign_up_requires_approval', 'sign_up_block', 'no_access'] as const;
/** What an IP block refuses, as Mastodon names it: sign-ups (held or refused), or every request. */
export type IpBlockSeverity = (typeof IP_BLOCK_SEVERITIES)[number];

export interface EmailDomainBlocksTable {
  id: Generated<number>;
  /** Lower-cased host name; the block covers its subdomains. */
  domain: string;
  created_at: string;
  updated_at: string;
}

/** One sign-up refused by an e-mail domain block (its history). */
export interface EmailDomainBlockAttemptsTable {
  id: Generated<number>;
  block_id: number;
  ip: string;
  created_at: string;
}

export interface CanonicalEmailBlocksTable {
  id: Generated<number>;
  /** SHA-256 (hex) of the canonical address (canonical-email.ts); the address is never kept. */
  canonical_email_hash: string;
  /** The account whose address was blocked, when the block was made from one. */
  reference_account_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface IpBlocksTable {
  id: Generated<number>;
  /** CIDR with the host bits cleared: `65.10.51.60/32`, `2001:db8::/32`. */
  ip: string;
  severity: IpBlockSeverity;
  comment: Generated<string>;
  /** Past this time the block no longer applies; null: for good. */
  expires_at: string | null;
  created_at: string;
  updated_at: string;
}
