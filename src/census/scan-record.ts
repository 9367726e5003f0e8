/**
 * A census line read straight from its bytes, for the lines of the common
 * shape: one object whose keys are plain ASCII, whose strings have no escapes,
 * whose values are strings, numbers, booleans and null, and whose `labels` and
 * `service` are objects of those. Such a line is most of a crawl, and reading
 * it here skips what JSON.parse must do for any text: decoding the whole line
 * and making a string of every key and value. Only the fields the report reads
 * are made; the display texts (name, verification, handle) only when asked.
 *
 * Anything else (an escape, an array, a nested object elsewhere, a repeated
 * key, a value of the wrong type, a field missing, bad JSON) gives undefined,
 * and the caller parses the line as before (parseAccountRecord), which also
 * words its errors: so a line gets the same record, or the same rejection, on
 * either path. src/census/scan-record.test.ts checks that on random lines.
 */
import { isRfc3339, LABEL_VALUES, type AccountRecord, type RecordLabels } from '../domain/account-record.js';

/**
 * A scanned record: the fields of AccountRecord the report reads, and `service` when the line has one.
 * `name`, `handle` and `verification` are made only when asked for or when the labels are incomplete
 * (the classifier reads them); otherwise `name` is '' and the others are absent.
 */
export type ScannedRecord = AccountRecord & { service?: Record<string, number | null> };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The scanner's state over one line: `at` is the next byte. */
class Scan {
  at: number;
  constructor(
    readonly b: Uint8Array,
    from: number,
    readonly end: number,
  ) {
    this.at = from;
  }

  /** Skips JSON whitespace; the next byte, or −1 at the end. */
  peek(): number {
    const b = this.b;
    let i = this.at;
    while (i < this.end) {
      const c = b[i]!;
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      i++;
    }
    this.at = i;
    return i < this.end ? b[i]! : -1;
  }

  /**
   * Reads the string at `at` (its opening quote): its bytes without the quotes
   * go to strStart, strEnd (and strAscii); false for an escape, a control
   * character or no closing quote.
   */
  string(): boolean {
    const b = this.b;
    let i = this.at + 1;
    let ascii = true;
    for (; i < this.end; i++) {
      const c = b[i]!;
      if (c === QUOTE) {
        this.strStart = this.at + 1;
        this.strEnd = i;
        this.strAscii = ascii;
        this.at = i + 1;
        return true;
      }
      if (c === BACKSLASH || c < 0x20) return false;
      if (c >= 0x80) ascii = false;
    }
    return false;
  }
  strStart = 0;
  strEnd = 0;
  strAscii = true;

  /** The last string() as text. */
  text(): string {
    const buf = this.b as Buffer;
    return buf.toString(this.strAscii ? 'latin1' : 'utf8', this.strStart, this.strEnd);
  }

  /** The candidate whose ASCII bytes the last string() has, or undefined: a known value without making a string. */
  oneOf(candidates: readonly string[]): string | undefined {
    for (const c of candidates) if (this.is(c)) return c;
    return undefined;
  }

  /** Whether the last string() has exactly these ASCII bytes. */
  is(key: string): boolean {
    const n = this.strEnd - this.strStart;
    if (n !== key.length) return false;
    const b = this.b;
    for (let k = 0; k < n; k++) if (b[this.strStart + k] !== key.charCodeAt(k)) return false;
    return true;
  }

  /** A JSON number at `at`, as JSON.parse reads it; NaN when the bytes are not one. */
  number(): number {
    const b = this.b;
    const start = this.at;
    let i = start;
    if (b[i] === 0x2d) i++;
    if (b[i] === 0x30) i++;
    else if (b[i]! >= 0x31 && b[i]! <= 0x39) while (i < this.end && b[i]! >= 0x30 && b[i]! <= 0x39) i++;
    else return NaN;
    if (b[i] === 0x2e) {
      i++;
      const d = i;
      while (i < this.end && b[i]! >= 0x30 && b[i]! <= 0x39) i++;
      if (i === d) return NaN;
    }
    if (b[i] === 0x65 || b[i] === 0x45) {
      i++;
      if (b[i] === 0x2b || b[i] === 0x2d) i++;
      const d = i;
      while (i < this.end && b[i]! >= 0x30 && b[i]! <= 0x39) i++;
      if (i === d) return NaN;
    }
    if (i > this.end) return NaN;
    this.at = i;
    // A whole number of up to 15 digits is exact in a double: summed here rather than made a string.
    if (i - start <= 15 && b[start] !== 0x2d) {
      let v = 0;
      let k = start;
      for (; k < i; k++) {
        const d = b[k]! - 0x30;
        if (d < 0 || d > 9) break;
        v = v * 10 + d;
      }
      if (k === i) return v;
    }
    return Number((this.b as Buffer).toString('latin1', start, i));
  }

  /** `true`, `false` or `null` at `at`: 1, 0, −1; undefined when it is none of them. */
  literal(): 1 | 0 | -1 | undefined {
    const b = this.b;
    const i = this.at;
    if (i + 4 <= this.end && b[i] === 0x74 && b[i + 1] === 0x72 && b[i + 2] === 0x75 && b[i + 3] === 0x65) {
      this.at = i + 4;
      return 1;
    }
    if (i + 5 <= this.end && b[i] === 0x66 && b[i + 1] === 0x61 && b[i + 2] === 0x6c && b[i + 3] === 0x73 && b[i + 4] === 0x65) {
      this.at = i + 5;
      return 0;
    }
    if (i + 4 <= this.end && b[i] === 0x6e && b[i + 1] === 0x75 && b[i + 2] === 0x6c && b[i + 3] === 0x6c) {
      this.at = i + 4;
      return -1;
    }
    return undefined;
  }

  /**
   * A plain value (string, number, literal) at `at`, made only when `keep`;
   * `FAIL` when it is anything else. Strings are the caller's to read (text()).
   */
  plain(keep: boolean): unknown {
    const c = this.peek();
    if (c === QUOTE) {
      if (!this.string()) return FAIL;
      return keep ? this.text() : STRING;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      const n = this.number();
      return Number.isNaN(n) ? FAIL : n;
    }
    const l = this.literal();
    if (l === undefined) return FAIL;
    return l === 1 ? true : l === 0 ? false : null;
  }

  /** Expects `:` after a key. */
  colon(): boolean {
    if (this.peek() !== 0x3a) return false;
    this.at++;
    return true;
  }

  /** After a member: `,` (true, more follow) or `}` (false, the object ends); undefined for anything else. */
  next(): boolean | undefined {
    const c = this.peek();
    this.at++;
    if (c === 0x2c) return true;
    if (c === 0x7d) return false;
    return undefined;
  }

  /** A flat object of plain values at `at` (its `{`), its keys read by `member`; false when it is not one. */
  object(member: (s: Scan) => boolean): boolean {
    if (this.peek() !== 0x7b) return false;
    this.at++;
    if (this.peek() === 0x7d) {
      this.at++;
      return true;
    }
    for (;;) {
      if (this.peek() !== QUOTE || !this.string() || !this.colon() || !member(this)) return false;
      const more = this.next();
      if (more === undefined) return false;
      if (!more) return true;
    }
  }
}

const FAIL = Symbol('fail');
const STRING = Symbol('string');

// The top-level keys the report reads, by number (bits of `seen`, to refuse a repeated one).
const KEYS = ['provider', 'id', 'handle', 'name', 'verified', 'verification', 'created_at', 'closed_at', 'followers', 'posts', 'labels', 'service'] as const;
const KEYS_BY_LENGTH: number[][] = [];
KEYS.forEach((key, k) => (KEYS_BY_LENGTH[key.length] ??= []).push(k));

/** The number of the key just read (KEYS), or −1 for another key. */
function keyOf(s: Scan): number {
  const ks = KEYS_BY_LENGTH[s.strEnd - s.strStart];
  if (ks) for (const k of ks) if (s.is(KEYS[k]!)) return k;
  return -1;
}

/** Provider names met so far (a crawl has a few), so that each line does not make its own string. */
const providers: string[] = [];

/**
 * The record of a line `b[from, end)` (whole, without its line end), or
 * undefined when the line is not of the common shape or not a valid record:
 * then parseAccountRecord decides. `details`: make name, handle and
 * verification even when the labels are complete (they are made anyway for
 * the classifier when not).
 */
export function scanAccountRecord(b: Uint8Array, from: number, end: number, details: boolean): ScannedRecord | undefined {
  const s = new Scan(b, from, end);
  if (s.peek() !== 0x7b) return undefined;
  s.at++;
  let seen = 0;
  let provider: unknown, id: unknown, verified: unknown, createdAt: unknown, closedAt: unknown, followers: unknown, posts: unknown;
  let handle: unknown, name: unknown, verification: unknown;
  // Byte ranges of the display texts, made only when needed.
  let nameAt = -1, nameEnd = 0, nameAscii = true, verAt = -1, verEnd = 0, verAscii = true, handleAt = -1, handleEnd = 0, handleAscii = true;
  let labels: RecordLabels | null | undefined;
  let service: Record<string, number | null> | null | undefined;
  if (s.peek() === 0x7d) return undefined;
  for (;;) {
    if (s.peek() !== QUOTE || !s.string() || !s.colon()) return undefined;
    const k = keyOf(s);
    if (k >= 0) {
      if (seen & (1 << k)) return undefined;
      seen |= 1 << k;
    }
    switch (k) {
      case 2: // handle, name, verification: their bytes are kept, made into text only when needed
      case 3:
      case 5: {
        const v = s.plain(false);
        if (v === FAIL) return undefined;
        if (k === 3) {
          name = v;
          nameAt = s.strStart;
          nameEnd = s.strEnd;
          nameAscii = s.strAscii;
        } else if (k === 5) {
          verification = v;
          verAt = s.strStart;
          verEnd = s.strEnd;
          verAscii = s.strAscii;
        } else {
          handle = v;
          handleAt = s.strStart;
          handleEnd = s.strEnd;
          handleAscii = s.strAscii;
        }
        break;
      }
      case 10: {
        if (s.peek() === 0x7b) {
          const l: Record<string, unknown> = {};
          if (!s.object((t) => readLabel(t, l))) return undefined;
          labels = l as RecordLabels;
        } else {
          const v = s.plain(false);
          if (v !== null) return undefined;
          labels = null;
        }
        break;
      }
      case 11: {
        if (s.peek() === 0x7b) {
          const o: Record<string, number | null> = {};
          if (!s.object((t) => readServiceField(t, o))) return undefined;
          service = o;
        } else {
          const v = s.plain(false);
          if (v === FAIL || v === STRING) return undefined;
          service = v as null;
        }
        break;
      }
      case 0: {
        // provider: most lines name one of a few; reuse its string.
        if (s.peek() === QUOTE && s.string() && s.strAscii) {
          let known = s.oneOf(providers);
          if (known === undefined) {
            known = s.text();
            if (providers.length < 16) providers.push(known);
          }
          provider = known;
          break;
        }
        return undefined;
      }
      default: {
        const v = s.plain(k === 1 || k === 6 || k === 7);
        if (v === FAIL) return undefined;
        if (k === 1) id = v;
        else if (k === 4) verified = v;
        else if (k === 6) createdAt = v;
        else if (k === 7) closedAt = v;
        else if (k === 8) followers = v;
        else if (k === 9) posts = v;
        // An unknown key's plain value is skipped; JSON.parse would keep it, and nothing reads it.
      }
    }
    const more = s.next();
    if (more === undefined) return undefined;
    if (!more) break;
  }
  if (s.peek() !== -1) return undefined;
  // The checks of toAccountRecord; any failure leaves the wording to it.
  if (typeof provider !== 'string' || provider.trim() === '' || typeof id !== 'string' || id.trim() === '') return undefined;
  if (name !== STRING || typeof verified !== 'boolean') return undefined;
  if (typeof createdAt !== 'string' || !isRfc3339(createdAt)) return undefined;
  if (handle !== undefined && handle !== null && handle !== STRING) return undefined;
  if (verification !== undefined && verification !== null && verification !== STRING) return undefined;
  if (closedAt !== undefined && closedAt !== null && (typeof closedAt !== 'string' || !isRfc3339(closedAt))) return undefined;
  if (!count(followers) || !count(posts)) return undefined;
  const complete = labels != null && labels.government !== undefined && labels.kind !== undefined && labels.organ !== undefined && labels.public_security !== undefined && labels.level !== undefined && labels.rank !== undefined && labels.province !== undefined;
  const buf = b as Buffer;
  // The name must not be blank; only a name of spaces (or of non-ASCII only) needs decoding to tell.
  let nameText: string | undefined;
  if (details || !complete || !hasInk(b, nameAt, nameEnd)) {
    nameText = buf.toString(nameAscii ? 'latin1' : 'utf8', nameAt, nameEnd);
    if (nameText.trim() === '') return undefined;
  }
  const r: ScannedRecord = {
    provider,
    id,
    name: nameText ?? '',
    verified,
    created_at: createdAt,
    labels: labels ?? null,
  };
  if (closedAt !== undefined) r.closed_at = closedAt as string | null;
  if (followers !== undefined) r.followers = followers as number | null;
  if (posts !== undefined) r.posts = posts as number | null;
  if (details || !complete) {
    if (verification === STRING) r.verification = buf.toString(verAscii ? 'latin1' : 'utf8', verAt, verEnd);
    else if (verification === null) r.verification = null;
    if (handle === STRING) r.handle = buf.toString(handleAscii ? 'latin1' : 'utf8', handleAt, handleEnd);
    else if (handle === null) r.handle = null;
  }
  if (service !== undefined) r.service = service as Record<string, number | null>;
  return r;
}

function count(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0);
}

/**
 * Whether bytes [from, end) of UTF-8 surely hold a character that is not
 * whitespace, so that the text is not blank: an ASCII one other than
 * whitespace, or a character led by a byte that leads no whitespace
 * character (those lead by C2, E1, E2, E3 or EF: U+00A0, U+1680,
 * U+2000–U+205F, U+3000, U+FEFF). CJK text leads with E4–E9.
 */
function hasInk(b: Uint8Array, from: number, end: number): boolean {
  for (let i = from; i < end; i++) {
    const c = b[i]!;
    if (c < 0x80) {
      if (c !== 0x20 && !(c >= 0x09 && c <= 0x0d)) return true;
    } else if (c >= 0xc3 && c !== 0xe1 && c !== 0xe2 && c !== 0xe3 && c !== 0xef && c <= 0xf4) return true;
  }
  return false;
}

const LABEL_KEYS = ['government', 'kind', 'organ', 'public_security', 'level', 'rank', 'province'] as const;
const ENUM_VALUES: Readonly<Record<string, readonly string[]>> = {
  kind: [...LABEL_VALUES.kind],
  organ: [...LABEL_VALUES.organ],
  level: [...LABEL_VALUES.level],
  rank: [...LABEL_VALUES.rank],
};

// Province codes by their number (11 → '11'), each the string of LABEL_VALUES.
const PROVINCE_BY_NUMBER: (string | undefined)[] = [];
for (const code of LABEL_VALUES.province) PROVINCE_BY_NUMBER[Number(code)] = code;

/** The province code the last string() has, when it is two digits of a known one. */
function provinceAt(s: Scan): string | undefined {
  if (s.strEnd - s.strStart !== 2) return undefined;
  const hi = s.b[s.strStart]! - 0x30;
  const lo = s.b[s.strStart + 1]! - 0x30;
  if (hi < 0 || hi > 9 || lo < 0 || lo > 9) return undefined;
  return PROVINCE_BY_NUMBER[hi * 10 + lo];
}

/**
 * One member of `labels`: a known key, once, with a value of its type; an
 * enumerated one is given as the known string itself (a value outside the
 * list, `uncertain` or another key: the slow path).
 */
function readLabel(s: Scan, into: Record<string, unknown>): boolean {
  const key = s.oneOf(LABEL_KEYS);
  if (key === undefined || into[key] !== undefined) return false;
  const c = s.peek();
  if (key === 'government' || key === 'public_security') {
    const l = s.literal();
    if (l === undefined || l === -1) return false;
    into[key] = l === 1;
    return true;
  }
  if (c === QUOTE) {
    if (!s.string()) return false;
    const v = key === 'province' ? provinceAt(s) : s.oneOf(ENUM_VALUES[key]!);
    if (v === undefined) return false;
    into[key] = v;
    return true;
  }
  if (s.literal() !== -1) return false;
  into[key] = null;
  return true;
}

const SERVICE_KEYS = ['total', 'response_rate', 'median_hours_to_first_response', 'average_rating', 'ratings'] as const;

function readServiceField(s: Scan, into: Record<string, number | null>): boolean {
  let key: string | undefined;
  for (const k of SERVICE_KEYS) {
    if (s.is(k)) {
      key = k;
      break;
    }
  }
  if (key === undefined || key in into) return false;
  const v = s.plain(false);
  if (v !== null && typeof v !== 'number') return false;
  into[key] = v;
  return true;
}
