import type { Relationship } from '../http/schemas/social.js';
import type { FollowOptionsRow } from './follow-options.js';

/** Who follows whom among an account and others, as the follows repository finds it. */
export interface Relations {
  following: Set<number>;
  followedBy: Set<number>;
  requested: Set<number>;
  requestedBy: Set<number>;
}

/** Blocks and mutes between an account and others (src/moderation/blocks.repository.ts blockRelationsAmong). */
export interface BlockRelations {
  blocking: Set<number>;
  blockedBy: Set<number>;
  muting: Set<number>;
  mutingNotifications: Set<number>;
  /** Remote accounts whose domain the account blocks. */
  domainBlocking?: Set<number>;
}

/** Mastodon's Relationship entity, every field listed; notes and endorsements are the caller's; `options`: the follow's (notify, reblogs, languages). */
export function presentRelationship(id: number, r: Relations, b?: BlockRelations, options?: FollowOptionsRow): Relationship {
  // As Mastodon: the options of the follow, or of the request while it waits.
  const asked = r.following.has(id) || r.requested.has(id);
  return {
    id: String(id),
    following: r.following.has(id),
    showing_reblogs: asked && (options?.showReblogs ?? true),
    notifying: asked && (options?.notify ?? false),
    languages: asked ? (options?.languages ?? null) : null,
    followed_by: r.followedBy.has(id),
    blocking: b?.blocking.has(id) ?? false,
    blocked_by: b?.blockedBy.has(id) ?? false,
    muting: b?.muting.has(id) ?? false,
    muting_notifications: b?.mutingNotifications.has(id) ?? false,
    requested: r.requested.has(id),
    requested_by: r.requestedBy.has(id),
    domain_blocking: b?.domainBlocking?.has(id) ?? false,
    endorsed: false,
    note: '',
  };
}
