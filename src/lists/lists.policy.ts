import type { AccountRow } from '../accounts/accounts.repository.js';
import type { ListRow } from './lists.repository.js';

/** Only its owner sees or edits a list; to anyone else it does not exist (a 404, as Mastodon's `current_account.owned_lists.find`). */
export function mayManageList(viewer: AccountRow | null, list: ListRow): boolean {
  return viewer !== null && Number(viewer.id) === Number(list.account_id);
}

/** An account goes on one's list only if one follows it (Mastodon's ListAccount validation); never oneself. */
export function mayAddToList(me: number, target: number, following: boolean): boolean {
  return me !== target && following;
}

/** Most lists one account may have (Mastodon's List::PER_ACCOUNT_LIMIT). */
export const LISTS_PER_ACCOUNT = 50;
/** Longest list title. */
export const LIST_TITLE_MAX = 200;
