import type { Generated } from 'kysely';

export const FILTER_CONTEXTS = ['home', 'notifications', 'public', 'thread', 'account'] as const;
/** Where a filter applies (Mastodon's CustomFilter contexts). */
export type FilterContext = (typeof FILTER_CONTEXTS)[number];

export const FILTER_ACTIONS = ['warn', 'hide', 'blur'] as const;
/** What a match does: a warning over the status, the status gone from the page, or its media blurred (Mastodon 4.4). */
export type FilterAction = (typeof FILTER_ACTIONS)[number];

/** Mastodon's CustomFilter (API v2): a title, where it applies, what it does, until when. */
export interface CustomFiltersTable {
  id: Generated<number>;
  account_id: number;
  title: string;
  /** Comma-joined FilterContexts. */
  context: string;
  action: FilterAction;
  /** null: never expires. */
  expires_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A keyword of a filter; `whole_word` as src/filters/keyword-match.ts reads it. */
export interface CustomFilterKeywordsTable {
  id: Generated<number>;
  custom_filter_id: number;
  keyword: string;
  /** 0/1 */
  whole_word: number;
  created_at: string;
  updated_at: string;
}

/** A status a filter matches by id (and any reblog of it). */
export interface CustomFilterStatusesTable {
  id: Generated<number>;
  custom_filter_id: number;
  status_id: number;
  created_at: string;
}
