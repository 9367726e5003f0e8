import type { Config } from '../app/config.js';
import type { Context } from '../app/context.js';
import type { CustomEmoji } from '../http/schemas/emojis.js';
import { mediaUrl } from '../media/store.js';
import { shortcodesIn } from './emojis.policy.js';
import { type CustomEmojiRow, enabledEmojisByShortcodes } from './emojis.repository.js';

/** Mastodon's CustomEmoji entity. */
export function presentEmoji(config: Config, e: CustomEmojiRow): CustomEmoji {
  return { shortcode: e.shortcode, url: mediaUrl(config, e.image_key), static_url: mediaUrl(config, e.static_key), visible_in_picker: e.visible_in_picker === 1, category: e.category };
}

/** The admin API's view: the entity with its id, state and times. */
export function presentAdminEmoji(config: Config, e: CustomEmojiRow) {
  return { id: String(e.id), ...presentEmoji(config, e), disabled: e.disabled === 1, created_at: e.created_at, updated_at: e.updated_at };
}

/**
 * The `emojis` of many texts at once (statuses, display names and notes,
 * announcements): one query for every shortcode written in any of them, none
 * when no text has one. Each key gets the emojis its texts name, in order of
 * first use.
 */
export async function emojisOfTexts<K>(ctx: Pick<Context, 'db' | 'config'>, texts: ReadonlyMap<K, readonly string[]>): Promise<Map<K, CustomEmoji[]>> {
  const codes = new Map<K, string[]>();
  const all = new Set<string>();
  for (const [k, list] of texts) {
    const found = [...new Set(list.flatMap((t) => shortcodesIn(t)))];
    if (found.length === 0) continue;
    codes.set(k, found);
    for (const c of found) all.add(c);
  }
  const out = new Map<K, CustomEmoji[]>();
  if (all.size === 0) return out;
  const rows = new Map((await enabledEmojisByShortcodes(ctx.db, [...all])).map((r) => [r.shortcode, presentEmoji(ctx.config, r)]));
  for (const [k, list] of codes) {
    const emojis = list.flatMap((c) => rows.get(c) ?? []);
    if (emojis.length > 0) out.set(k, emojis);
  }
  return out;
}
