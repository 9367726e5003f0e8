import type { AccountRow } from '../accounts/accounts.repository.js';
import type { StatusRow } from './statuses.repository.js';

/** What the policy needs to know about the viewer's relation to a status, loaded in batches by the caller. */
export interface ViewerFacts {
  /** The viewer follows the status's author. */
  followsAuthor: boolean;
  /** The status mentions the viewer. */
  mentioned: boolean;
}

/**
 * Mastodon's visibility: public and unlisted for anyone; private for the
 * author, followers and those mentioned; direct for the author and those
 * mentioned only. Moderators (admin role) see everything they must judge.
 */
export function mayView(viewer: AccountRow | null, s: StatusRow, facts: ViewerFacts): boolean {
  if (s.visibility === 'public' || s.visibility === 'unlisted') return true;
  if (!viewer) return false;
  if (Number(viewer.id) === Number(s.account_id)) return true;
  if (facts.mentioned) return true;
  return s.visibility === 'private' && facts.followsAuthor;
}

/** The author deletes their own status (an organ's operators act as the organ); an admin may remove any. */
export function mayDelete(actor: AccountRow, s: StatusRow): boolean {
  return Number(actor.id) === Number(s.account_id) || actor.role === 'admin';
}

/** Only what anyone may see can be reblogged, and never a reblog itself. */
export function mayReblog(s: StatusRow): boolean {
  return (s.visibility === 'public' || s.visibility === 'unlisted') && s.reblog_of_id === null;
}

/**
 * Only the author edits a status (an organ's operators act as the organ),
 * never a reblog; an admin may remove a status but not put words in it.
 */
export function mayEdit(actor: AccountRow, s: StatusRow): boolean {
  return Number(actor.id) === Number(s.account_id) && s.reblog_of_id === null && s.deleted_at === null;
}
