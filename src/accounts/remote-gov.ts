import type { Gov } from '../http/schemas/accounts.js';
import { ACCOUNT_KINDS, LEVELS, ORGAN_KINDS, RANKS, type Rank } from '../domain/taxonomy.js';

/**
 * A remote account's government profile (accounts.remote_gov, JSON): as its home
 * provider states it, with the host of the provider that verified it. Which
 * statements to trust is the federation code's decision (it stores only those);
 * this module only checks the shape, which is the API's `gov` object itself
 * (presentGov shows it as it is stored).
 */
export type RemoteGov = Gov;

const has = <T extends string>(list: readonly T[], v: unknown): v is T => typeof v === 'string' && (list as readonly string[]).includes(v);
const str = (v: unknown, max = 500): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;
const strOrNull = (v: unknown, max = 500): v is string | null => v === null || str(v, max);

/** A checked RemoteGov, or null when `v` is not one (a field missing, out of the enumerations, or of the wrong type). */
export function checkRemoteGov(v: unknown): RemoteGov | null {
  if (!v || typeof v !== 'object') return null;
  const g = v as Record<string, unknown>;
  if (!has(ACCOUNT_KINDS, g.kind) || !has(ORGAN_KINDS, g.organ) || !has(LEVELS, g.level)) return null;
  if (g.rank !== null && !has(RANKS, g.rank)) return null;
  if (typeof g.public_security !== 'boolean' || !str(g.verification) || !str(g.organ_name) || !str(g.verified_by, 300)) return null;
  if (typeof g.verified_at !== 'string' || Number.isNaN(Date.parse(g.verified_at))) return null;
  if (!strOrNull(g.province, 2) || (g.province !== null && !/^\d{2}$/.test(g.province))) return null;
  if (!strOrNull(g.region_code, 12) || !strOrNull(g.position)) return null;
  return {
    kind: g.kind,
    organ: g.organ,
    public_security: g.public_security,
    level: g.level,
    rank: g.rank as Rank | null,
    province: g.province,
    verification: g.verification,
    verified_at: new Date(g.verified_at).toISOString(),
    organ_name: g.organ_name,
    region_code: g.region_code,
    position: g.position,
    verified_by: g.verified_by.toLowerCase(),
  };
}

/** The stored remote government profile of an account; null for none or a malformed column. */
export function remoteGovOf(row: { remote_gov: string | null }): RemoteGov | null {
  if (row.remote_gov === null) return null;
  try {
    return checkRemoteGov(JSON.parse(row.remote_gov));
  } catch {
    return null;
  }
}
