/**
 * One input line -> one row of the de-duplication index: validation
 * (CONTRACT §2), the account's standing at the cut-off, labels (given, or
 * from the classifier), and the figures the ranking reads. Pure: the caller
 * reads the files.
 *
 * The standing at the cut-off is decided here, per occurrence, because the
 * cut-off is known before the first line is read; the last occurrence's
 * standing is the account's. That keeps the row to a few numbers and lets the
 * classifier run only for occurrences that could count (open, verified, not
 * labelled non-government).
 */
import { classify } from '../classify/classify.js';
import { isCompleteLabels, parseAccountRecord, type AccountRecord, type RecordLabels } from '../domain/account-record.js';
import { ACCOUNT_KINDS, LEVELS, ORGAN_KINDS, PROVINCES, RANKS, type AccountKind, type Level, type OrganKind, type Rank } from '../domain/taxonomy.js';
import { timestampMs, type Cutoff } from './cutoff.js';
import { numericId, PAGE_BITS, PAGE_MASK, serviceColumns, type AccountIndex } from './dedupe.js';
import { scanAccountRecord } from './scan-record.js';

/** Why an account does or does not count at the cut-off; the first that applies, in this order. */
export const STANDINGS = ['counted', 'not_yet_opened', 'closed', 'unverified', 'not_government'] as const;
export type Standing = (typeof STANDINGS)[number];
const COUNTED = 0;
const NOT_YET_OPENED = 1;
const CLOSED = 2;
const UNVERIFIED = 3;
const NOT_GOVERNMENT = 4;

/** Province codes the report knows: the 31 of the mainland, then Taiwan, Hong Kong, Macao (all that §2 accepts). */
export const REPORT_PROVINCES: Readonly<Record<string, { zh: string; en: string }>> = {
  ...PROVINCES,
  '71': { zh: '台湾', en: 'Taiwan' },
  '81': { zh: '香港', en: 'Hong Kong' },
  '82': { zh: '澳门', en: 'Macao' },
};
export const REPORT_PROVINCE_CODES: readonly string[] = Object.keys(REPORT_PROVINCES);

// The packed word of a row: standing, labels and how they were obtained.
//  bits 0-2 standing | 3-4 kind | 5-8 organ | 9 public security | 10-12 level
//  | 13-15 rank | 16-21 province | 22 classifier used | 23 classifier uncertain
// Enumerations are stored as 1 + their position, so 0 is null.
const KIND_SHIFT = 3;
const ORGAN_SHIFT = 5;
const PS_BIT = 1 << 9;
const LEVEL_SHIFT = 10;
const RANK_SHIFT = 13;
const PROVINCE_SHIFT = 16;
const CLASSIFIED_BIT = 1 << 22;
const UNCERTAIN_BIT = 1 << 23;

const KIND_CODE = new Map<string, number>(ACCOUNT_KINDS.map((k, i) => [k, i + 1]));
const ORGAN_CODE = new Map<string, number>(ORGAN_KINDS.map((k, i) => [k, i + 1]));
const LEVEL_CODE = new Map<string, number>(LEVELS.map((k, i) => [k, i + 1]));
const RANK_CODE = new Map<string, number>(RANKS.map((k, i) => [k, i + 1]));
const PROVINCE_CODE = new Map<string, number>(REPORT_PROVINCE_CODES.map((k, i) => [k, i + 1]));

/** A row's packed word, unpacked. Enumerations are null where the labels are. */
export interface Unpacked {
  standing: Standing;
  kind: AccountKind | null;
  organ: OrganKind | null;
  public_security: boolean;
  level: Level | null;
  rank: Rank | null;
  province: string | null;
  /** The classifier supplied some or all of the labels. */
  classified: boolean;
  /** The labels carry fields the classifier could not decide. */
  uncertain: boolean;
}

/** Field accessors of the packed word, for the counting loop (no object per row). */
export const packed = {
  standing: (w: number): number => w & 7,
  kind: (w: number): number => (w >>> KIND_SHIFT) & 3,
  organ: (w: number): number => (w >>> ORGAN_SHIFT) & 15,
  publicSecurity: (w: number): boolean => (w & PS_BIT) !== 0,
  level: (w: number): number => (w >>> LEVEL_SHIFT) & 7,
  rank: (w: number): number => (w >>> RANK_SHIFT) & 7,
  province: (w: number): number => (w >>> PROVINCE_SHIFT) & 63,
  classified: (w: number): boolean => (w & CLASSIFIED_BIT) !== 0,
  uncertain: (w: number): boolean => (w & UNCERTAIN_BIT) !== 0,
};

export function unpack(w: number): Unpacked {
  const k = packed.kind(w);
  const o = packed.organ(w);
  const l = packed.level(w);
  const r = packed.rank(w);
  const p = packed.province(w);
  return {
    standing: STANDINGS[packed.standing(w)]!,
    kind: k ? ACCOUNT_KINDS[k - 1]! : null,
    organ: o ? ORGAN_KINDS[o - 1]! : null,
    public_security: packed.publicSecurity(w),
    level: l ? LEVELS[l - 1]! : null,
    rank: r ? RANKS[r - 1]! : null,
    province: p ? REPORT_PROVINCE_CODES[p - 1]! : null,
    classified: packed.classified(w),
    uncertain: packed.uncertain(w),
  };
}

function code(map: Map<string, number>, v: unknown): number {
  return typeof v === 'string' ? (map.get(v) ?? 0) : 0;
}

function packLabels(l: RecordLabels): number {
  return (
    (code(KIND_CODE, l.kind) << KIND_SHIFT) |
    (code(ORGAN_CODE, l.organ) << ORGAN_SHIFT) |
    (l.public_security === true ? PS_BIT : 0) |
    (code(LEVEL_CODE, l.level) << LEVEL_SHIFT) |
    (code(RANK_CODE, l.rank) << RANK_SHIFT) |
    (code(PROVINCE_CODE, l.province) << PROVINCE_SHIFT)
  );
}

/**
 * The service score of a record's optional `service` object (an extension of
 * §2 shaped as the provider's service_stats: response_rate 0–1,
 * median_hours_to_first_response, average_rating 1–5), in [0, 1]; −1 when
 * absent or unusable. Answering at all weighs most, then speed (1 for an
 * immediate answer, ½ after a day), then the citizens' rating.
 */
export function serviceScore(v: unknown): number {
  if (typeof v !== 'object' || v === null) return -1;
  const s = v as Record<string, unknown>;
  const rate = s.response_rate;
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) return -1;
  if (typeof s.total === 'number' && s.total <= 0) return -1;
  const hours = s.median_hours_to_first_response;
  const speed = typeof hours === 'number' && hours >= 0 ? 1 / (1 + hours / 24) : 0;
  const rating = s.average_rating;
  if (typeof rating === 'number' && rating >= 1 && rating <= 5) return 0.6 * rate + 0.2 * speed + 0.2 * ((rating - 1) / 4);
  return 0.75 * rate + 0.25 * speed;
}

/** The figures of a record's `service` object that the report's service quality sums. */
export interface ServiceFields {
  /** Requests the organ received (`total`), > 0. */
  requests: number;
  /** Requests with a first response: requests × response_rate, rounded (the rate has 4 decimals). */
  answered: number;
  /** NaN when not given. */
  medianHours: number;
  /** Mean rating 1–5; NaN when not given. */
  rating: number;
  /** The number of ratings (an addition of the census feed); 0 when not given. */
  ratings: number;
}

const MAX_U32 = 0xffffffff;

/**
 * The summable figures of a record's `service` object, or null when it has no
 * requests count or no usable response rate: such a record cannot say how
 * many requests were answered, so it is left out of the service quality.
 */
export function serviceFields(v: unknown): ServiceFields | null {
  if (typeof v !== 'object' || v === null) return null;
  const s = v as Record<string, unknown>;
  const total = s.total;
  const rate = s.response_rate;
  if (typeof total !== 'number' || !Number.isInteger(total) || total <= 0 || total > MAX_U32) return null;
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) return null;
  const hours = s.median_hours_to_first_response;
  const rating = s.average_rating;
  const ratings = s.ratings;
  return {
    requests: total,
    answered: Math.round(total * rate),
    medianHours: typeof hours === 'number' && hours >= 0 && Number.isFinite(hours) ? hours : NaN,
    rating: typeof rating === 'number' && rating >= 1 && rating <= 5 ? rating : NaN,
    ratings: typeof ratings === 'number' && Number.isInteger(ratings) && ratings > 0 && ratings <= MAX_U32 ? ratings : 0,
  };
}

/** What a run keeps of a record from an input it cannot read back (stdin), for the ranking. */
export interface AccountDetails {
  name: string;
  handle: string | null;
  verification: string | null;
}

/** Labels for an occurrence that could count: the given ones when complete, else the classifier's under the given ones. */
function labelsOf(record: AccountRecord): { labels: RecordLabels; classified: boolean } {
  const given = record.labels;
  if (isCompleteLabels(given)) return { labels: given, classified: false };
  const found: RecordLabels = classify(record);
  if (given) for (const k in given) if ((given as Record<string, unknown>)[k] !== undefined) (found as Record<string, unknown>)[k] = (given as Record<string, unknown>)[k];
  return { labels: found, classified: true };
}

/** The packed word of one occurrence: its standing at the cut-off and, when it counts, its labels. */
function standingWord(r: AccountRecord, nextDayMs: number): number {
  if (timestampMs(r.created_at) >= nextDayMs) return NOT_YET_OPENED;
  if (r.closed_at != null && timestampMs(r.closed_at) < nextDayMs) return CLOSED;
  if (!r.verified) return UNVERIFIED;
  if (r.labels !== null && r.labels.government === false) return NOT_GOVERNMENT;
  const { labels, classified } = labelsOf(r);
  if (labels.government !== true) return NOT_GOVERNMENT;
  let word = COUNTED | packLabels(labels);
  if (classified) word |= CLASSIFIED_BIT;
  if (labels.uncertain !== undefined && labels.uncertain.length > 0) word |= UNCERTAIN_BIT;
  return word;
}

/** Feeds lines into an index, counting what it saw. */
export class CensusIngest {
  /** Non-blank lines read. */
  lines = 0;
  /** Lines that were valid records. */
  records = 0;
  /** Lines rejected. */
  rejected = 0;
  /** Details of rows whose last occurrence cannot be read back. */
  readonly details = new Map<number, AccountDetails>();

  constructor(
    readonly index: AccountIndex,
    readonly cutoff: Cutoff,
  ) {}

  /**
   * Takes one line (without its ending); returns the rejection (`field: message`) or undefined.
   * `keepDetails`: the input cannot be read again, so keep the name here. The same path as a chunk's.
   */
  add(text: string, source: number, offset: number, keepDetails = false): string | undefined {
    const chunk = examineChunk(Buffer.from(text), offset, false, this.cutoff.nextDayMs, keepDetails);
    this.addChunk(chunk, source);
    return chunk.rejectedError[0];
  }

  /**
   * Takes a chunk of lines examined elsewhere (examineChunk, in a worker), as
   * if each of its lines had been given to add() in order; its rejected lines
   * are the caller's to report.
   */
  addChunk(chunk: ExaminedChunk, source: number): void {
    this.lines += chunk.nonBlank;
    this.records += chunk.count;
    this.rejected += chunk.rejectedLine.length;
    const index = this.index;
    const providers = chunk.providers.map((name) => index.providerNumber(name));
    const fields: ServiceFields = { requests: 0, answered: 0, medianHours: NaN, rating: NaN, ratings: 0 };
    for (let i = 0; i < chunk.count; i++) {
      const n = chunk.id[i]!;
      const row = n >= 0 ? index.rowOfKey(providers[chunk.provider[i]!]!, n, '') : index.rowOfKey(providers[chunk.provider[i]!]!, -1, chunk.ids[-1 - n]!);
      const requests = chunk.requests[i]!;
      if (requests > 0) {
        fields.requests = requests;
        fields.answered = chunk.answered[i]!;
        fields.medianHours = chunk.medianHours[i]!;
        fields.rating = chunk.rating[i]!;
        fields.ratings = chunk.ratings[i]!;
      }
      this.put(row, chunk.word[i]!, chunk.followers[i]!, chunk.posts[i]!, chunk.service[i]!, requests > 0 ? fields : null, source, chunk.offset[i]!);
      this.keep(row, chunk.details?.[i]);
    }
  }

  /** Writes an occurrence into its row: the last one written is the account's. */
  private put(row: number, word: number, followers: number, posts: number, score: number, fields: ServiceFields | null, source: number, offset: number): void {
    const page = this.index.pages[row >>> PAGE_BITS]!;
    const at = row & PAGE_MASK;
    page.packed[at] = word;
    page.followers[at] = followers;
    page.posts[at] = posts;
    page.service[at] = score;
    if (fields) {
      const stats = serviceColumns(page);
      stats.requests[at] = fields.requests;
      stats.answered[at] = fields.answered;
      stats.medianHours[at] = fields.medianHours;
      stats.rating[at] = fields.rating;
      stats.ratings[at] = fields.ratings;
    } else if (page.stats) {
      // A later occurrence without statistics replaces an earlier one with them.
      page.stats.requests[at] = 0;
    }
    page.source[at] = source;
    page.offset[at] = offset;
  }

  /** Keeps (or forgets) the details of a row's latest occurrence, for inputs that cannot be read back. */
  private keep(row: number, details: AccountDetails | undefined): void {
    if (details) this.details.set(row, details);
    else if (!this.index.fresh && this.details.size > 0) this.details.delete(row);
  }

  /** Valid records that repeated an account seen before. */
  get duplicates(): number {
    return this.records - this.index.size;
  }
}

/** Blank lines are ignored (§2); the common case, a line starting with '{', is decided without trim(). */
function isBlank(text: string): boolean {
  if (text.length === 0) return true;
  return text.charCodeAt(0) !== 123 /* { */ && text.trim() === '';
}

/**
 * What a chunk of lines contributes, examined away from the index (in a
 * worker thread): each valid record's row values as columns, in line order,
 * and each rejected line with its error. CensusIngest.addChunk stores them as
 * add() would have, line by line; only the index lookups stay with the caller.
 */
export interface ExaminedChunk {
  /** Lines of the chunk, blank ones too (line numbers run on across chunks). */
  lineCount: number;
  /** Non-blank lines. */
  nonBlank: number;
  /** Valid records: the length of every column below that is read. */
  count: number;
  /** Provider names of the chunk, in the order they first occur. */
  providers: string[];
  /** Index into `providers`. */
  provider: Uint16Array;
  /** The id as numericId() reads it (≥ 0), or −1 − k for ids[k]. */
  id: Float64Array;
  ids: string[];
  word: Uint32Array;
  followers: Float64Array;
  posts: Float64Array;
  service: Float32Array;
  /** Byte offset of the record's line in its input. */
  offset: Float64Array;
  /** Service statistics (serviceFields); requests 0 where the record has none. */
  requests: Uint32Array;
  answered: Uint32Array;
  medianHours: Float32Array;
  rating: Float32Array;
  ratings: Uint32Array;
  /** For inputs that cannot be read back: each record's details. */
  details: AccountDetails[] | null;
  /** Rejected lines: their number within the chunk (from 1) and why. */
  rejectedLine: number[];
  rejectedError: string[];
}

/** The typed arrays of a chunk, to transfer rather than copy between threads. */
export function chunkBuffers(c: ExaminedChunk): ArrayBuffer[] {
  return [c.provider, c.id, c.word, c.followers, c.posts, c.service, c.offset, c.requests, c.answered, c.medianHours, c.rating, c.ratings].map((a) => a.buffer as ArrayBuffer);
}

/**
 * Examines whole lines: `bytes` holds complete lines (the last one may lack
 * its ending), starting at byte `base` of the input. `first`: the chunk starts
 * the input, so a BOM on its first line is skipped.
 */
export function examineChunk(bytes: Buffer, base: number, first: boolean, nextDayMs: number, keepDetails: boolean, scan = true): ExaminedChunk {
  let lineCount = 0;
  for (let nl = bytes.indexOf(10); nl >= 0; nl = bytes.indexOf(10, nl + 1)) lineCount++;
  if (bytes.length > 0 && bytes[bytes.length - 1] !== 10) lineCount++;
  const n = lineCount;
  const c: ExaminedChunk = {
    lineCount,
    nonBlank: 0,
    count: 0,
    providers: [],
    provider: new Uint16Array(n),
    id: new Float64Array(n),
    ids: [],
    word: new Uint32Array(n),
    followers: new Float64Array(n),
    posts: new Float64Array(n),
    service: new Float32Array(n),
    offset: new Float64Array(n),
    requests: new Uint32Array(n),
    answered: new Uint32Array(n),
    medianHours: new Float32Array(n),
    rating: new Float32Array(n),
    ratings: new Uint32Array(n),
    details: keepDetails ? [] : null,
    rejectedLine: [],
    rejectedError: [],
  };
  const providerAt = new Map<string, number>();
  let line = 0;
  let start = 0;
  while (start < bytes.length) {
    let nl = bytes.indexOf(10, start);
    if (nl < 0) nl = bytes.length;
    let from = start;
    let end = nl;
    start = nl + 1;
    line++;
    if (end > from && bytes[end - 1] === 13) end--;
    if (first && line === 1 && end - from >= 3 && bytes[from] === 0xef && bytes[from + 1] === 0xbb && bytes[from + 2] === 0xbf) from += 3;
    // Most lines are read from their bytes (scan-record.ts); the rest, and every rejection, as JSON.
    let r: AccountRecord | undefined = scan ? scanAccountRecord(bytes, from, end, keepDetails) : undefined;
    if (r) c.nonBlank++;
    else {
      const text = bytes.toString('utf8', from, end);
      if (isBlank(text)) continue;
      c.nonBlank++;
      const parsed = parseAccountRecord(text);
      if (!parsed.ok) {
        c.rejectedLine.push(line);
        c.rejectedError.push(parsed.error);
        continue;
      }
      r = parsed.record;
    }
    const i = c.count++;
    let p = providerAt.get(r.provider);
    if (p === undefined) {
      p = c.providers.length;
      c.providers.push(r.provider);
      providerAt.set(r.provider, p);
    }
    c.provider[i] = p;
    const numeric = numericId(r.id);
    if (numeric >= 0) c.id[i] = numeric;
    else {
      c.id[i] = -1 - c.ids.length;
      c.ids.push(r.id);
    }
    c.word[i] = standingWord(r, nextDayMs);
    c.followers[i] = r.followers ?? 0;
    c.posts[i] = r.posts ?? 0;
    const service = (r as unknown as Record<string, unknown>).service;
    c.service[i] = serviceScore(service);
    const fields = serviceFields(service);
    if (fields) {
      c.requests[i] = fields.requests;
      c.answered[i] = fields.answered;
      c.medianHours[i] = fields.medianHours;
      c.rating[i] = fields.rating;
      c.ratings[i] = fields.ratings;
    }
    c.offset[i] = base + from;
    c.details?.push({ name: r.name, handle: r.handle ?? null, verification: r.verification ?? null });
  }
  return c;
}
