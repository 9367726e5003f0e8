import type { CanonicalEmailBlockJson, EmailDomainBlockJson, IpBlockJson } from '../http/schemas/admin.js';
import type { CanonicalEmailBlockRow, EmailDomainBlockRow, IpBlockRow } from './sign-up-blocks.repository.js';

/** Refused sign-ups of one block on one day (YYYY-MM-DD, UTC). */
export interface AttemptDay {
  blockId: number;
  day: string;
  uses: number;
  accounts: number;
}

/** The seven UTC days ending with `today`, newest first, as Mastodon's history lists them. */
export function lastSevenDays(today: Date): string[] {
  const start = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return Array.from({ length: 7 }, (_, i) => new Date(start - i * 86_400_000).toISOString().slice(0, 10));
}

export function presentEmailDomainBlock(r: EmailDomainBlockRow, attempts: readonly AttemptDay[], today: Date): EmailDomainBlockJson {
  const mine = new Map(attempts.filter((a) => a.blockId === Number(r.id)).map((a) => [a.day, a]));
  return {
    id: String(r.id),
    domain: r.domain,
    created_at: r.created_at,
    history: lastSevenDays(today).map((day) => ({
      day: String(Date.parse(`${day}T00:00:00Z`) / 1000),
      accounts: String(mine.get(day)?.accounts ?? 0),
      uses: String(mine.get(day)?.uses ?? 0),
    })),
  };
}

export function presentCanonicalEmailBlock(r: CanonicalEmailBlockRow): CanonicalEmailBlockJson {
  return { id: String(r.id), canonical_email_hash: r.canonical_email_hash };
}

export function presentIpBlock(r: IpBlockRow): IpBlockJson {
  return { id: String(r.id), ip: r.ip, severity: r.severity, comment: r.comment, created_at: r.created_at, expires_at: r.expires_at };
}
