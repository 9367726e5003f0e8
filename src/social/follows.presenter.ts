import type { Relationship } from '../http/schemas/social.js';
import type { FollowOptionsRow } from './follow-options.js';

/** Who follows whom among an account and others, as the follows repository finds it. */
export interface Relations {
  following: Set<number>;
  followedBy: Set<number>;
  requested: Set<number>;
  requestedBy: Set<number>;
}

/** Mastodon's Relationship entity, every field listed; blocks, mutes and notes do not exist here. */
export function presentRelationship(id: number, r: Relations, options?: FollowOptionsRow): Relationship {
  // As Mastodon: the options of the follow, or of the request while it waits.
  const asked = r.following.has(id) || r.requested.has(id);
  return {
    id: String(id),
    following: r.following.has(id),
    showing_reblogs: asked && (options?.showReblogs ?? true),
    notifying: asked && (options?.notify ?? false),
    languages: asked ? (options?.languages ?? null) : null,
    followed_by: r.followedBy.has(id),
    blocking: false,
    blocked_by: false,
    muting: false,
    muting_notifications: false,
    requested: r.requested.has(id),
    requested_by: r.requestedBy.has(id),
    domain_blocking: false,
    endorsed: false,
    note: '',
  };
}
