import type { Config } from '../app/config.js';
import type { TagRow } from './search.repository.js';

/** Mastodon's Tag entity as search answers it. */
export interface HashtagJson {
  id: string;
  name: string;
  url: string;
  history: { day: string; uses: string; accounts: string }[];
  following?: boolean;
  /** Whether the viewer features it on their profile (Mastodon 4.4). */
  featuring?: boolean;
}

/** Day starts (UTC, ISO date) of the last `days` days, newest first, as Mastodon lists a tag's history. */
export function historyDays(now: Date, days = 7): string[] {
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: days }, (_, i) => new Date(start - i * 86_400_000).toISOString().slice(0, 10));
}

export function presentHashtag(
  config: Config,
  tag: TagRow,
  days: readonly string[],
  uses: ReadonlyMap<string, { uses: number; accounts: number }>,
  signedIn: boolean,
): HashtagJson {
  return {
    id: String(tag.id),
    name: tag.display,
    url: `${config.publicUrl}/tags/${encodeURIComponent(tag.name)}`,
    history: days.map((day) => {
      const u = uses.get(day);
      return { day: String(Date.parse(`${day}T00:00:00Z`) / 1000), uses: String(u?.uses ?? 0), accounts: String(u?.accounts ?? 0) };
    }),
    // Nobody follows hashtags on this provider (yet).
    ...(signedIn ? { following: false } : {}),
  };
}
