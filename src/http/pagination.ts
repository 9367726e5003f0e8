import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Mastodon's Link header. For the usual newest-first lists, `next` pages to
 * older items (max_id) and `prev` to newer ones (min_id). A list read
 * oldest-first (the reviewer queue) pages the other way: `next` carries
 * min_id past its last item, `prev` max_id before its first.
 */
export function setLinkHeader(
  request: FastifyRequest,
  reply: FastifyReply,
  baseUrl: string,
  items: readonly { id: number | string }[],
  limit: number,
  order: 'asc' | 'desc' = 'desc',
): void {
  if (items.length === 0) return;
  const url = new URL(request.url, baseUrl);
  const first = items[0] as { id: number | string };
  const last = items[items.length - 1] as { id: number | string };
  const [onward, back] = order === 'desc' ? (['max_id', 'min_id'] as const) : (['min_id', 'max_id'] as const);
  const links: string[] = [];
  if (items.length >= limit) links.push(`<${pageUrl(url, { [onward]: String(last.id) }, [back, 'since_id'])}>; rel="next"`);
  links.push(`<${pageUrl(url, { [back]: String(first.id) }, [onward, 'since_id'])}>; rel="prev"`);
  reply.header('link', links.join(', '));
}

export function pageUrl(url: URL, set: Record<string, string>, drop: readonly string[] = []): string {
  const u = new URL(url.toString());
  for (const d of drop) u.searchParams.delete(d);
  for (const [k, v] of Object.entries(set)) u.searchParams.set(k, v);
  return u.toString();
}

/** Mastodon ids are strings of digits; anything else names no record. */
export function parseId(raw: string): number | null {
  return /^\d{1,15}$/.test(raw) ? Number(raw) : null;
}
