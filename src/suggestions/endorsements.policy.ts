/**
 * Who may endorse whom (Mastodon's AccountPin validations): an account features
 * on its profile only accounts it follows, never itself.
 */
export function mayEndorse(me: number, target: number, following: boolean): boolean {
  return me !== target && following;
}

/** Most accounts one account may endorse: a profile shows a handful, not a directory. */
export const ENDORSEMENT_LIMIT = 40;

/** A note on an account is at most this long (Mastodon's AccountNote). */
export const NOTE_MAX = 2000;
