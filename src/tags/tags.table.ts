import type { Generated } from 'kysely';

/** A hashtag an account follows: public statuses with it reach the follower's home feed (Mastodon's TagFollow). */
export interface TagFollowsTable {
  id: Generated<number>;
  account_id: number;
  tag_id: number;
  created_at: string;
}

/** A hashtag an account features on its profile (Mastodon's FeaturedTag). */
export interface FeaturedTagsTable {
  id: Generated<number>;
  account_id: number;
  tag_id: number;
  created_at: string;
}
