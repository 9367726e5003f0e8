import type { AccountRow } from '../accounts/accounts.repository.js';
import type { MediaRow } from './media.repository.js';

/** Only the owner (the organ, for its operators too) reads, edits or deletes an upload. */
export function mayManage(account: AccountRow, m: MediaRow): boolean {
  return Number(m.account_id) === Number(account.id);
}

/** An upload is edited or deleted only before a status takes it (Mastodon: attached media belongs to the status). */
export function isUnattached(m: MediaRow): boolean {
  return m.status_id === null;
}
