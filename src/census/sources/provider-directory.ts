/**
 * The census feed of a govblog provider, `GET /api/v1/gov/directory`
 * (CONTRACT §4): account records of §2, ascending by id, with a `Link`
 * header to the next page while pages are full. The next link is followed
 * exactly as given, provided it stays on the provider's origin: it carries
 * the provider's own keyset cursor, which an account verified or revoked
 * during the crawl cannot shift.
 */
import { toAccountRecord, type AccountRecord } from '../../domain/account-record.js';
import type { HttpClient } from '../retry.js';
import { apiUrl, checkCursor, sameOrigin, SourceError, SourceMissingError, type AccountSource, type Cursor, type Page, type Rejection } from './source.js';

export const GOV_DIRECTORY_PATH = '/api/v1/gov/directory';

// The route is absent (404, 410) or not implemented (501): a server that is not a govblog provider.
const MISSING = new Set([404, 405, 410, 501]);

/** The `rel="next"` target of a Link header (RFC 8288), resolved against the page's URL; null when there is none. */
export function nextLink(header: string | null, base: string): string | null {
  if (!header) return null;
  // Each link-value is <target> followed by ;-separated parameters; targets may contain commas, so match, do not split.
  const linkValue = /<([^>]*)>((?:\s*;\s*[^;,="\s]+\s*(?:=\s*(?:"[^"]*"|[^;,\s]*))?)*)/g;
  for (const m of header.matchAll(linkValue)) {
    const params = m[2] ?? '';
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params);
    const rels = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (rels.includes('next')) return new URL(m[1] ?? '', base).toString();
  }
  return null;
}

export interface ProviderDirectoryOptions {
  /** Records a page, up to the provider's maximum of 1000. */
  pageSize: number;
  /** The provider's name in the census (see AccountSource.name); by default the URL's host. */
  name?: string;
}

/**
 * A record of the feed, held to the source's name. A record naming another
 * provider is refused, not renamed: an honest provider names itself, so it
 * is a forgery (which must not be counted under any name) or a source given
 * the wrong name (which the operator fixes with `--provider NAME=URL`, as the
 * rejection says); either way it is reported and counted, never silently kept.
 */
export function ownRecord(record: AccountRecord, name: string): { ok: true; record: AccountRecord } | { ok: false; error: string } {
  // Host names are case-insensitive; the record is written with the operator's spelling.
  if (record.provider.toLowerCase() === name.toLowerCase()) return { ok: true, record: { ...record, provider: name } };
  return {
    ok: false,
    error: `provider: ${JSON.stringify(record.provider)} is not this source's name ${JSON.stringify(name)} (if it is the same provider, crawl it as --provider ${record.provider}=URL)`,
  };
}

/** Reads a govblog provider's census feed. */
export function providerDirectory(url: string, http: HttpClient, opts: ProviderDirectoryOptions): AccountSource {
  const name = opts.name ?? new URL(url).host;
  const first = apiUrl(url, GOV_DIRECTORY_PATH, { limit: String(opts.pageSize), verified: 'true' });
  return {
    kind: 'gov-directory',
    url,
    name,
    async *pages(from: Cursor | null, signal?: AbortSignal): AsyncIterable<Page> {
      checkCursor(from, url);
      let page: string | null = from ?? first;
      while (page !== null) {
        const res = await http.getJson(page, signal);
        if (MISSING.has(res.status) && page === first) throw new SourceMissingError(page, res.status);
        if (res.status < 200 || res.status > 299) throw new SourceError(`GET ${page}: HTTP ${res.status}`);
        if (!Array.isArray(res.body)) throw new SourceError(`GET ${page}: expected a JSON array of account records`);
        const records: AccountRecord[] = [];
        const rejected: Rejection[] = [];
        res.body.forEach((item: unknown, index) => {
          const valid = toAccountRecord(item);
          const parsed = valid.ok ? ownRecord(valid.record, name) : valid;
          if (parsed.ok) records.push(parsed.record);
          else rejected.push({ url: page as string, index, error: parsed.error });
        });
        let next = nextLink(res.headers.get('link'), page);
        // A full page links on even when nothing follows; an empty one ends the feed whatever it says.
        if (res.body.length === 0) next = null;
        if (next === page) throw new SourceError(`GET ${page}: the next link points back to the same page`);
        // The census reads this provider only: a link elsewhere would let it make the crawler fetch any address (SSRF).
        if (next !== null && !sameOrigin(next, url)) throw new SourceError(`GET ${page}: the next link leaves ${new URL(url).origin}: ${next}`);
        yield { url: page, records, rejected, next };
        page = next;
      }
    },
  };
}
