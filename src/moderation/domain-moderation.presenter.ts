import { createHash } from 'node:crypto';
import type { AdminDomainAllowJson, AdminDomainBlockJson, DomainBlockJson } from '../http/schemas/admin.js';
import type { DomainAllowRow, DomainBlockRow } from './domain-moderation.repository.js';

/** SHA-256 (hex) of the domain: lets anyone check a domain they know against an obfuscated list. */
export function domainDigest(domain: string): string {
  return createHash('sha256').update(domain).digest('hex');
}

/**
 * The domain as the public sees it: with `obfuscate`, every character but the
 * dots is starred, except the first and last quarter or so (Mastodon's
 * DomainBlock#public_domain: `b*******.com` style).
 */
export function publicDomain(domain: string, obfuscate: boolean): string {
  if (!obfuscate) return domain;
  const chars = [...domain];
  const visible = Math.floor(chars.length / 4);
  return chars.map((c, i) => (i > visible && i < chars.length - visible && c !== '.' ? '*' : c)).join('');
}

/** Mastodon's Admin::DomainBlock. */
export function presentAdminDomainBlock(r: DomainBlockRow): AdminDomainBlockJson {
  return {
    id: String(r.id),
    domain: r.domain,
    digest: domainDigest(r.domain),
    created_at: r.created_at,
    severity: r.severity,
    reject_media: r.reject_media === 1,
    reject_reports: r.reject_reports === 1,
    private_comment: r.private_comment,
    public_comment: r.public_comment,
    obfuscate: r.obfuscate === 1,
  };
}

/** Mastodon's Admin::DomainAllow. */
export function presentAdminDomainAllow(r: DomainAllowRow): AdminDomainAllowJson {
  return { id: String(r.id), domain: r.domain, created_at: r.created_at };
}

/** Mastodon's DomainBlock (the public list): `comment` only when the settings show the reasons to this caller. */
export function presentDomainBlock(r: DomainBlockRow, withComment: boolean): DomainBlockJson {
  return {
    domain: publicDomain(r.domain, r.obfuscate === 1),
    digest: domainDigest(r.domain),
    severity: r.severity === 'suspend' ? 'suspend' : 'silence',
    comment: withComment ? r.public_comment : null,
  };
}
