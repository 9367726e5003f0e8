import type { Context } from '../app/context.js';
import { acctOf, findOpenAccountsByUsernameKeys, mentionHref } from '../accounts/accounts.repository.js';
import { emojisOfTexts, presentEmoji } from '../emojis/emojis.presenter.js';
import { enabledEmojisByShortcodes } from '../emojis/emojis.repository.js';
import type { AdminAnnouncement, Announcement } from '../http/schemas/discovery.js';
import { parseText } from '../statuses/text.js';
import { type AnnouncementRow, readAmong, reactionsOf } from './announcements.repository.js';

/**
 * Mastodon's Announcement entities as `viewer` sees them (null: nobody, as the
 * streaming event carries them): `read` and each reaction's `me` for a
 * viewer only; mentions, hashtags and custom emojis from the text, in a fixed
 * number of queries for the batch.
 */
export async function presentAnnouncements(ctx: Context, viewer: number | null, rows: readonly AnnouncementRow[]): Promise<Announcement[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => Number(r.id));
  const parsed = new Map(rows.map((r) => [Number(r.id), parseText(r.text, ctx.config.provider)]));
  const usernames = [...new Set([...parsed.values()].flatMap((p) => p.mentions))];
  const [reads, reactions, emojis, mentioned] = await Promise.all([
    viewer === null ? Promise.resolve(new Set<number>()) : readAmong(ctx.db, viewer, ids),
    reactionsOf(ctx.db, ids, viewer),
    emojisOfTexts(ctx, new Map(rows.map((r) => [Number(r.id), [r.text]]))),
    findOpenAccountsByUsernameKeys(ctx.db, usernames),
  ]);
  const byKey = new Map(mentioned.map((a) => [a.username_key, a]));
  // Custom emojis used as reactions: their pictures.
  const reactionCodes = [...new Set([...reactions.values()].flat().map((r) => r.name))].filter((n) => /^[A-Za-z0-9_]{2,30}$/.test(n));
  const customs = new Map((await enabledEmojisByShortcodes(ctx.db, reactionCodes)).map((e) => [e.shortcode, presentEmoji(ctx.config, e)]));
  return rows.map((r) => {
    const id = Number(r.id);
    const p = parsed.get(id) ?? { mentions: [], tags: [] };
    return {
      id: String(id),
      content: r.content,
      starts_at: r.starts_at,
      ends_at: r.ends_at,
      all_day: r.all_day === 1,
      published_at: r.published_at ?? r.created_at,
      updated_at: r.updated_at,
      ...(viewer === null ? {} : { read: reads.has(id) }),
      mentions: p.mentions.flatMap((k) => {
        const a = byKey.get(k);
        return a ? [{ id: String(a.id), username: a.username, url: mentionHref(ctx.config.publicUrl, a), acct: acctOf(a) }] : [];
      }),
      statuses: [],
      tags: p.tags.map((name) => ({ name, url: `${ctx.config.publicUrl}/tags/${encodeURIComponent(name)}` })),
      emojis: emojis.get(id) ?? [],
      reactions: (reactions.get(id) ?? []).map((x) => {
        const custom = customs.get(x.name);
        return { name: x.name, count: x.count, ...(viewer === null ? {} : { me: x.me }), ...(custom ? { url: custom.url, static_url: custom.static_url } : {}) };
      }),
    };
  });
}

/** The admins' view: the entity, drafts too, with the text as written and whether it is published. */
export async function presentAdminAnnouncements(ctx: Context, viewer: number, rows: readonly AnnouncementRow[]): Promise<AdminAnnouncement[]> {
  const shown = await presentAnnouncements(ctx, viewer, rows);
  return rows.map((r, i) => ({ ...(shown[i] as Announcement), published_at: r.published_at, published: r.published_at !== null, text: r.text, created_at: r.created_at }));
}
