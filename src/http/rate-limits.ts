import type { FastifyReply, FastifyRequest } from 'fastify';

/** Per address: anonymous requests, sign-ups and sign-ins. */
function byAddress(req: FastifyRequest): string {
  return `ip:${req.ip}`;
}

/**
 * The global limit's key: a signed-in request is counted per account (from any
 * address or app), an app-only token per token, anything else per address, as
 * Mastodon's rack_attack.rb separates authenticated from unauthenticated API
 * requests; people behind one address (an office, a carrier's NAT) then do not
 * share one budget. The route's limiter runs after the token is read (instance
 * hooks before route hooks); a bad token is a 401 before it.
 */
export function rateLimitKey(req: FastifyRequest): string {
  const actor = req.actor;
  if (actor?.account) return `account:${actor.account.id}`;
  if (actor) return `token:${actor.tokenId}`;
  return byAddress(req);
}

/** Rewrites the limiter's X-RateLimit-Reset (seconds left) into the ISO 8601 time Mastodon sends. */
export function rateLimitHeaders(now: () => Date) {
  return async (_req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const reset = reply.getHeader('x-ratelimit-reset');
    if (reset !== undefined && /^\d+$/.test(String(reset))) reply.header('x-ratelimit-reset', new Date(now().getTime() + Number(reset) * 1000).toISOString());
    return payload;
  };
}

/**
 * Mastodon's published defaults (per IP): 300 requests in 5 minutes, 5
 * sign-ups in 30 minutes, 25 sign-in attempts in 5 minutes; per account:
 * 300 posts in 3 hours, 30 media uploads in 30 minutes. Routes take their group from here. Ours: wrong
 * passwords per account (signInAccount).
 */
export const RATE_LIMITS = {
  global: { max: 300, timeWindow: 5 * 60 * 1000 },
  signUp: { max: 5, timeWindow: 30 * 60 * 1000, groupId: 'sign-up', keyGenerator: byAddress },
  signIn: { max: 25, timeWindow: 5 * 60 * 1000, groupId: 'sign-in', keyGenerator: byAddress },
  posting: { max: 300, timeWindow: 3 * 60 * 60 * 1000, groupId: 'posting' },
  /** Per account: uploads cost processing time and storage (Mastodon's throttle_authenticated_media). */
  media: { max: 30, timeWindow: 30 * 60 * 1000, groupId: 'media' },
  /** Per account: reports filed (Mastodon's RateLimiter family `reports`), so that nobody floods the moderators' queue. */
  reports: { max: 400, timeWindow: 24 * 60 * 60 * 1000, groupId: 'reports' },
  /**
   * Per account, from any address: after 10 wrong passwords in 15 minutes the
   * account takes no more attempts until the window ends, except from a
   * browser that signed in to it before (its known-device cookie).
   */
  signInAccount: { max: 10, timeWindow: 15 * 60 * 1000 },
} as const;
