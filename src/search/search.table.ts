/** One searchable account: its fields as searched (normalized, one a line) and its rank. */
export interface SearchAccountsTable {
  account_id: number;
  /** Display name, username and verification text, normalized (src/search/tokens.ts), joined by newlines. */
  text: string;
  /** Verified government accounts first (+1000), then by ⌊log2(followers + 1)⌋. */
  rank: number;
}

/** The index: which accounts hold a term, in rank order per term. */
export interface SearchAccountTermsTable {
  term: string;
  account_id: number;
  /** A copy of search_accounts.rank, in the key (term, rank, account_id): one index range gives a term's best accounts first. */
  rank: number;
}

/** One searchable status (not a reblog, not deleted): its text and content warning, normalized. */
export interface SearchStatusesTable {
  status_id: number;
  text: string;
}

/** The index of statuses: which statuses hold a term, newest first per term. */
export interface SearchStatusTermsTable {
  term: string;
  status_id: number;
}
