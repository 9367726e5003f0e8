/**
 * Mastodon's published defaults (per IP): 300 requests in 5 minutes, 5
 * sign-ups in 30 minutes, 25 sign-in attempts in 5 minutes; per account:
 * 300 posts in 3 hours. Routes take their group from here.
 */
export const RATE_LIMITS = {
  global: { max: 300, timeWindow: 5 * 60 * 1000 },
  signUp: { max: 5, timeWindow: 30 * 60 * 1000, groupId: 'sign-up' },
  signIn: { max: 25, timeWindow: 5 * 60 * 1000, groupId: 'sign-in' },
  posting: { max: 300, timeWindow: 3 * 60 * 60 * 1000, groupId: 'posting' },
} as const;
