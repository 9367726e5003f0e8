import type { AccountRow } from '../accounts/accounts.repository.js';

/** Who may add, change and remove custom emojis: admins (Mastodon's manage_custom_emojis), not reviewers, not an organ's operators. */
export function mayManageEmojis(actor: Pick<AccountRow, 'role'>, operator: unknown): boolean {
  return actor.role === 'admin' && !operator;
}

/** Letters, digits and underscores (Mastodon's shortcode), 2 to 30 of them. */
export const SHORTCODE = /^[A-Za-z0-9_]{2,30}$/;

/** Largest emoji upload, as Mastodon's 256 KB. */
export const EMOJI_SIZE_LIMIT = 256 * 1024;

/** Custom emojis found in one text at most: more shortcodes are left as text. */
export const EMOJIS_PER_TEXT = 50;

/**
 * The shortcodes written in a text, `:name:`, not glued to ASCII letters or
 * digits (so `10:30:00` names none); Chinese may touch them, since it has no spaces.
 */
export function shortcodesIn(text: string): string[] {
  if (!text.includes(':')) return [];
  const out = new Set<string>();
  for (const m of text.matchAll(/(?<![A-Za-z0-9_:]):([A-Za-z0-9_]{2,30}):(?![A-Za-z0-9_])/g)) {
    out.add(m[1] as string);
    if (out.size >= EMOJIS_PER_TEXT) break;
  }
  return [...out];
}
