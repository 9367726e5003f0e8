import type { Context } from '../app/context.js';
import { ownedTexts } from '../app/owned-buffer.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { renderedAccounts } from '../accounts/accounts.presenter.js';
import { quoteFields, statusFields } from './statuses.presenter.js';
import { loadQuoteExtras } from '../quotes/quotes.presenter.js';
import { presentedMediaOf } from '../media/status-media.js';
import { presentedPollsOf } from '../polls/polls.presenter.js';
import { cardsOf, mayHaveCard } from '../cards/status-cards.js';
import { emojisOfTexts } from '../emojis/emojis.presenter.js';
import { type StatusRow, findStatuses, mentionsOf, tagsOf, viewerMarks } from './statuses.repository.js';
import { threadOf } from './conversation-mutes.repository.js';
import { type CompiledFilter, filtersEnd, matchFilters, viewerFilters } from '../filters/apply-filters.js';
import type { FilterContext } from '../filters/filters.table.js';

/*
 * The fast form of presenting statuses: pages built from cached UTF-8 pieces.
 * It must give, byte for byte, what hydrate.ts + statuses.presenter.ts give
 * (status-cache.test.ts checks every kind of status and reader); callers that
 * want objects use presentStatuses, callers that send a list use renderStatuses.
 */

/**
 * A status as this process caches it: its row, and once presented, the
 * pieces of its JSON that are the same for every viewer (statuses.presenter.ts).
 */
export interface CachedStatus {
  row: StatusRow;
  parts?: StatusParts;
}

/**
 * The JSON of a status as UTF-8, cut where the viewer's flags, the reblogged
 * original and the author's account go in. Kept encoded: most of a page is
 * Chinese text, and encoding it again for every reader cost more than
 * building the page.
 */
export interface StatusParts {
  /** `{"id":…` up to `"edited_at":…,` */
  head: Buffer;
  /** `"content":…` up to `"filtered":…,"reblog":` (the viewer's flags, muted to pinned, go before it) */
  middle: Buffer;
  /** `,"application":…,"account":` */
  application: Buffer;
  /** `,"media_attachments":…` up to `"poll":null`; with a poll, up to `"poll":` (a poll differs by reader and by the hour: never cached); the quote fields follow, per reader */
  end: Buffer;
}

/** Whether two copies of a status row agree on everything its JSON shows that can change. */
export function sameVersion(a: StatusRow, b: StatusRow): boolean {
  return (
    Number(a.replies_count) === Number(b.replies_count) &&
    Number(a.reblogs_count) === Number(b.reblogs_count) &&
    Number(a.favourites_count) === Number(b.favourites_count) &&
    a.edited_at === b.edited_at &&
    a.poll_id === b.poll_id &&
    a.deleted_at === b.deleted_at &&
    Number(a.quotes_count) === Number(b.quotes_count) &&
    a.quote_approval_policy === b.quote_approval_policy
  );
}

/** Statuses that have not been deleted, by id, from the cache where it has them (any order, like findStatuses). */
export async function loadStatuses(ctx: Context, ids: readonly number[]): Promise<StatusRow[]> {
  const out: StatusRow[] = [];
  const missing: number[] = [];
  for (const id of new Set(ids)) {
    const hit = ctx.cache.statuses.get(id);
    if (hit) out.push(hit.row);
    else missing.push(id);
  }
  if (missing.length === 0) return out;
  const mark = ctx.cache.statuses.mark();
  for (const row of await findStatuses(ctx.db, missing)) {
    out.push(row);
    ctx.cache.statuses.fill(mark, Number(row.id), { row });
  }
  return out;
}

/**
 * What presenting statuses needs beyond their rows, each one query whatever
 * the batch's size: mentions, hashtags and media attachments of `texts` (only where the text has
 * an @ or a #: most pages need neither query), the viewer's favourites and
 * reblogs among `all`, and the accounts of their authors and of those mentioned.
 */
export async function loadStatusExtras(ctx: Context, viewer: AccountRow | null, all: readonly StatusRow[], texts: readonly StatusRow[]) {
  const [mentions, tags, media, cards, marks, emojis] = await Promise.all([
    mentionsOf(ctx.db, texts.filter((s) => s.text.includes('@')).map((s) => Number(s.id))),
    tagsOf(ctx.db, texts.filter((s) => s.text.includes('#')).map((s) => Number(s.id))),
    presentedMediaOf(ctx, texts.filter((s) => s.reblog_of_id === null).map((s) => Number(s.id))),
    cardsOf(ctx, texts.filter(mayHaveCard).map((s) => Number(s.id))),
    viewer
      ? viewerMarks(
          ctx.db,
          Number(viewer.id),
          all.map((s) => Number(s.id)),
          all.filter((s) => Number(s.account_id) === Number(viewer.id) && s.reblog_of_id === null).map((s) => Number(s.id)),
          // Most readers muted no thread: their pages skip the lookup.
          Number(viewer.muted_conversations ?? 0) > 0 ? new Map(all.map((s) => [Number(s.id), threadOf(s)])) : undefined,
        )
      : Promise.resolve({ favourited: new Set<number>(), reblogged: new Set<number>(), bookmarked: new Set<number>(), pinned: new Set<number>(), muted: new Set<number>() }),
    emojisOfTexts(ctx, new Map(texts.filter((s) => s.reblog_of_id === null).map((s) => [Number(s.id), [s.text, s.spoiler_text]]))),
  ]);
  const accountIds = new Set<number>(all.map((s) => Number(s.account_id)));
  for (const list of mentions.values()) for (const id of list) accountIds.add(id);
  const accounts = await renderedAccounts(ctx, accountIds);
  return { mentions, tags, media, cards, marks, emojis, accounts };
}

/** What a rendered batch was made of, for a cache of whole pages (src/timelines/home-pages.ts) to know when it goes stale. */
export interface MadeOf {
  /** The timeline the batch is a page of: the viewer's hide filters of this context shortened it, if any. */
  context: FilterContext;
  statusIds: number[];
  accountIds: number[];
  /** The earliest time the batch stops being true by itself (a poll in it ends, a filter of the viewer runs out); ms since the epoch. */
  expiresAt: number;
  /** False when the batch depends on more than the above says. */
  keepable: boolean;
}

/** What the viewer's filters add to a batch's making: their end, and whether hiding ones may have left statuses out. */
function noteFilters(made: MadeOf, filters: readonly CompiledFilter[] | null): void {
  made.expiresAt = Math.min(made.expiresAt, filtersEnd(filters));
  // An edit of a status a hide filter left out would not reach the page.
  if (filters?.some((f) => f.action === 'hide' && f.contexts.has(made.context))) made.keepable = false;
}

/** An object's JSON without its braces, to splice into a larger object. */
function members(o: object): string {
  return JSON.stringify(o).slice(1, -1);
}

/** The viewer's flags, favourited to pinned, for each of their 16 combinations (bit 3 favourited … bit 0 pinned). */
const FLAGS = Array.from({ length: 32 }, (_, i) =>
  Buffer.from(`"favourited":${(i & 16) !== 0},"reblogged":${(i & 8) !== 0},"muted":${(i & 4) !== 0},"bookmarked":${(i & 2) !== 0},"pinned":${(i & 1) !== 0}`),
);
const NULL = Buffer.from('null');
const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');
const EMPTY = Buffer.from('[]');
const BRACE = Buffer.from('}');
/** How every cached `middle` ends: the place where a reader's filter results go instead of `[]`. */
const NO_FILTER_RESULTS = Buffer.from('[],"reblog":');
const REBLOG_KEY = Buffer.from(',"reblog":');

/**
 * Mastodon's Status entities for a batch, as the JSON text of an array: the
 * same as `JSON.stringify(await presentStatuses(…))`, faster. What is the
 * same for every viewer is cached per status and per account
 * (src/app/entity-cache.ts); what is not (favourited, reblogged) is looked up
 * for the whole batch. On a cold cache: reblogged originals, mentions, tags,
 * accounts with their government profiles and the viewer's marks are each
 * one query whatever the batch's size; on a warm one, only the marks.
 */
export async function renderStatuses(ctx: Context, viewer: AccountRow | null, rows: readonly StatusRow[], made?: MadeOf): Promise<Buffer> {
  if (rows.length === 0) {
    if (made) noteFilters(made, await viewerFilters(ctx, viewer));
    return EMPTY;
  }
  const originals = await loadStatuses(
    ctx,
    rows.filter((r) => r.reblog_of_id !== null).map((r) => Number(r.reblog_of_id)),
  );
  const byId = new Map<number, StatusRow>(originals.map((o) => [Number(o.id), o]));
  const all = [...rows, ...originals];

  // Pieces cached for the same version of the row are reused; the rest are
  // built below, and kept only beside a row the cache already holds (rows
  // enter it through loadStatuses, which knows when they were read).
  const mark = ctx.cache.statuses.mark();
  const parts = new Map<number, StatusParts>();
  const cachedRows = new Map<number, StatusRow>();
  const stale: StatusRow[] = [];
  for (const s of all) {
    const id = Number(s.id);
    if (parts.has(id) || cachedRows.has(id)) continue;
    const hit = ctx.cache.statuses.get(id);
    if (hit && sameVersion(hit.row, s)) {
      if (hit.parts) {
        parts.set(id, hit.parts);
        continue;
      }
      cachedRows.set(id, hit.row);
    }
    stale.push(s);
  }
  // On a warm cache only the marks are asked for: the pieces hold the rest.
  // A reader's filters (most have none: the account row says so, and nothing is asked) are matched per status below.
  const [{ mentions, tags, media, cards, marks, emojis, accounts }, polls, filters, quoting] = await Promise.all([
    loadStatusExtras(ctx, viewer, all, stale),
    presentedPollsOf(ctx, viewer, all),
    viewerFilters(ctx, viewer),
    loadQuoteExtras(ctx, viewer, all, false),
  ]);
  if (made) {
    noteFilters(made, filters);
    for (const s of all) made.statusIds.push(Number(s.id));
    made.accountIds.push(...accounts.keys());
    for (const poll of polls.values()) if (poll.expires_at !== null && !poll.expired) made.expiresAt = Math.min(made.expiresAt, Date.parse(poll.expires_at));
    // A quoted status shows on its own terms (its author's blocks, its visibility): such a page is not kept.
    if (all.some((s) => Number(s.quoting) === 1)) made.keepable = false;
  }
  for (const s of stale) {
    const author = accounts.get(Number(s.account_id));
    if (!author) continue;
    const mentioned = (mentions.get(Number(s.id)) ?? []).flatMap((id) => accounts.get(id)?.json ?? []);
    const f = statusFields(
      ctx.config,
      s,
      author.json.username,
      mentioned,
      tags.get(Number(s.id)) ?? [],
      media.get(Number(s.id)) ?? [],
      cards.get(Number(s.id)) ?? null,
      emojis.get(Number(s.id)) ?? [],
    );
    // One ArrayBuffer of the status's own for its four parts (src/app/owned-buffer.ts): they may be kept for the cache's TTL.
    const [head, middle, application, end] = ownedTexts([
      `{${members(f.head)},`,
      `,${members(f.middle)},"reblog":`,
      `,${members(f.application)},"account":`,
      // A status without a poll ends its shared part here; one with a poll leaves its place open.
      s.poll_id === null ? `,${members(f.tail)}` : `,${members({ ...f.tail, poll: undefined })},"poll":`,
    ]);
    const p: StatusParts = { head, middle, application, end };
    parts.set(Number(s.id), p);
    const row = cachedRows.get(Number(s.id));
    if (row) ctx.cache.statuses.fill(mark, Number(s.id), { row, parts: p });
  }

  // One status's pieces onto `out`; false (and nothing added) when it cannot be shown.
  const one = (s: StatusRow, out: Buffer[]): boolean => {
    const sid = Number(s.id);
    const p = parts.get(sid);
    const account = accounts.get(Number(s.account_id));
    // A suspended account's statuses are taken down with it, as statusEntity leaves them out.
    if (!p || !account || account.json.suspended) return false;
    const at = out.length;
    const flags = (marks.favourited.has(sid) ? 16 : 0) | (marks.reblogged.has(sid) ? 8 : 0) | (marks.muted.has(sid) ? 4 : 0) | (marks.bookmarked.has(sid) ? 2 : 0) | (marks.pinned.has(sid) ? 1 : 0);
    out.push(p.head, FLAGS[flags] as Buffer);
    const original = s.reblog_of_id === null ? undefined : byId.get(Number(s.reblog_of_id));
    const matched = filters ? matchFilters(filters, s, original ?? s) : [];
    if (matched.length === 0) out.push(p.middle);
    else out.push(p.middle.subarray(0, p.middle.length - NO_FILTER_RESULTS.length), Buffer.from(JSON.stringify(matched.map((m) => m.result))), REBLOG_KEY);
    if (s.reblog_of_id === null) out.push(NULL);
    else {
      if (!original || !one(original, out)) {
        out.length = at;
        return false;
      }
    }
    out.push(p.application, account.utf8, p.end);
    if (s.poll_id !== null) {
      const poll = polls.get(sid);
      out.push(poll ? Buffer.from(JSON.stringify(poll)) : NULL);
    }
    // The quote fields differ by reader (the quoted status, current_user): never cached.
    out.push(Buffer.from(`,${members(quoteFields({ quoting }, s))}`), BRACE);
    return true;
  };
  const out: Buffer[] = [OPEN];
  for (const s of rows) {
    const before = out.length;
    if (out.length > 1) out.push(COMMA);
    if (!one(s, out)) out.length = before;
  }
  out.push(CLOSE);
  return Buffer.concat(out);
}
