/**
 * The census's sources of account records, one adapter per kind of provider
 * API behind one interface, so that the crawl neither knows nor cares whether
 * it reads a government feed or a plain Mastodon directory.
 */
import type { AccountRecord } from '../../domain/account-record.js';

/** Where a source resumes: the absolute URL of the next page, as the source made or was given it. */
export type Cursor = string;

/** The kinds of source, as the checkpoint names them. */
export type SourceKind = 'gov-directory' | 'mastodon-directory';

/** An item of a page that could not be made into a valid record: reported, counted, left out. */
export interface Rejection {
  /** Where it was: the page's URL and the item's position in it (from 0). */
  url: string;
  index: number;
  error: string;
}

/** One page of a source. */
export interface Page {
  /** The page's own URL. */
  url: string;
  records: AccountRecord[];
  rejected: Rejection[];
  /** The page after this one; null at the end. */
  next: Cursor | null;
}

/** One provider's accounts, page by page. */
export interface AccountSource {
  readonly kind: SourceKind;
  /** The provider's URL as the user gave it. */
  readonly url: string;
  /**
   * The provider's name in the census, as the operator gave it (by default the URL's host): every
   * record of this source carries it, whatever the provider says of itself.
   */
  readonly name: string;
  /** From the start (null) or from a cursor a previous page gave. */
  pages(from: Cursor | null, signal?: AbortSignal): AsyncIterable<Page>;
}

/** A provider that lacks the API a source reads: the crawl tries the next kind of source. */
export class SourceMissingError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
  ) {
    super(`GET ${url}: HTTP ${status}`);
    this.name = 'SourceMissingError';
  }
}

/** The provider answered something other than a page: not worth retrying. */
export class SourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceError';
  }
}

/** The provider's base URL joined with an API path; a base with a path prefix keeps it. */
export function apiUrl(base: string, path: string, query: Record<string, string>): string {
  const u = new URL(base);
  u.pathname = u.pathname.replace(/\/+$/, '') + path;
  u.search = new URLSearchParams(query).toString();
  u.hash = '';
  return u.toString();
}

/** Whether `url` is on the origin (scheme, host, port) of `base`: the only place a source's pages may be fetched from. */
export function sameOrigin(url: string, base: string): boolean {
  try {
    return new URL(url).origin === new URL(base).origin;
  } catch {
    return false;
  }
}

/** A resume cursor not on the source's origin (a checkpoint edited, or of another crawl): refused, never fetched. */
export function checkCursor(from: Cursor | null, base: string): void {
  if (from !== null && !sameOrigin(from, base)) throw new SourceError(`the cursor ${from} is not on ${new URL(base).origin}`);
}
