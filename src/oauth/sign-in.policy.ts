import type { AttemptWindow } from './sign-in-throttle.js';

/** One sign-in attempt as the throttle sees it, after it was counted. */
export interface SignInAttempt {
  /** The account's window, this attempt included. */
  attempts: AttemptWindow;
  /** The browser signed in to this account before (its known-device cookie). */
  knownDevice: boolean;
}

/**
 * Who may have a password checked: anyone while the account's attempts stay
 * within the limit; beyond it, only a browser the account signed in from, so
 * that a guesser spread over many addresses is stopped without locking the
 * owner out.
 */
export function mayTrySignIn(a: SignInAttempt, max: number): boolean {
  return a.knownDevice || a.attempts.count <= max;
}
