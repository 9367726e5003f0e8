import type { AccountRow } from '../accounts/accounts.repository.js';
import { COLLECTION_LIMITS } from '../domain/limits.js';
import type { StatusRow } from '../statuses/statuses.repository.js';

/** Why a status cannot be pinned, Mastodon's StatusPinValidator's reasons. */
export type PinRefusal = 'reblog' | 'ownership' | 'direct' | 'limit';

/**
 * Whether `actor` may pin `s` with `pinned` statuses pinned already: only
 * their own (an organ's operators act as the organ), never a boost, never a
 * direct message, at most COLLECTION_LIMITS.pinsMax. Private statuses may be
 * pinned, as in Mastodon: the profile shows them only to those who may see them.
 */
export function pinRefusal(actor: AccountRow, s: StatusRow, pinned: number): PinRefusal | null {
  if (s.reblog_of_id !== null) return 'reblog';
  if (Number(s.account_id) !== Number(actor.id)) return 'ownership';
  if (s.visibility === 'direct') return 'direct';
  if (pinned >= COLLECTION_LIMITS.pinsMax) return 'limit';
  return null;
}

export function mayPin(actor: AccountRow, s: StatusRow, pinned: number): boolean {
  return pinRefusal(actor, s, pinned) === null;
}
