import type { Filter, FilterKeyword, FilterResult, FilterStatus, FilterV1 } from '../http/schemas/filters.js';
import type { FilterContext } from './filters.table.js';
import type { FilterKeywordRow, FilterRow, FilterStatusRow, FilterWithRules } from './filters.repository.js';

export function contextsOf(row: FilterRow): FilterContext[] {
  return row.context.split(',').filter((c) => c !== '') as FilterContext[];
}

export function presentKeyword(k: FilterKeywordRow): FilterKeyword {
  return { id: String(k.id), keyword: k.keyword, whole_word: Number(k.whole_word) === 1 };
}

export function presentFilterStatus(s: FilterStatusRow): FilterStatus {
  return { id: String(s.id), status_id: String(s.status_id) };
}

/** Mastodon's Filter (v2); with its keywords and statuses where the filters API answers (not inside a FilterResult, as Mastodon's rules_requested). */
export function presentFilter(f: FilterWithRules, rules = true): Filter {
  const base: Filter = { id: String(f.filter.id), title: f.filter.title, context: contextsOf(f.filter), expires_at: f.filter.expires_at, filter_action: f.filter.action };
  return rules ? { ...base, keywords: f.keywords.map(presentKeyword), statuses: f.statuses.map(presentFilterStatus) } : base;
}

/** Mastodon's v1 Filter: one keyword of a v2 filter, with that filter's context and expiry; `irreversible` when it hides. */
export function presentFilterV1(k: FilterKeywordRow, f: FilterRow): FilterV1 {
  return { id: String(k.id), phrase: k.keyword, context: contextsOf(f), whole_word: Number(k.whole_word) === 1, expires_at: f.expires_at, irreversible: f.action === 'hide' };
}

export function presentFilterResult(f: FilterWithRules, keywordMatches: string[] | null, statusMatches: string[] | null): FilterResult {
  return { filter: presentFilter(f, false), keyword_matches: keywordMatches, status_matches: statusMatches };
}
