import type { AccountRow } from '../accounts/accounts.repository.js';

/** Mastodon's answer to a token or a sign-in of an account that may not sign in now; null when it may. */
export function loginRefusal(account: Pick<AccountRow, 'disabled_at' | 'suspended_at'>): string | null {
  return account.suspended_at !== null || account.disabled_at !== null ? 'Your login is currently disabled' : null;
}
