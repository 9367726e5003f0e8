import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { FilterResult } from '../http/schemas/filters.js';
import type { StatusRow } from '../statuses/statuses.repository.js';
import { activeFiltersOf, type FilterWithRules } from './filters.repository.js';
import { contextsOf, presentFilterResult } from './filters.presenter.js';
import type { FilterAction, FilterContext } from './filters.table.js';
import { keywordPattern, matchableText } from './keyword-match.js';

/** A filter ready to test statuses against: its keywords compiled once per page or event. */
export interface CompiledFilter {
  rules: FilterWithRules;
  contexts: ReadonlySet<FilterContext>;
  action: FilterAction;
  keywords: { re: RegExp }[];
  statusIds: ReadonlySet<number>;
}

export function compileFilters(list: readonly FilterWithRules[]): CompiledFilter[] {
  return list.map((rules) => ({
    rules,
    contexts: new Set(contextsOf(rules.filter)),
    action: rules.filter.action,
    keywords: rules.keywords.map((k) => ({ re: keywordPattern(k.keyword, Number(k.whole_word) === 1) })),
    statusIds: new Set(rules.statuses.map((s) => Number(s.status_id))),
  }));
}

/**
 * The viewer's filters in force now, compiled; null for a reader who has
 * none (the common case, told by a counter on the account row: no query).
 */
export async function viewerFilters(ctx: Context, viewer: AccountRow | null): Promise<CompiledFilter[] | null> {
  if (!viewer || Number(viewer.filters_count ?? 0) <= 0) return null;
  const list = compileFilters(await activeFiltersOf(ctx.db, [Number(viewer.id)], ctx.clock.now().toISOString()));
  return list.length > 0 ? list : null;
}

/** When the first of these filters runs out (Infinity: none does), ms since the epoch. */
export function filtersEnd(filters: readonly CompiledFilter[] | null): number {
  let first = Number.POSITIVE_INFINITY;
  for (const f of filters ?? []) if (f.rules.filter.expires_at !== null) first = Math.min(first, Date.parse(f.rules.filter.expires_at));
  return first;
}

/**
 * What the filters make of one status (a reblog is judged by the original it
 * carries, `subject`), as Mastodon's CustomFilter.apply_cached_filters: per
 * filter that matches, the keywords' matched text and the status ids matched.
 */
export function matchFilters(filters: readonly CompiledFilter[], status: StatusRow, subject: StatusRow): { filter: CompiledFilter; result: FilterResult }[] {
  let text: string | undefined;
  const out: { filter: CompiledFilter; result: FilterResult }[] = [];
  for (const f of filters) {
    let keywordMatches: string[] | null = null;
    if (f.keywords.length > 0) {
      text ??= matchableText(subject.spoiler_text, subject.text);
      for (const k of f.keywords) {
        const m = k.re.exec(text);
        if (m) (keywordMatches ??= []).push(m[0]);
      }
    }
    let statusMatches: string[] | null = null;
    if (f.statusIds.size > 0) {
      for (const id of [Number(status.id), ...(status.reblog_of_id === null ? [] : [Number(status.reblog_of_id)])]) if (f.statusIds.has(id)) (statusMatches ??= []).push(String(id));
    }
    if (keywordMatches === null && statusMatches === null) continue;
    out.push({ filter: f, result: presentFilterResult(f.rules, keywordMatches, statusMatches) });
  }
  return out;
}

/** Whether a filter that hides, in this context, matches the status: it leaves the page (and the stream). */
export function hiddenBy(filters: readonly CompiledFilter[], context: FilterContext, status: StatusRow, subject: StatusRow): boolean {
  const hiding = filters.filter((f) => f.action === 'hide' && f.contexts.has(context));
  return hiding.length > 0 && matchFilters(hiding, status, subject).length > 0;
}
