import { LRUCache } from 'lru-cache';
import { ForgettingCache } from '../app/forgetting-cache.js';
import { owned } from '../app/owned-buffer.js';

/** What a forget of `homes` names instead of readers when every reader's pages must go (a post merged on read, a large fan-out). */
export const EVERY_HOME = 0;

/** A home timeline page as sent: its JSON, its Link header, and what it was made of. */
export interface HomePage {
  body: Buffer;
  link: string | undefined;
  /** Every status the page shows (reblogged originals included) and every account (authors, the mentioned). */
  statusIds: readonly number[];
  accountIds: readonly number[];
  /** When it stops being true by itself (a poll in it ends, a filter or a mute of the reader runs out), ms since the epoch. */
  expiresAt: number;
}

/** One reader's pages, by the window asked for, and the union of what they were made of. */
interface ReaderPages {
  pages: Map<string, HomePage>;
  statusIds: Set<number>;
  accountIds: Set<number>;
  bytes: number;
}

/**
 * Home timeline pages as presented, per reader: a client that reads its home
 * again and nothing changed gets the same bytes without a query. Coherent as
 * the entity caches are (src/app/entity-cache.ts), and forgotten by whatever
 * can change a page, after the change has committed, in every process:
 *
 * - the reader's feed changing (`changed(db, 'homes', readers)` in the
 *   repositories that write feeds; `EVERY_HOME` for a post merged on read);
 * - a status or an account the page shows changing (the statuses and
 *   accounts caches pass their forgets on: counts, edits, deletions, polls'
 *   tallies, suspensions);
 * - the reader's own row or exclusions changing (blocks, mutes, by or of the
 *   reader), and any write the reader makes (src/http/plugins/auth.ts:
 *   favourites, bookmarks, votes, filters, follows…);
 * - time: a page lives until a poll in it ends or a filter or mute of the
 *   reader runs out, and never past the cache's TTL.
 *
 * `fill` refuses a page rendered across a forget of anything. Pages quoting
 * other statuses are not kept (the quoted side changes on its own terms).
 */
export class HomePageCache extends ForgettingCache {
  private readonly lru: LRUCache<number, ReaderPages> | null;
  private readonly readersOfStatus = new Map<number, Set<number>>();
  private readonly readersOfAccount = new Map<number, Set<number>>();

  constructor(
    maxBytes: number,
    private readonly ttlMs: number,
  ) {
    super();
    this.lru =
      ttlMs > 0 && maxBytes > 0
        ? new LRUCache<number, ReaderPages>({
            maxSize: maxBytes,
            sizeCalculation: (r) => Math.max(1, r.bytes),
            dispose: (r, reader) => this.unindex(reader, r),
          })
        : null;
  }

  protected get enabled(): boolean {
    return this.lru !== null;
  }

  get(reader: number, window: string, now: number): HomePage | undefined {
    const page = this.lru?.get(reader)?.pages.get(window);
    return page && page.expiresAt > now ? page : undefined;
  }

  /** Keeps a page rendered since `mark`, unless anything was forgotten meanwhile. */
  fill(mark: number, reader: number, window: string, page: HomePage, now: number): void {
    if (!this.lru || mark !== this.epoch) return;
    const old = this.lru.get(reader);
    const pages = new Map(old?.pages ?? []);
    // A reader's pages are few (the windows its clients ask for); the oldest go first.
    if (pages.size >= 8 && !pages.has(window)) {
      const [oldest] = pages.keys();
      if (oldest !== undefined) pages.delete(oldest);
    }
    // Pages past their end are never sent again: dropped here rather than kept until the reader falls out.
    for (const [w, p] of pages) if (p.expiresAt <= now) pages.delete(w);
    // A page under 32 KiB is a slice of a shared 64 KiB block: kept, it gets memory of its own (src/app/owned-buffer.ts).
    pages.set(window, { ...page, body: owned(page.body), expiresAt: Math.min(page.expiresAt, now + this.ttlMs) });
    // What the kept pages show, not what every page since the entry began showed: a reader whose
    // pages are replaced without a forget would otherwise index more statuses each time.
    const r: ReaderPages = { pages, statusIds: new Set(), accountIds: new Set(), bytes: 0 };
    for (const p of pages.values()) {
      for (const id of p.statusIds) r.statusIds.add(id);
      for (const id of p.accountIds) r.accountIds.add(id);
      r.bytes += p.body.length;
    }
    // Replacing the old entry unindexes it (dispose); the new one is indexed after.
    this.lru.set(reader, r);
    if (this.lru.peek(reader) !== r) return;
    for (const id of r.statusIds) index(this.readersOfStatus, id, reader);
    for (const id of r.accountIds) index(this.readersOfAccount, id, reader);
  }

  /** After a change has committed: as ForgettingCache's, but a forget that names `EVERY_HOME` is told to the other processes as that alone. */
  override forget(readers: Iterable<number>): void {
    const list = [...readers];
    super.forget(list.includes(EVERY_HOME) ? [EVERY_HOME] : list);
  }

  /** Forgets these readers' pages in this process only (`EVERY_HOME`: everyone's). */
  forgetHere(readers: Iterable<number>): void {
    this.epoch++;
    if (!this.lru) return;
    for (const reader of readers) {
      if (reader === EVERY_HOME) {
        this.lru.clear();
        return;
      }
      this.lru.delete(reader);
    }
  }

  /** The pages showing these statuses (the statuses cache forgot them). */
  forgetStatusesHere(ids: Iterable<number>): void {
    this.forgetHere(readersOf(this.readersOfStatus, ids));
  }

  /** The pages showing these accounts, and these readers' own (the accounts cache forgot them). */
  forgetAccountsHere(ids: Iterable<number>): void {
    const list = [...ids];
    this.forgetHere([...readersOf(this.readersOfAccount, list), ...list]);
  }

  /** Readers with pages kept. */
  get size(): number {
    return this.lru?.size ?? 0;
  }

  /** Statuses and accounts that some kept page shows (the indexes a forget looks in). */
  get indexed(): { statuses: number; accounts: number } {
    return { statuses: this.readersOfStatus.size, accounts: this.readersOfAccount.size };
  }

  private unindex(reader: number, r: ReaderPages): void {
    for (const id of r.statusIds) unindexOne(this.readersOfStatus, id, reader);
    for (const id of r.accountIds) unindexOne(this.readersOfAccount, id, reader);
  }
}

function index(map: Map<number, Set<number>>, id: number, reader: number): void {
  const set = map.get(id);
  if (set) set.add(reader);
  else map.set(id, new Set([reader]));
}

function unindexOne(map: Map<number, Set<number>>, id: number, reader: number): void {
  const set = map.get(id);
  if (!set) return;
  set.delete(reader);
  if (set.size === 0) map.delete(id);
}

function readersOf(map: Map<number, Set<number>>, ids: Iterable<number>): Set<number> {
  const out = new Set<number>();
  for (const id of ids) for (const reader of map.get(id) ?? []) out.add(reader);
  return out;
}
