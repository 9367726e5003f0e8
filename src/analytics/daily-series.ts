/** One day of an organ's activity, as the analytics chart draws it. */
export interface DayStats {
  /** YYYY-MM-DD, UTC. */
  day: string;
  /** Followers at the end of the day. */
  followers: number;
  followers_gained: number;
  followers_lost: number;
  posts: number;
  replies_received: number;
  favourites_received: number;
  reblogs_received: number;
}

/** A stored row of daily counters (any day; days outside the range are ignored). */
export type DailyRow = Omit<DayStats, 'followers'>;

const DAY_MS = 86_400_000;

/** Whether the text is a real calendar day written YYYY-MM-DD (2024-02-30 is not). */
export function isDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const t = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === text;
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included (0 when to < from). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/**
 * Every day of the range, zeros where nothing was counted, with the
 * cumulative follower count at the end of each day derived backwards from
 * today's count: followers(end of d) = followers(end of d+1) − gained(d+1) + lost(d+1).
 * `netAfter` is gained − lost over every day after `to`. Pure.
 */
export function buildDailySeries(from: string, to: string, rows: readonly DailyRow[], followersNow: number, netAfter: number): DayStats[] {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const n = Math.max(0, daysBetween(from, to));
  const days: DayStats[] = [];
  let followers = followersNow - netAfter;
  for (let i = n - 1; i >= 0; i--) {
    const day = addDays(from, i);
    const r = byDay.get(day);
    const d: DayStats = {
      day,
      followers,
      followers_gained: Number(r?.followers_gained ?? 0),
      followers_lost: Number(r?.followers_lost ?? 0),
      posts: Number(r?.posts ?? 0),
      replies_received: Number(r?.replies_received ?? 0),
      favourites_received: Number(r?.favourites_received ?? 0),
      reblogs_received: Number(r?.reblogs_received ?? 0),
    };
    days.push(d);
    followers -= d.followers_gained - d.followers_lost;
  }
  return days.reverse();
}

/** Sums of the range; `followers` is the count at its end, `followers_start` at its beginning. */
export function totalsOf(days: readonly DayStats[]) {
  const sum = (k: keyof Omit<DayStats, 'day' | 'followers'>) => days.reduce((a, d) => a + d[k], 0);
  const first = days[0];
  const last = days[days.length - 1];
  return {
    followers: last?.followers ?? 0,
    followers_start: first ? first.followers - first.followers_gained + first.followers_lost : 0,
    followers_gained: sum('followers_gained'),
    followers_lost: sum('followers_lost'),
    posts: sum('posts'),
    replies_received: sum('replies_received'),
    favourites_received: sum('favourites_received'),
    reblogs_received: sum('reblogs_received'),
  };
}
