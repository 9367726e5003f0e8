import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { FeaturedTag } from '../http/schemas/tags.js';
import { type HashtagJson, historyDays, presentHashtag } from '../search/search.presenter.js';
import { tagUsesSince } from '../search/search.repository.js';
import { type FeaturedTagRow, type TagRef, featuredAmong, followedAmong } from './tags.repository.js';

/** Mastodon's Tag entities with their week of history and, for a signed-in viewer, `following` and `featuring`: three queries whatever the count. */
export async function presentTags(ctx: Context, viewer: AccountRow | null, tags: readonly TagRef[]): Promise<HashtagJson[]> {
  const days = historyDays(ctx.clock.now());
  const ids = tags.map((t) => t.id);
  const none = Promise.resolve(new Set<number>());
  const [uses, following, featuring] = await Promise.all([
    tagUsesSince(ctx.db, ids, `${days[days.length - 1]}T00:00:00.000Z`),
    viewer ? followedAmong(ctx.db, Number(viewer.id), ids) : none,
    viewer ? featuredAmong(ctx.db, Number(viewer.id), ids) : none,
  ]);
  const byTag = new Map<number, Map<string, { uses: number; accounts: number }>>();
  for (const u of uses) {
    let m = byTag.get(u.tag_id);
    if (!m) byTag.set(u.tag_id, (m = new Map()));
    m.set(u.day, { uses: u.uses, accounts: u.accounts });
  }
  return tags.map((t) => {
    const json = presentHashtag(ctx.config, t, days, byTag.get(t.id) ?? new Map(), viewer !== null);
    return viewer ? { ...json, following: following.has(t.id), featuring: featuring.has(t.id) } : json;
  });
}

/**
 * A hashtag nobody has used yet, as Mastodon's TagsController shows it
 * (`Tag.new`, unsaved: an empty id, a week of zeros), so that an app can open
 * its page and follow it (following creates it).
 */
export function presentUnusedTag(ctx: Context, viewer: AccountRow | null, display: string): HashtagJson {
  const json = presentHashtag(ctx.config, { id: 0, name: display.toLowerCase(), display }, historyDays(ctx.clock.now()), new Map(), viewer !== null);
  return { ...json, id: '', ...(viewer ? { following: false, featuring: false } : {}) };
}

/** Mastodon's FeaturedTag: the count as text and the last use as a date, as its serializer writes them; the URL is the profile's tagged view. */
export function presentFeaturedTag(ctx: Context, username: string, row: FeaturedTagRow): FeaturedTag {
  return {
    id: String(row.id),
    name: row.tag.display,
    url: `${ctx.config.publicUrl}/@${username}/tagged/${encodeURIComponent(row.tag.name)}`,
    statuses_count: String(row.statuses_count),
    last_status_at: row.last_status_at === null ? null : row.last_status_at.slice(0, 10),
  };
}
