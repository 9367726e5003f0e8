import type { AccountRow } from '../accounts/accounts.repository.js';

/** Who may write, publish and remove announcements: admins (Mastodon's manage_announcements), not reviewers, not an organ's operators. */
export function mayManageAnnouncements(actor: Pick<AccountRow, 'role'>, operator: unknown): boolean {
  return actor.role === 'admin' && !operator;
}

/** Whether an announcement is shown now: published, and not ended (one not yet started is shown, as Mastodon shows it ahead). */
export function isActive(a: { published_at: string | null; ends_at: string | null }, now: Date): boolean {
  return a.published_at !== null && (a.ends_at === null || Date.parse(a.ends_at) >= now.getTime());
}

/** Distinct reactions one announcement may carry (Mastodon's limit). */
export const REACTION_KINDS_LIMIT = 8;

/** An announcement's text at most. */
export const ANNOUNCEMENT_MAX = 5000;

/** Whether a reaction name is one emoji as Unicode writes it (a single grapheme that is pictographic or a flag). */
export function isUnicodeEmoji(name: string): boolean {
  if (name.length === 0 || name.length > 32) return false;
  const graphemes = [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(name)];
  return graphemes.length === 1 && /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3/u.test(name);
}
