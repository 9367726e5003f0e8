import type { Context } from '../app/context.js';
import { notFound } from '../app/errors.js';
import { findAccountById } from '../accounts/accounts.repository.js';
import { getStatus } from './get-status.js';
import type { StatusRow } from './statuses.repository.js';

/** The id and author handle a status URL of this provider names, or null for any other URL. */
export function parseStatusUrl(publicUrl: string, raw: string): { handle: string; id: number } | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  const home = new URL(publicUrl);
  if (url.host.toLowerCase() !== home.host.toLowerCase() || (url.protocol !== 'http:' && url.protocol !== 'https:')) return null;
  // The status entity's `url` and `uri` (/@user/:id) and Mastodon's ActivityPub form (/users/:user/statuses/:id).
  const m = /^\/@([^/@]+)\/(\d{1,15})\/?$/.exec(url.pathname) ?? /^\/users\/([^/@]+)\/statuses\/(\d{1,15})\/?$/.exec(url.pathname);
  if (!m) return null;
  return { handle: decodeURIComponent(m[1] as string), id: Number(m[2]) };
}

/**
 * A status anyone may embed (Mastodon's oEmbed and embed page): public or
 * unlisted, its author open, not a reblog, and the handle in the URL its
 * author's. Anything else does not exist (404), as Mastodon's StatusFinder
 * and `hidden?` answer.
 */
export async function embeddableStatus(ctx: Context, ref: { handle: string; id: number } | null): Promise<StatusRow> {
  if (!ref) throw notFound('Status');
  const row = await getStatus(ctx, null, ref.id);
  if (row.reblog_of_id !== null) throw notFound('Status');
  const author = await findAccountById(ctx.db, Number(row.account_id));
  if (!author || author.username.toLowerCase() !== ref.handle.toLowerCase()) throw notFound('Status');
  return row;
}
