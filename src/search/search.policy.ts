import type { AccountRow } from '../accounts/accounts.repository.js';

/**
 * Who may search what. Statuses are searched only by a signed-in account (as
 * Mastodon). Anonymous callers get accounts beyond the exact match only for
 * queries of two or more characters (Mastodon asks three, but two Chinese
 * characters already name something: 公安, 发布); signed-in callers from one.
 */
export function maySearchStatuses(viewer: AccountRow | null): viewer is AccountRow {
  return viewer !== null;
}

/** The fewest characters a query needs for more than the exact match. */
export function minQueryChars(viewer: AccountRow | null): number {
  return viewer ? 1 : 2;
}

/** Paging through results, and resolving URLs, needs a token (Mastodon answers 401 to both without one). */
export function mayPageOrResolve(viewer: AccountRow | null): boolean {
  return viewer !== null;
}
