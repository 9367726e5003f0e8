/**
 * Mastodon's published defaults (per IP): 300 requests in 5 minutes, 5
 * sign-ups in 30 minutes, 25 sign-in attempts in 5 minutes; per account:
 * 300 posts in 3 hours, 30 media uploads in 30 minutes. Routes take their group from here. Ours: wrong
 * passwords per account (signInAccount).
 */
export const RATE_LIMITS = {
  global: { max: 300, timeWindow: 5 * 60 * 1000 },
  signUp: { max: 5, timeWindow: 30 * 60 * 1000, groupId: 'sign-up' },
  signIn: { max: 25, timeWindow: 5 * 60 * 1000, groupId: 'sign-in' },
  posting: { max: 300, timeWindow: 3 * 60 * 60 * 1000, groupId: 'posting' },
  /** Per account: uploads cost processing time and storage (Mastodon's throttle_authenticated_media). */
  media: { max: 30, timeWindow: 30 * 60 * 1000, groupId: 'media' },
  /**
   * Per account, from any address: after 10 wrong passwords in 15 minutes the
   * account takes no more attempts until the window ends, except from a
   * browser that signed in to it before (its known-device cookie).
   */
  signInAccount: { max: 10, timeWindow: 15 * 60 * 1000 },
} as const;
