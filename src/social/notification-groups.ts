import type { NotificationRow } from './notifications.repository.js';
import type { NotificationType } from './social.table.js';

/** The types Mastodon 4.3 groups (app/models/notification.rb GROUPED_TYPES). */
export const GROUPABLE_TYPES = ['favourite', 'reblog', 'follow'] as const satisfies readonly NotificationType[];

/** The hour a notification falls in, counted from the epoch: groups span one such hour. */
export function hourBucket(createdAt: string): number {
  return Math.floor(Date.parse(createdAt) / 3_600_000);
}

/**
 * A notification's group_key, as Mastodon forms it: favourites and reblogs of
 * one status within one hour share `favourite-<status>-<hour>`, follows within
 * one hour `follow-<hour>`; everything else is `ungrouped-<id>`. `target` is
 * the status a favourite or reblog is about (the original for a reblog).
 * Mastodon also stretches a group over later hours (up to 12) through Redis;
 * here the hour alone decides, so a key is the same from any process.
 */
export function groupKeyOf(row: Pick<NotificationRow, 'id' | 'type' | 'created_at'>, target: number | null, grouped: readonly string[] = GROUPABLE_TYPES): string {
  if (!grouped.includes(row.type)) return `ungrouped-${row.id}`;
  if (row.type === 'follow') return `follow-${hourBucket(row.created_at)}`;
  if ((row.type === 'favourite' || row.type === 'reblog') && target !== null) return `${row.type}-${target}-${hourBucket(row.created_at)}`;
  return `ungrouped-${row.id}`;
}

/** What a group_key names: one notification, or a type (and status) within one hour. */
export type GroupKey = { kind: 'single'; id: number } | { kind: 'group'; type: 'favourite' | 'reblog' | 'follow'; statusId: number | null; from: string; before: string };

export function parseGroupKey(key: string): GroupKey | null {
  let m = /^ungrouped-(\d{1,18})$/.exec(key);
  if (m) return { kind: 'single', id: Number(m[1]) };
  const range = (hour: string) => {
    const h = Number(hour);
    return { from: new Date(h * 3_600_000).toISOString(), before: new Date((h + 1) * 3_600_000).toISOString() };
  };
  m = /^follow-(\d{1,9})$/.exec(key);
  if (m) return { kind: 'group', type: 'follow', statusId: null, ...range(m[1] as string) };
  m = /^(favourite|reblog)-(\d{1,18})-(\d{1,9})$/.exec(key);
  if (m) return { kind: 'group', type: m[1] as 'favourite' | 'reblog', statusId: Number(m[2]), ...range(m[3] as string) };
  return null;
}

/** One group being built from a page of notifications, newest first. */
export interface GroupDraft {
  key: string;
  type: NotificationType;
  rows: NotificationRow[];
  target: number | null;
}

/**
 * Folds a page of notifications (newest first) into at most `limit` groups, in
 * the order of their newest notification. Returns the groups and the rows
 * consumed (the next page starts below the last of them).
 */
export function foldGroups(rows: readonly NotificationRow[], targetOf: (r: NotificationRow) => number | null, limit: number, grouped: readonly string[]): { groups: GroupDraft[]; consumed: NotificationRow[] } {
  const groups: GroupDraft[] = [];
  const byKey = new Map<string, GroupDraft>();
  const consumed: NotificationRow[] = [];
  for (const r of rows) {
    const target = targetOf(r);
    const key = groupKeyOf(r, target, grouped);
    let g = byKey.get(key);
    if (!g) {
      if (groups.length >= limit) break;
      g = { key, type: r.type, rows: [], target };
      byKey.set(key, g);
      groups.push(g);
    }
    g.rows.push(r);
    consumed.push(r);
  }
  return { groups, consumed };
}
