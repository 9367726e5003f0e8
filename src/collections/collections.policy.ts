import type { AccountRow } from '../accounts/accounts.repository.js';

/** What decides whether an account may be featured by a curator. */
export interface FeatureFacts {
  /** The account holds a government profile (a verified organ or official). */
  gov: boolean;
  /** The curator blocks the account, or the account blocks the curator. */
  blocked: boolean;
  /** The account already took itself out of this collection. */
  revoked: boolean;
}

/** Only a collection's curator edits, fills or deletes it (Mastodon's CollectionPolicy#update?/destroy?). */
export function mayEditCollection(viewer: AccountRow | null, collection: { account_id: number }): boolean {
  return viewer !== null && Number(viewer.id) === Number(collection.account_id);
}

/** Anyone sees a collection but those its curator blocks (Mastodon's CollectionPolicy#show?); the same for the curator's list of them. */
export function maySeeCollections(viewerId: number | null, curatorBlocksViewer: boolean): boolean {
  return viewerId === null || !curatorBlocksViewer;
}

/**
 * Who may be featured (Mastodon's AccountPolicy#feature?, govblog's default for
 * featureable_by?): a verified organ or official is public by office and may be
 * featured by anyone; a citizen only while discoverable (the opt-in to being
 * suggested to others). Never across a block either way, never a suspended or
 * closed account, never the curator itself (it heads every collection already),
 * and never again after it took itself out.
 */
export function mayFeature(curator: AccountRow, target: AccountRow, facts: FeatureFacts): boolean {
  if (Number(curator.id) === Number(target.id)) return false;
  if (target.closed_at !== null || target.suspended_at !== null) return false;
  if (facts.blocked || facts.revoked) return false;
  return facts.gov || Number(target.discoverable) === 1;
}

/** Only the featured account itself takes itself out of someone's collection (Mastodon's CollectionItemPolicy#revoke?). */
export function mayRevokeItem(viewer: AccountRow, item: { account_id: number }): boolean {
  return Number(viewer.id) === Number(item.account_id);
}

/** "In which collections am I": only the account itself asks (Mastodon's AccountPolicy#index_featured_in_collections?). */
export function mayListFeaturedIn(viewer: AccountRow, account: AccountRow): boolean {
  return Number(viewer.id) === Number(account.id);
}
