import { LinkifyIt } from 'linkify-it';

const linkify = new LinkifyIt({ fuzzyLink: false, fuzzyEmail: false });

/** Longer links are not previewed: a URL is a unique key of preview_cards, and PostgreSQL's index entries are bounded (Mastodon skips them too). */
export const CARD_URL_BYTES_MAX = 2048;

/**
 * The link a status's card previews: the first http(s) URL in its text that
 * points elsewhere than this provider (Mastodon skips its own instance's URLs,
 * mentions and hashtags: here those are not URLs in the text). Null for none.
 */
export function firstLink(text: string, publicUrl: string): string | null {
  const own = new URL(publicUrl).host.toLowerCase();
  for (const m of linkify.match(text) ?? []) {
    if (!/^https?:\/\//i.test(m.url)) continue;
    let u: URL;
    try {
      u = new URL(m.url);
    } catch {
      continue;
    }
    if (!u.hostname || u.host.toLowerCase() === own) continue;
    u.hash = '';
    const url = u.toString();
    if (Buffer.byteLength(url) > CARD_URL_BYTES_MAX) continue;
    return url;
  }
  return null;
}
