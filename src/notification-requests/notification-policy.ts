import type { NotificationType } from '../social/social.table.js';
import type { PolicyAction, PolicyKey } from './notification-requests.table.js';

export type NotificationPolicy = Record<PolicyKey, PolicyAction>;

/**
 * Accept-all until the account chooses otherwise. Mastodon 4.3 filters
 * private mentions and limited accounts by default; here a citizen's direct
 * message to an organ (and the organ's answer) is government service, so
 * nothing is held back unless the account asks for it.
 */
export const DEFAULT_POLICY: NotificationPolicy = {
  for_not_following: 'accept',
  for_not_followers: 'accept',
  for_new_accounts: 'accept',
  for_private_mentions: 'accept',
  for_limited_accounts: 'accept',
};

/** Never held back: a follow request is itself a request, a poll's end, an edit and moderators' business are news nobody sent (as Mastodon's NON_FILTERABLE_TYPES), and the service-request and verification steps must reach their party. */
export const UNFILTERABLE: readonly NotificationType[] = ['follow_request', 'poll', 'update', 'moderation_warning', 'admin.report', 'gov.request', 'gov.request_update', 'gov.verification', 'gov.verification_decision'];

/** An account this young (days) is a new account (Mastodon's 30 days). */
export const NEW_ACCOUNT_DAYS = 30;

/** What the recipient's policy looks at, about one notification's sender. */
export interface SenderFacts {
  recipientFollowsSender: boolean;
  senderFollowsRecipient: boolean;
  senderIsNew: boolean;
  /** A direct-visibility mention that answers none of the recipient's statuses. */
  privateMention: boolean;
  /** Silenced by moderators; none are on this provider until moderation can limit accounts. */
  limited: boolean;
  /** Staff (reviewers, admins) and senders the recipient accepted before are never held back. */
  exempt: boolean;
  /** The notification carries a service request (a step's direct message). */
  serviceMessage: boolean;
}

const RANK: Record<PolicyAction, number> = { accept: 0, filter: 1, drop: 2 };

/** What happens to one notification: the strictest action among the policy's conditions that apply (Mastodon's NotifyService filter and drop). */
export function policyAction(policy: NotificationPolicy, type: NotificationType, f: SenderFacts): PolicyAction {
  if (UNFILTERABLE.includes(type) || f.serviceMessage || f.exempt) return 'accept';
  const applying: PolicyAction[] = [];
  if (!f.recipientFollowsSender) applying.push(policy.for_not_following);
  if (!f.senderFollowsRecipient) applying.push(policy.for_not_followers);
  if (f.senderIsNew) applying.push(policy.for_new_accounts);
  if (f.privateMention && !f.recipientFollowsSender) applying.push(policy.for_private_mentions);
  if (f.limited) applying.push(policy.for_limited_accounts);
  return applying.reduce<PolicyAction>((worst, a) => (RANK[a] > RANK[worst] ? a : worst), 'accept');
}
