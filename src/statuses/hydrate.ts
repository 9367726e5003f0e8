import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { loadStatusExtras, loadStatuses } from './status-cache.js';
import { type StatusHydration, type StatusJson, statusEntities } from './statuses.presenter.js';
import type { StatusRow } from './statuses.repository.js';
import { presentedPollsOf } from '../polls/polls.presenter.js';
import { matchFilters, viewerFilters } from '../filters/apply-filters.js';
import type { FilterResult } from '../http/schemas/filters.js';
import { loadQuoteExtras } from '../quotes/quotes.presenter.js';

/**
 * Loads what presenting `rows` to `viewer` needs, in a fixed number of
 * queries whatever the batch's size: reblogged originals and accounts from
 * this process's cache where it has them, then mentions, hashtags and the
 * viewer's marks.
 */
export async function hydrateStatuses(ctx: Context, viewer: AccountRow | null, rows: readonly StatusRow[], options: PresentOptions = {}): Promise<StatusHydration> {
  const originals = await loadStatuses(
    ctx,
    rows.filter((r) => r.reblog_of_id !== null).map((r) => Number(r.reblog_of_id)),
  );
  const statuses = new Map<number, StatusRow>();
  for (const s of [...rows, ...originals]) statuses.set(Number(s.id), s);
  const all = [...statuses.values()];
  const [{ mentions, tags, media, cards, marks, emojis, accounts: rendered }, polls, filters, quoting] = await Promise.all([
    loadStatusExtras(ctx, viewer, all, all),
    presentedPollsOf(ctx, viewer, all),
    viewerFilters(ctx, viewer),
    loadQuoteExtras(ctx, viewer, all, options.shallowQuotes === true),
  ]);
  const accounts = new Map([...rendered].map(([id, r]) => [id, r.json]));
  const filtered = new Map<number, FilterResult[]>();
  if (filters) {
    for (const s of all) {
      const matched = matchFilters(filters, s, (s.reblog_of_id === null ? undefined : statuses.get(Number(s.reblog_of_id))) ?? s);
      if (matched.length > 0) filtered.set(Number(s.id), matched.map((m) => m.result));
    }
  }
  return { statuses, accounts, mentions, tags, media, cards, ...marks, polls, emojis, filtered, quoting };
}

export interface PresentOptions {
  /** Quotes only by the quoted status's id (Mastodon's ShallowQuote): for statuses shown inside a quote. */
  shallowQuotes?: boolean;
}

/** Statuses as entities for answers that are not a bare list: hydrate, then the pure presenter. */
export async function presentStatuses(ctx: Context, viewer: AccountRow | null, rows: readonly StatusRow[], options: PresentOptions = {}): Promise<StatusJson[]> {
  if (rows.length === 0) return [];
  return statusEntities(ctx.config, await hydrateStatuses(ctx, viewer, rows, options), rows);
}

export async function presentStatus(ctx: Context, viewer: AccountRow | null, row: StatusRow): Promise<StatusJson> {
  const [json] = await presentStatuses(ctx, viewer, [row]);
  if (!json) throw new Error(`status ${row.id} could not be presented`);
  return json;
}
