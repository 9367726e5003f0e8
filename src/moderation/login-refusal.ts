import type { AccountRow } from '../accounts/accounts.repository.js';

/** Mastodon's answer to a token or a sign-in of an account that may not sign in now; null when it may. */
export function loginRefusal(account: Pick<AccountRow, 'disabled_at' | 'suspended_at'> & Partial<Pick<AccountRow, 'domain'>>): string | null {
  // An account of another server never signs in nor holds a token here: its home server speaks for it.
  if (account.domain != null) return 'This account belongs to another server';
  return account.suspended_at !== null || account.disabled_at !== null ? 'Your login is currently disabled' : null;
}
