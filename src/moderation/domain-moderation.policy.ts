import type { Caller } from '../operators/operators.policy.js';
import { isAdmin } from './reports.policy.js';

/**
 * Who may read and change the provider's domain blocks and allows: admins,
 * acting as themselves. In Mastodon this is the Manage Federation permission,
 * which its Admin role has and its Moderator role lacks; reviewers here keep
 * the report queue and verifications, and do not decide which servers the
 * provider hears. An operator's token acts as the organ, never as staff.
 * Pure predicate; the route's scope is checked before.
 */
export function mayManageFederation(caller: Caller | null | undefined): boolean {
  return caller != null && isAdmin(caller);
}
