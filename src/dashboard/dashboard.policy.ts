import type { AccountRow } from '../accounts/accounts.repository.js';

/**
 * Who sees the admin dashboard (measures, dimensions, retention): admins
 * only, as Mastodon gives the View Dashboard permission to its admins and not
 * its moderators. Reviewers see the queues they work on, not the provider's
 * figures. Pure predicate; the route checks the token's `admin:read` first.
 */
export function mayViewDashboard(actor: AccountRow | null | undefined): boolean {
  return actor?.role === 'admin';
}
