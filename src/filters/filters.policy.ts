import type { AccountRow } from '../accounts/accounts.repository.js';
import type { FilterRow } from './filters.repository.js';

/** Only its owner sees or edits a filter; to anyone else it does not exist (a 404, as Mastodon's `current_account.custom_filters.find`). */
export function mayManageFilter(viewer: AccountRow | null, filter: FilterRow): boolean {
  return viewer !== null && Number(viewer.id) === Number(filter.account_id);
}

/** Most filters one account may have, and keywords one filter: generous, but bounded (every page matches each one). */
export const FILTERS_PER_ACCOUNT = 100;
export const KEYWORDS_PER_FILTER = 100;
export const FILTER_TITLE_MAX = 256;
export const KEYWORD_MAX = 512;
