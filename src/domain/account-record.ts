/**
 * The account record of CONTRACT §2: the unit that `census crawl` writes and
 * that `classify` and `census report` read, one JSON object a line.
 *
 * Parsing is on the census's hot path (millions of lines), so the checks are
 * written by hand rather than through a schema library.
 */
import { ACCOUNT_KINDS, LEVELS, ORGAN_KINDS, RANKS, type Labels } from './taxonomy.js';

/** Label fields, in the contract's order. */
export const LABEL_FIELDS = ['government', 'kind', 'organ', 'public_security', 'level', 'rank', 'province'] as const;
export type LabelField = (typeof LABEL_FIELDS)[number];

/** Labels as a record carries them: possibly partial, possibly with the classifier's doubts. */
export type RecordLabels = Partial<Labels> & {
  /** Fields the classifier could not decide (an extension of §3). */
  uncertain?: LabelField[];
};

/** One account at one provider. Fields a line carries beyond these are kept as they are. */
export interface AccountRecord {
  /** The provider's host name. */
  provider: string;
  /** The account's id at that provider; (provider, id) is the identity. */
  id: string;
  /** Screen name. */
  handle?: string | null;
  /** Display name. */
  name: string;
  /** The provider has verified the operator's identity. */
  verified: boolean;
  /** The provider's verification text (认证信息). */
  verification?: string | null;
  /** RFC 3339 timestamp. */
  created_at: string;
  /** RFC 3339 timestamp, or null while open. */
  closed_at?: string | null;
  followers?: number | null;
  posts?: number | null;
  /** null: to be classified; complete: trusted as given. */
  labels: RecordLabels | null;
}

export type ParseResult = { ok: true; record: AccountRecord } | { ok: false; error: string };

// GB/T 2260 province codes: the 31 of the mainland, Taiwan, Hong Kong, Macao.
const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44',
  '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82',
]);

const KINDS: ReadonlySet<string> = new Set(ACCOUNT_KINDS);
const ORGANS: ReadonlySet<string> = new Set(ORGAN_KINDS);
const LEVEL_SET: ReadonlySet<string> = new Set(LEVELS);
const RANK_SET: ReadonlySet<string> = new Set(RANKS);
const FIELD_SET: ReadonlySet<string> = new Set(LABEL_FIELDS);

/** The values each enumerated label may take (null and absent aside). */
export const LABEL_VALUES: Readonly<Record<'kind' | 'organ' | 'level' | 'rank' | 'province', ReadonlySet<string>>> = {
  kind: KINDS,
  organ: ORGANS,
  level: LEVEL_SET,
  rank: RANK_SET,
  province: PROVINCE_CODES,
};

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number of `n` ASCII digits at `from`, or −1 when one of them is not a digit. */
function digitsAt(s: string, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (!(d >= 0 && d <= 9)) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * Whether `s` is an RFC 3339 date-time (section 5.6), with real calendar
 * dates: YYYY-MM-DD, T (or t, or a space), hh:mm:ss, an optional fraction,
 * then Z (z) or ±hh:mm. Read by character codes, not a regular expression:
 * it runs for every line of a census input, twice for a closed account.
 */
export function isRfc3339(s: string): boolean {
  if (s.length < 20) return false;
  const year = digitsAt(s, 0, 4);
  const month = digitsAt(s, 5, 2);
  const day = digitsAt(s, 8, 2);
  if (year < 0 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (day > (month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1]!)) return false;
  const t = s.charCodeAt(10);
  if (t !== 84 /* T */ && t !== 116 /* t */ && t !== 32) return false;
  // Second 60 is a leap second, which RFC 3339 allows; −1 (not digits) fails the lower bounds.
  const hour = digitsAt(s, 11, 2);
  const minute = digitsAt(s, 14, 2);
  const second = digitsAt(s, 17, 2);
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return false;
  let i = 19;
  if (s.charCodeAt(i) === 46 /* . */) {
    const from = ++i;
    while (i < s.length && digitsAt(s, i, 1) >= 0) i++;
    if (i === from) return false;
  }
  const zone = s.charCodeAt(i);
  if (zone === 90 /* Z */ || zone === 122 /* z */) return i + 1 === s.length;
  if (zone !== 43 /* + */ && zone !== 45 /* - */) return false;
  const oh = digitsAt(s, i + 1, 2);
  const om = digitsAt(s, i + 4, 2);
  return i + 6 === s.length && s.charCodeAt(i + 3) === 58 && oh >= 0 && oh <= 23 && om >= 0 && om <= 59;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function checkString(o: Record<string, unknown>, field: string, required: boolean): string | undefined {
  const v = o[field];
  if (v === undefined || (v === null && !required)) return required ? `${field}: missing` : undefined;
  if (typeof v !== 'string') return `${field}: expected a string, got ${typeName(v)}`;
  if (required && v.trim() === '') return `${field}: empty`;
  return undefined;
}

function checkCount(o: Record<string, unknown>, field: string): string | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) return `${field}: expected an integer ≥ 0, got ${JSON.stringify(v)}`;
  return undefined;
}

function checkTimestamp(o: Record<string, unknown>, field: string, required: boolean): string | undefined {
  const v = o[field];
  if (v === undefined || v === null) return required ? `${field}: missing` : undefined;
  if (typeof v !== 'string' || !isRfc3339(v)) return `${field}: not an RFC 3339 timestamp`;
  return undefined;
}

function checkEnum(v: unknown, field: LabelField, values: ReadonlySet<string>): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || !values.has(v)) return `labels.${field}: ${JSON.stringify(v)} is not one of ${[...values].join(', ')}`;
  return undefined;
}

/** The first problem with a labels value, or undefined. */
export function checkLabels(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) return `labels: expected an object or null, got ${typeName(v)}`;
  const l = v as Record<string, unknown>;
  if (l.government !== undefined && typeof l.government !== 'boolean') return `labels.government: expected a boolean, got ${typeName(l.government)}`;
  if (l.public_security !== undefined && typeof l.public_security !== 'boolean') return `labels.public_security: expected a boolean, got ${typeName(l.public_security)}`;
  const problem =
    checkEnum(l.kind, 'kind', KINDS) ?? checkEnum(l.organ, 'organ', ORGANS) ?? checkEnum(l.level, 'level', LEVEL_SET) ?? checkEnum(l.rank, 'rank', RANK_SET);
  if (problem) return problem;
  const p = l.province;
  if (p !== undefined && p !== null && (typeof p !== 'string' || !PROVINCE_CODES.has(p))) {
    return `labels.province: ${JSON.stringify(p)} is not a two-digit GB/T 2260 province code`;
  }
  const u = l.uncertain;
  if (u !== undefined && u !== null) {
    if (!Array.isArray(u) || u.some((x) => typeof x !== 'string' || !FIELD_SET.has(x))) {
      return `labels.uncertain: expected a list of label field names`;
    }
  }
  return undefined;
}

/** Whether labels carry every field of §3, so that they are trusted as given. */
export function isCompleteLabels(l: RecordLabels | null | undefined): l is Labels & RecordLabels {
  if (!l) return false;
  for (const f of LABEL_FIELDS) if (l[f] === undefined) return false;
  return true;
}

/** Validates an already parsed value as an account record. */
export function toAccountRecord(value: unknown): ParseResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: `record: expected a JSON object, got ${typeName(value)}` };
  }
  const o = value as Record<string, unknown>;
  const error =
    checkString(o, 'provider', true) ??
    checkString(o, 'id', true) ??
    checkString(o, 'name', true) ??
    (typeof o.verified === 'boolean' ? undefined : o.verified === undefined ? 'verified: missing' : `verified: expected a boolean, got ${typeName(o.verified)}`) ??
    checkTimestamp(o, 'created_at', true) ??
    checkString(o, 'handle', false) ??
    checkString(o, 'verification', false) ??
    checkTimestamp(o, 'closed_at', false) ??
    checkCount(o, 'followers') ??
    checkCount(o, 'posts') ??
    checkLabels(o.labels);
  if (error) return { ok: false, error };
  if (o.labels === undefined) o.labels = null;
  return { ok: true, record: o as unknown as AccountRecord };
}

/** Parses one JSONL line as an account record; the error names the field first. */
export function parseAccountRecord(text: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `json: not valid JSON (${(e as Error).message})` };
  }
  return toAccountRecord(value);
}
