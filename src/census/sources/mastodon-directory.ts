/**
 * Any Mastodon server's profile directory, `GET /api/v1/directory`: the
 * fallback for a provider without the census feed. Accounts become records
 * of CONTRACT §2; their labels come from the provider's `gov` object where
 * it has one (a govblog provider), else from the classifier, reading the
 * display name and whatever verification text the profile carries.
 *
 * Mastodon pages its directory by offset only, newest first. An account that
 * joins during the crawl shifts later pages by one (a duplicate, which the
 * report's de-duplication absorbs); one that leaves can hide another from
 * this crawl. That is the API's limit, not the crawler's.
 */
import { classify } from '../../classify/classify.js';
import { toAccountRecord, type AccountRecord, type RecordLabels } from '../../domain/account-record.js';
import type { HttpClient } from '../retry.js';
import { apiUrl, checkCursor, SourceError, type AccountSource, type Cursor, type Page, type Rejection } from './source.js';

export const MASTODON_DIRECTORY_PATH = '/api/v1/directory';
/** Mastodon's maximum page of the directory (twice its default of 40). */
export const MASTODON_DIRECTORY_PAGE_MAX = 80;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** The text of a Mastodon HTML snippet (a note, a field's value): tags dropped, paragraphs and breaks as spaces, entities decoded. */
export function htmlToText(html: string | null | undefined): string {
  if (!html) return '';
  return html
    .replace(/<br\s*\/?>|<\/p>\s*<p[^>]*>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
      if (ref[0] === '#') {
        const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[ref.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

interface MastodonField {
  name?: unknown;
  value?: unknown;
  verified_at?: unknown;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function count(v: unknown): number | null {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null;
}

/** The labels a govblog provider states in an account's `gov` object (CONTRACT §4). */
function labelsFromGov(gov: Record<string, unknown>): RecordLabels {
  const individual = gov.kind === 'individual';
  return {
    government: true,
    kind: gov.kind as RecordLabels['kind'],
    organ: gov.organ as RecordLabels['organ'],
    public_security: gov.public_security === true,
    level: gov.level as RecordLabels['level'],
    rank: individual ? ((gov.rank ?? null) as RecordLabels['rank']) : null,
    province: (gov.province ?? null) as RecordLabels['province'],
  };
}

/**
 * An Account entity as an account record, unvalidated. `provider` is the
 * host the account was read from. A govblog provider's `gov` object decides
 * verification and labels; a plain Mastodon account counts as verified when
 * one of its profile fields is (the server checked a link back), and its
 * verification text is those fields' text, else its note.
 */
export function accountToRecord(provider: string, account: Record<string, unknown>): Record<string, unknown> {
  const username = str(account.username) ?? '';
  const hasGovKey = 'gov' in account;
  const gov = account.gov !== null && typeof account.gov === 'object' ? (account.gov as Record<string, unknown>) : null;
  const fields = Array.isArray(account.fields) ? (account.fields as MastodonField[]) : [];
  const verifiedFields = fields.filter((f) => typeof f?.verified_at === 'string' && f.verified_at !== '');
  const name = str(account.display_name)?.trim() || username;

  let verified: boolean;
  let verification: string | null;
  if (hasGovKey) {
    verified = gov !== null;
    verification = gov ? (str(gov.verification) ?? null) : htmlToText(str(account.note)) || null;
  } else {
    verified = verifiedFields.length > 0;
    const fieldText = verifiedFields
      .map((f) => [htmlToText(str(f.name)), htmlToText(str(f.value))].filter(Boolean).join(' '))
      .filter(Boolean)
      .join(' ');
    verification = fieldText || htmlToText(str(account.note)) || null;
  }
  const labels: RecordLabels = gov ? labelsFromGov(gov) : classify({ name, verification, verified });
  return {
    provider,
    id: str(account.id) ?? (typeof account.id === 'number' ? String(account.id) : undefined),
    handle: str(account.acct) || username || null,
    name,
    verified,
    verification,
    created_at: account.created_at,
    closed_at: null,
    followers: count(account.followers_count),
    posts: count(account.statuses_count),
    labels,
  };
}

export interface MastodonDirectoryOptions {
  /** Accounts a page; more than Mastodon's 80 is cut to 80. */
  pageSize: number;
  /** The provider's name in the census (see AccountSource.name); by default the URL's host. */
  name?: string;
}

/** The offset a directory page URL asks for. */
function offsetOf(url: string): number {
  const n = Number(new URL(url).searchParams.get('offset') ?? '0');
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
}

/** Reads a Mastodon server's directory of local accounts, newest first. */
export function mastodonDirectory(url: string, http: HttpClient, opts: MastodonDirectoryOptions): AccountSource {
  const limit = String(Math.max(1, Math.min(opts.pageSize, MASTODON_DIRECTORY_PAGE_MAX)));
  const provider = opts.name ?? new URL(url).host;
  const pageAt = (offset: number): string => apiUrl(url, MASTODON_DIRECTORY_PATH, { offset: String(offset), limit, order: 'new', local: 'true' });
  return {
    kind: 'mastodon-directory',
    url,
    name: provider,
    async *pages(from: Cursor | null, signal?: AbortSignal): AsyncIterable<Page> {
      checkCursor(from, url);
      let page: string | null = from ?? pageAt(0);
      while (page !== null) {
        const res = await http.getJson(page, signal);
        if (res.status < 200 || res.status > 299) throw new SourceError(`GET ${page}: HTTP ${res.status}`);
        if (!Array.isArray(res.body)) throw new SourceError(`GET ${page}: expected a JSON array of accounts`);
        const records: AccountRecord[] = [];
        const rejected: Rejection[] = [];
        res.body.forEach((item: unknown, index) => {
          const parsed =
            item !== null && typeof item === 'object' && !Array.isArray(item)
              ? toAccountRecord(accountToRecord(provider, item as Record<string, unknown>))
              : toAccountRecord(item);
          if (parsed.ok) records.push(parsed.record);
          else rejected.push({ url: page as string, index, error: parsed.error });
        });
        // No Link header to follow: the directory ends with the first empty page (a short one may only mean the server pages smaller).
        const next: string | null = res.body.length === 0 ? null : pageAt(offsetOf(page) + res.body.length);
        yield { url: page, records, rejected, next };
        page = next;
      }
    },
  };
}
