/**
 * The de-duplication index: one slot per account (provider, id), holding only
 * what the report needs of the account's last occurrence. Last-occurrence-wins
 * means that no account can be counted before every input has been read, so
 * this index is the one thing in the census whose memory grows with the
 * number of accounts (DESIGN.md, "the census streams").
 *
 * Memory, per account: a 44-byte row in column pages plus 6–11 bytes of hash
 * table, about 55 bytes (20 more on the pages that hold service statistics);
 * 10M accounts fit in ~600 MB. A Map keyed by `provider\0id` strings costs two to three times that (the key string alone is 40+ bytes) and stops at 2^24 entries. So:
 * - ids that are canonical decimal integers below 2^53 (what providers hand
 *   out) are stored as numbers; any other id goes into a string list and is
 *   referred to by its negated position;
 * - providers are interned to a 16-bit number;
 * - the columns live in fixed pages of 2^16 rows, so growing never copies
 *   them (a doubling array would need twice the memory while it grows);
 * - the hash table is open addressing over an Int32Array of row numbers + 1.
 */

const PAGE_BITS = 16;
const PAGE_SIZE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE_SIZE - 1;
/** Rows per page: every column of 2^16 accounts. */
export interface Page {
  /** The id as a number (≥ 0), or −1 − k for stringIds[k]. */
  id: Float64Array;
  provider: Uint16Array;
  /** Status and labels, packed (see ingest.ts). */
  packed: Uint32Array;
  followers: Float64Array;
  posts: Float64Array;
  /** Service score in [0, 1], or −1 when the record carried no service statistics. */
  service: Float32Array;
  /** Which input the last occurrence came from (index into the run's input list). */
  source: Uint16Array;
  /** Byte offset of the last occurrence's line in its input, to read its details back for the ranking. */
  offset: Float64Array;
  /**
   * The service statistics of the rows that carry them, for the report's
   * service quality; allocated on the first such row of the page, so that a
   * census without them (exports, individuals) costs nothing more.
   */
  stats: ServiceColumns | null;
}

/** A page's service statistics, one slot per row; `requests` 0 is a row without them. */
export interface ServiceColumns {
  requests: Uint32Array;
  /** Requests that got a first response. */
  answered: Uint32Array;
  /** The account's median hours to first response; NaN when not given. */
  medianHours: Float32Array;
  /** The account's mean rating 1–5; NaN when not given. */
  rating: Float32Array;
  /** How many ratings the mean is of; 0 when the record did not say. */
  ratings: Uint32Array;
}

/** The service columns of a page, made when first needed. */
export function serviceColumns(page: Page): ServiceColumns {
  if (!page.stats) {
    page.stats = {
      requests: new Uint32Array(PAGE_SIZE),
      answered: new Uint32Array(PAGE_SIZE),
      medianHours: new Float32Array(PAGE_SIZE),
      rating: new Float32Array(PAGE_SIZE),
      ratings: new Uint32Array(PAGE_SIZE),
    };
  }
  return page.stats;
}

function newPage(): Page {
  return {
    id: new Float64Array(PAGE_SIZE),
    provider: new Uint16Array(PAGE_SIZE),
    packed: new Uint32Array(PAGE_SIZE),
    followers: new Float64Array(PAGE_SIZE),
    posts: new Float64Array(PAGE_SIZE),
    service: new Float32Array(PAGE_SIZE),
    source: new Uint16Array(PAGE_SIZE),
    offset: new Float64Array(PAGE_SIZE),
    stats: null,
  };
}

const MAX_PROVIDERS = 0xffff;
const MAX_NUMERIC_ID_DIGITS = 15; // 10^15 < 2^53: every such id is exact as a double

/** The id as a number when it is a canonical non-negative decimal integer below 10^15, else −1. */
export function numericId(id: string): number {
  const n = id.length;
  if (n === 0 || n > MAX_NUMERIC_ID_DIGITS) return -1;
  const first = id.charCodeAt(0);
  // '0123' must stay a string: as a number it would print back as '123'.
  if (first === 48) return n === 1 ? 0 : -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = id.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

function mix(h: number): number {
  // murmur3's finaliser: spreads nearby ids (sequential numbers) over the table.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashNumber(provider: number, n: number): number {
  const lo = n >>> 0;
  const hi = Math.floor(n / 4294967296) >>> 0;
  return mix(lo ^ Math.imul(hi, 0x9e3779b1) ^ Math.imul(provider + 1, 0x27d4eb2f));
}

function hashString(provider: number, s: string): number {
  let h = Math.imul(provider + 1, 0x27d4eb2f) ^ 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return mix(h);
}

/** Accounts by (provider, id), each with one row of columns. */
export class AccountIndex {
  /** Provider host names, by their interned number. */
  readonly providers: string[] = [];
  private readonly providerNumbers = new Map<string, number>();
  private readonly stringIds: string[] = [];
  readonly pages: Page[] = [];
  private table = new Int32Array(1 << 12);
  private mask = (1 << 12) - 1;
  private rows = 0;

  /** Number of distinct accounts. */
  get size(): number {
    return this.rows;
  }

  /** The interned number of a provider host name. */
  providerNumber(name: string): number {
    let p = this.providerNumbers.get(name);
    if (p === undefined) {
      if (this.providers.length >= MAX_PROVIDERS) throw new Error(`more than ${MAX_PROVIDERS} providers`);
      p = this.providers.length;
      this.providers.push(name);
      this.providerNumbers.set(name, p);
    }
    return p;
  }

  /**
   * The row of (provider, id), adding one when the account is new. `fresh`
   * tells the caller which happened without a second lookup.
   */
  rowOf(provider: number, id: string): number {
    return this.rowOfKey(provider, numericId(id), id);
  }

  /** rowOf() with the id already read by numericId(): `id` is read only when `n` is −1. */
  rowOfKey(provider: number, n: number, id: string): number {
    const numeric = n >= 0;
    let i = (numeric ? hashNumber(provider, n) : hashString(provider, id)) & this.mask;
    const table = this.table;
    for (;;) {
      const entry = table[i]!;
      if (entry === 0) break;
      const row = entry - 1;
      const page = this.pages[row >>> PAGE_BITS]!;
      const at = row & PAGE_MASK;
      if (page.provider[at] === provider) {
        const stored = page.id[at]!;
        if (numeric ? stored === n : stored < 0 && this.stringIds[-1 - stored] === id) {
          this.fresh = false;
          return row;
        }
      }
      i = (i + 1) & this.mask;
    }
    const row = this.rows++;
    if ((row & PAGE_MASK) === 0) this.pages.push(newPage());
    const page = this.pages[row >>> PAGE_BITS]!;
    const at = row & PAGE_MASK;
    page.provider[at] = provider;
    if (numeric) page.id[at] = n;
    else {
      page.id[at] = -1 - this.stringIds.length;
      this.stringIds.push(id);
    }
    table[i] = row + 1;
    // Linear probing stays short below 70% load.
    if (this.rows * 10 > this.table.length * 7) this.grow();
    this.fresh = true;
    return row;
  }

  /** Whether the last rowOf() added the account. */
  fresh = false;

  /** The id of a row, as the input spelled it. */
  idOf(row: number): string {
    const stored = this.pages[row >>> PAGE_BITS]!.id[row & PAGE_MASK]!;
    return stored >= 0 ? String(stored) : this.stringIds[-1 - stored]!;
  }

  /** The provider host name of a row. */
  providerOf(row: number): string {
    return this.providers[this.pages[row >>> PAGE_BITS]!.provider[row & PAGE_MASK]!]!;
  }

  private grow(): void {
    const size = this.table.length * 2;
    const table = new Int32Array(size);
    const mask = size - 1;
    for (let row = 0; row < this.rows; row++) {
      const page = this.pages[row >>> PAGE_BITS]!;
      const at = row & PAGE_MASK;
      const stored = page.id[at]!;
      const p = page.provider[at]!;
      let i = (stored >= 0 ? hashNumber(p, stored) : hashString(p, this.stringIds[-1 - stored]!)) & mask;
      while (table[i] !== 0) i = (i + 1) & mask;
      table[i] = row + 1;
    }
    this.table = table;
    this.mask = mask;
  }
}

export { PAGE_BITS, PAGE_MASK, PAGE_SIZE };
