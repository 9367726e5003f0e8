import type { Generated } from 'kysely';

export const COLLECTION_ITEM_STATES = ['accepted', 'revoked'] as const;
/** An item is accepted when its curator adds it; revoked once the featured account takes itself out (it may not be added again). */
export type CollectionItemState = (typeof COLLECTION_ITEM_STATES)[number];

/** A curated, public list of accounts an account features (Mastodon 4.6's Collection). */
export interface AccountCollectionsTable {
  id: Generated<number>;
  /** Its curator: the only one who edits it. */
  account_id: number;
  name: string;
  description: string;
  language: string | null;
  /** 0/1 */
  sensitive: number;
  /** 0/1: listed on the curator's profile for others; an undiscoverable one is still readable by its id. */
  discoverable: number;
  tag_id: number | null;
  /** Accepted items. */
  item_count: number;
  created_at: string;
  updated_at: string;
}

/** One featured account of a collection. */
export interface AccountCollectionItemsTable {
  id: Generated<number>;
  collection_id: number;
  account_id: number;
  state: CollectionItemState;
  position: number;
  created_at: string;
  updated_at: string;
}
