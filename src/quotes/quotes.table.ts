import type { Generated } from 'kysely';

export const QUOTE_STATES = ['pending', 'accepted', 'rejected', 'revoked', 'deleted'] as const;
/** Mastodon's Quote#state. */
export type QuoteState = (typeof QUOTE_STATES)[number];

/** A status quoting another (Mastodon's quotes table): one per quoting status. */
export interface QuotesTable {
  id: Generated<number>;
  /** The quoting status. */
  status_id: number;
  /** The quoted status; null once it is gone. */
  quoted_status_id: number | null;
  account_id: number;
  quoted_account_id: number | null;
  state: QuoteState;
  created_at: string;
  updated_at: string;
}
