import { z } from 'zod';

/**
 * Schema pieces that accept what Mastodon clients send in JSON, form and
 * multipart bodies alike: booleans and numbers may arrive as strings.
 */
export const formBool = z.preprocess((v) => {
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (['true', '1', 'on', 'yes'].includes(s)) return true;
    if (['false', '0', 'off', 'no', ''].includes(s)) return false;
  }
  if (v === 1) return true;
  if (v === 0) return false;
  return v;
}, z.boolean());

export function formInt(min: number, max: number) {
  return z.preprocess((v) => (typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v), z.number().int().min(min).max(max));
}

/** A string, or a list of them (`redirect_uris[]=…`). */
export const stringOrList = z.union([z.string(), z.array(z.string())]);

/** An id in a query string: digits only. */
export const idString = z.string().regex(/^\d{1,18}$/, 'must be an id');

/** Optional text that clients may send as "" to mean absent. */
export function optionalText(max: number) {
  return z.preprocess((v) => (v === '' || v === null ? undefined : v), z.string().max(max).optional());
}

/** Mastodon's paging parameters; `limit` defaults to 20 and is capped at `max`. */
export function pageQuery(max: number, fallback = 20) {
  return z.object({
    max_id: idString.optional(),
    since_id: idString.optional(),
    min_id: idString.optional(),
    limit: formInt(1, 1000)
      .default(fallback)
      .transform((n) => Math.min(n, max)),
  });
}

/** The id window a use case takes, from validated paging parameters. */
export function windowOf(q: { max_id?: string | undefined; since_id?: string | undefined; min_id?: string | undefined; limit: number }) {
  return {
    maxId: q.max_id === undefined ? undefined : Number(q.max_id),
    sinceId: q.since_id === undefined ? undefined : Number(q.since_id),
    minId: q.min_id === undefined ? undefined : Number(q.min_id),
    limit: q.limit,
  };
}

/** A route's `:id`: looked up by parseId, so anything not an id is a 404 there rather than a 400 here (as Mastodon answers). */
export const idParams = z.object({ id: z.string().max(40) });

/** `id[]=…` as forms and query strings send it: one value or many, at most `max`. */
export function idList(max: number) {
  return z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(40)).max(max));
}
