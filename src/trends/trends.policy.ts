import type { Caller } from '../operators/operators.policy.js';
import { isModerator } from '../moderation/reports.policy.js';

/**
 * Who reviews trends (Mastodon's `manage_taxonomies`): the provider's
 * moderators, reviewers and admins, acting as themselves. An organ's
 * operator never does, not even one who is a reviewer, while acting for the
 * organ: what trends on the provider is the provider's call, not a
 * government body's, which would otherwise push its own posts and links.
 */
export function mayReviewTrends(caller: Caller): boolean {
  return isModerator(caller);
}
