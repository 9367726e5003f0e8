import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomSecret } from '../../../app/secrets.js';

/**
 * Cross-site request forgery on the sign-in form: a page elsewhere must not
 * be able to post it (signing the visitor in to an account of the attacker's
 * choosing, or guessing passwords with the visitor's address). Two checks,
 * both needed: the browser says the POST came from this origin (Origin,
 * Sec-Fetch-Site), and the form carries the token of an HttpOnly cookie that
 * only this origin's pages were given.
 */
export const CSRF_COOKIE = 'govblog_csrf';
export const CSRF_FIELD = 'authenticity_token';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Attributes of the sign-in cookies: sent only to /oauth, never to scripts, never on cross-site POSTs. */
export function cookieOptions(publicUrl: string, maxAgeSeconds?: number) {
  return {
    path: '/oauth',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: publicUrl.startsWith('https:'),
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  };
}

/** This browser's form token: the one its cookie holds, or a new one set now. */
export function formToken(req: FastifyRequest, reply: FastifyReply, publicUrl: string): string {
  const held = req.cookies[CSRF_COOKIE];
  if (held && TOKEN.test(held)) return held;
  const token = randomSecret();
  reply.setCookie(CSRF_COOKIE, token, cookieOptions(publicUrl));
  return token;
}

/** Whether the browser reports the request as coming from this provider's own pages (or says nothing, as older ones do). */
export function fromThisOrigin(req: FastifyRequest, publicUrl: string): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return origin === new URL(publicUrl).origin || origin === `${req.protocol}://${req.host}`;
}

/** Both checks: this origin, and the form's token equal to the cookie's. */
export function formIsGenuine(req: FastifyRequest, submitted: string | undefined, publicUrl: string): boolean {
  if (!fromThisOrigin(req, publicUrl)) return false;
  const held = req.cookies[CSRF_COOKIE];
  if (!held || !submitted || !TOKEN.test(held) || !TOKEN.test(submitted)) return false;
  return timingSafeEqual(Buffer.from(held), Buffer.from(submitted));
}
