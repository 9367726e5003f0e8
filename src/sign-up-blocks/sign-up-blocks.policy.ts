import type { AccountRow } from '../accounts/accounts.repository.js';

/**
 * Who may read and change the provider's sign-up blocks (e-mail domains,
 * canonical e-mail hashes, IP ranges): admins only. Reviewers check
 * verifications and reports but do not decide who may join or reach the
 * provider at all — in Mastodon that is the Manage Blocks permission, which
 * its moderators lack. Pure predicate; the route's scope is checked before.
 */
export function mayManageSignUpBlocks(actor: AccountRow | null | undefined): boolean {
  return actor?.role === 'admin';
}
