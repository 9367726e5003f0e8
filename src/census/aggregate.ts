/**
 * Counting: the de-duplicated accounts at the cut-off -> the figures of the
 * annual report (CONTRACT §3), and the report object every format renders.
 * Pure: no I/O, no clock.
 */
import { GRASSROOTS_RANKS, LEVELS, ORGAN_KINDS, PROVINCE_CODES, RANKS, type Level, type OrganKind, type Rank } from '../domain/taxonomy.js';
import type { Cutoff } from './cutoff.js';
import { PAGE_BITS, PAGE_MASK, type AccountIndex } from './dedupe.js';
import { packed, REPORT_PROVINCE_CODES, STANDINGS, type Standing } from './ingest.js';
import type { Ranking } from './ranking.js';
import type { ServiceQuality } from './service.js';
import { providerName, type Bilingual } from './report/names.js';

/** Counted accounts of one provider or province. */
export interface Tally {
  total: number;
  institutional: number;
  individual: number;
}

export interface InstitutionalFigures {
  total: number;
  public_security: number;
  /** Every organ kind, 0 where none. */
  by_organ: Record<OrganKind, number>;
  /** Every level, 0 where none. */
  by_level: Record<Level, number>;
}

export interface IndividualFigures extends InstitutionalFigures {
  /** Ranks division, section and staff (县处级以下). */
  grassroots: number;
  /** Rank ministerial. */
  provincial_ministerial_leaders: number;
  /** Every rank band, 0 where none. */
  by_rank: Record<Rank, number>;
}

/** Counted accounts whose labels leave a breakdown's field null: they are in the totals but not in that breakdown. */
export interface Incomplete {
  kind: number;
  organ: number;
  level: number;
  /** Individuals without a rank. */
  rank: number;
  /** Accounts of a non-national level without a province. */
  province: number;
}

/** The figures of one census (the current one, or the previous year's). */
export interface CensusCounts {
  cutoff: string;
  total: number;
  institutional: InstitutionalFigures;
  individual: IndividualFigures;
  /** Counted accounts of the police system, both kinds. */
  public_security: number;
  /** Providers in the order of their totals (then name). */
  by_provider: Record<string, Tally>;
  /** The 31 mainland provinces always; Taiwan, Hong Kong and Macao when they have accounts. */
  by_province: Record<string, Tally>;
  /** Distinct accounts by their standing at the cut-off (the last occurrence's). */
  standing: Record<Standing, number>;
  /** Counted accounts whose labels the classifier supplied, and of those how many it was unsure of. */
  classified: { accounts: number; uncertain: number };
  incomplete: Incomplete;
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  const o = {} as Record<K, number>;
  for (const k of keys) o[k] = 0;
  return o;
}

/** Counts the accounts of an index at its cut-off. */
export function countAccounts(index: AccountIndex, cutoff: Cutoff): CensusCounts {
  // Flat counters indexed by the packed codes (1-based; 0 is null), turned into named records at the end.
  const standing = new Float64Array(STANDINGS.length);
  const byKind = new Float64Array(3);
  const psByKind = new Float64Array(3);
  const organByKind = [new Float64Array(16), new Float64Array(16), new Float64Array(16)];
  const levelByKind = [new Float64Array(8), new Float64Array(8), new Float64Array(8)];
  const rankIndividual = new Float64Array(8);
  const provinceByKind = [new Float64Array(64), new Float64Array(64), new Float64Array(64)];
  const providerByKind = [new Float64Array(index.providers.length), new Float64Array(index.providers.length), new Float64Array(index.providers.length)];
  let classified = 0;
  let uncertain = 0;
  let total = 0;
  let noProvince = 0;

  const n = index.size;
  for (let row = 0; row < n; row++) {
    const page = index.pages[row >>> PAGE_BITS]!;
    const at = row & PAGE_MASK;
    const w = page.packed[at]!;
    const s = packed.standing(w);
    standing[s]!++;
    if (s !== 0) continue;
    total++;
    const k = packed.kind(w);
    byKind[k]!++;
    if (packed.publicSecurity(w)) psByKind[k]!++;
    organByKind[k]![packed.organ(w)]!++;
    const level = packed.level(w);
    levelByKind[k]![level]!++;
    if (k === 2) rankIndividual[packed.rank(w)]!++;
    const p = packed.province(w);
    provinceByKind[k]![p]!++;
    // level 1 is national: a national organ has no province by definition.
    if (p === 0 && level !== 1) noProvince++;
    providerByKind[k]![page.provider[at]!]!++;
    if (packed.classified(w)) {
      classified++;
      if (packed.uncertain(w)) uncertain++;
    }
  }

  const figures = (k: number): InstitutionalFigures => {
    const by_organ = zeros(ORGAN_KINDS);
    ORGAN_KINDS.forEach((o, i) => (by_organ[o] = organByKind[k]![i + 1]!));
    const by_level = zeros(LEVELS);
    LEVELS.forEach((l, i) => (by_level[l] = levelByKind[k]![i + 1]!));
    return { total: byKind[k]!, public_security: psByKind[k]!, by_organ, by_level };
  };
  const by_rank = zeros(RANKS);
  RANKS.forEach((r, i) => (by_rank[r] = rankIndividual[i + 1]!));
  const individual: IndividualFigures = {
    ...figures(2),
    grassroots: GRASSROOTS_RANKS.reduce((sum, r) => sum + by_rank[r], 0),
    provincial_ministerial_leaders: by_rank.ministerial,
    by_rank,
  };

  const tally = (counts: Float64Array[], i: number): Tally => ({
    total: counts[0]![i]! + counts[1]![i]! + counts[2]![i]!,
    institutional: counts[1]![i]!,
    individual: counts[2]![i]!,
  });
  const by_provider: Record<string, Tally> = {};
  const providers = index.providers.map((name, i) => ({ name, t: tally(providerByKind, i) }));
  providers.sort((a, b) => b.t.total - a.t.total || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const { name, t } of providers) by_provider[name] = t;
  const by_province: Record<string, Tally> = {};
  REPORT_PROVINCE_CODES.forEach((code, i) => {
    const t = tally(provinceByKind, i + 1);
    if (PROVINCE_CODES.includes(code) || t.total > 0) by_province[code] = t;
  });

  const standingRecord = zeros(STANDINGS);
  STANDINGS.forEach((s, i) => (standingRecord[s] = standing[i]!));
  return {
    cutoff: cutoff.date,
    total,
    institutional: figures(1),
    individual,
    public_security: psByKind[0]! + psByKind[1]! + psByKind[2]!,
    by_provider,
    by_province,
    standing: standingRecord,
    classified: { accounts: classified, uncertain },
    incomplete: {
      kind: byKind[0]!,
      organ: organByKind[0]![0]! + organByKind[1]![0]! + organByKind[2]![0]!,
      level: levelByKind[0]![0]! + levelByKind[1]![0]! + levelByKind[2]![0]!,
      rank: rankIndividual[0]!,
      province: noProvince,
    },
  };
}

/** A line left out, as the report lists it. */
export interface RejectedLine {
  input: string;
  line: number;
  error: string;
}

/** What one input file gave. */
export interface InputSummary {
  input: string;
  /** `current`: counted at the cut-off; `previous`: last year's census, for growth; `earlier`: an earlier census, for the trend. */
  role: 'current' | 'previous' | 'earlier';
  /** The cut-off this input was counted at (earlier censuses only). */
  cutoff?: string;
  /** Non-blank lines. */
  lines: number;
  records: number;
  rejected: number;
}

/** Growth of a count on the previous census; null figures when the previous count is 0. */
export interface Growth {
  /** now / then, 3 decimals. */
  ratio: number | null;
  /** ratio − 1, 3 decimals. */
  increase: number | null;
  /** now − then. */
  net_new: number;
}

/** One census date of the trend. */
export interface TrendPoint {
  cutoff: string;
  total: number;
  institutional: number;
  individual: number;
}

/** The annual report (CONTRACT §3) with this implementation's additions. */
export interface CensusReport extends Omit<CensusCounts, 'standing' | 'classified' | 'incomplete'> {
  previous: { cutoff: string; total: number; institutional: number; individual: number; public_security: number } | null;
  growth: (Growth & { institutional: Growth; individual: Growth }) | null;
  /** Lines, records and distinct accounts of the current inputs, and why accounts were not counted. */
  accounts: {
    lines: number;
    records: number;
    distinct: number;
    /** Valid records that repeated an account (the last occurrence won). */
    duplicates: number;
    counted: number;
    not_yet_opened: number;
    closed: number;
    unverified: number;
    not_government: number;
    /** Counted accounts the classifier labelled, and of those how many it was unsure of. */
    classified: number;
    uncertain: number;
  };
  incomplete: Incomplete;
  /** Each provider of by_provider (by host) with its display names, null for a host the census does not know. */
  provider_names: Record<string, Bilingual | null>;
  ranking: Ranking;
  /** Service statistics of the counted accounts by kind, organ kind and province. */
  service_quality: ServiceQuality;
  /** Totals at every census date of the run (earlier censuses, the previous one, this one), oldest first. */
  trend: TrendPoint[];
  rejected: { lines: number; examples: RejectedLine[] };
  inputs: InputSummary[];
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Growth of `now` on `then`. */
export function growthOf(now: number, then: number): Growth {
  if (then === 0) return { ratio: null, increase: null, net_new: now };
  return { ratio: round3(now / then), increase: round3(now / then - 1), net_new: now - then };
}

export interface ReportParts {
  current: CensusCounts;
  /** Lines and records read from the current inputs, before de-duplication. */
  read: { lines: number; records: number; distinct: number };
  previous: CensusCounts | null;
  /** Censuses before the previous one (or between it and this one), for the trend only. */
  earlier?: CensusCounts[];
  ranking: Ranking;
  service: ServiceQuality;
  rejected: { lines: number; examples: RejectedLine[] };
  inputs: InputSummary[];
}

/** Assembles the report from its counted parts. */
export function buildReport(parts: ReportParts): CensusReport {
  const { current: c, previous: p } = parts;
  return {
    cutoff: c.cutoff,
    total: c.total,
    previous: p
      ? { cutoff: p.cutoff, total: p.total, institutional: p.institutional.total, individual: p.individual.total, public_security: p.public_security }
      : null,
    growth: p
      ? {
          ...growthOf(c.total, p.total),
          institutional: growthOf(c.institutional.total, p.institutional.total),
          individual: growthOf(c.individual.total, p.individual.total),
        }
      : null,
    institutional: c.institutional,
    individual: c.individual,
    public_security: c.public_security,
    by_provider: c.by_provider,
    by_province: c.by_province,
    accounts: {
      lines: parts.read.lines,
      records: parts.read.records,
      distinct: parts.read.distinct,
      duplicates: parts.read.records - parts.read.distinct,
      counted: c.standing.counted,
      not_yet_opened: c.standing.not_yet_opened,
      closed: c.standing.closed,
      unverified: c.standing.unverified,
      not_government: c.standing.not_government,
      classified: c.classified.accounts,
      uncertain: c.classified.uncertain,
    },
    incomplete: c.incomplete,
    provider_names: Object.fromEntries(Object.keys(c.by_provider).map((host) => [host, providerName(host)])),
    ranking: parts.ranking,
    service_quality: parts.service,
    trend: trendOf([...(parts.earlier ?? []), ...(p ? [p] : []), c]),
    rejected: parts.rejected,
    inputs: parts.inputs,
  };
}


/** The trend's points, oldest first. */
export function trendOf(censuses: CensusCounts[]): TrendPoint[] {
  return censuses
    .map((c) => ({ cutoff: c.cutoff, total: c.total, institutional: c.institutional.total, individual: c.individual.total }))
    .sort((a, b) => (a.cutoff < b.cutoff ? -1 : a.cutoff > b.cutoff ? 1 : 0));
}
