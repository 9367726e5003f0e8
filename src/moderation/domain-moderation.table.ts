import type { Generated } from 'kysely';

export const DOMAIN_BLOCK_SEVERITIES = ['silence', 'suspend', 'noop'] as const;
/** What a domain block does to the domain's accounts, as Mastodon names it: limit them, cut them off, or nothing (media and reports only). */
export type DomainBlockSeverity = (typeof DOMAIN_BLOCK_SEVERITIES)[number];

export interface DomainBlocksTable {
  id: Generated<number>;
  /** Lower-case ASCII host name (IDN in punycode); the block covers its subdomains. */
  domain: string;
  severity: DomainBlockSeverity;
  /** Integer booleans: the domain's media are not fetched; its reports are not taken. */
  reject_media: Generated<number>;
  reject_reports: Generated<number>;
  /** For the provider's admins only. */
  private_comment: string | null;
  /** The reason shown with the block in /api/v1/instance/domain_blocks (when the settings show it). */
  public_comment: string | null;
  /** Shown in public with its middle starred out. */
  obfuscate: Generated<number>;
  created_at: string;
  updated_at: string;
}

/** A domain that may federate in limited-federation mode (exactly that host, not its subdomains, as Mastodon). */
export interface DomainAllowsTable {
  id: Generated<number>;
  domain: string;
  created_at: string;
  updated_at: string;
}
