import type { Context } from '../app/context.js';
import { historyDays } from '../search/search.presenter.js';
import { tagUsesSince } from '../search/search.repository.js';
import { loadStatuses } from '../statuses/status-cache.js';
import type { StatusRow } from '../statuses/statuses.repository.js';
import { tagsByIds } from './trends.repository.js';
import { type Ranking, trendingStatusIds, trendingTagIds } from './trends.js';

type DayUses = Map<string, { uses: number; accounts: number }>;

// The week of history of a ranking's tags, read once per ranking (every five minutes), not on every request.
const histories = new WeakMap<Ranking, { days: string[]; uses: Map<number, DayUses> }>();

/** GET /api/v1/trends/tags: the page of trending hashtags, with each one's last week of use (Mastodon's Tag history, as of the ranking). */
export async function listTrendingTags(ctx: Context, page: { limit: number; offset: number }) {
  const ranking = await trendingTagIds(ctx);
  const wanted = ranking.ids.slice(page.offset, page.offset + page.limit);
  let held = histories.get(ranking);
  if (!held) histories.set(ranking, (held = { days: historyDays(new Date(ranking.computedAt)), uses: new Map() }));
  const { days } = held;
  const missing = wanted.filter((id) => !held.uses.has(id));
  const [rows, uses] = await Promise.all([tagsByIds(ctx.db, wanted), tagUsesSince(ctx.db, missing, `${days[days.length - 1]}T00:00:00.000Z`)]);
  for (const id of missing) held.uses.set(id, new Map());
  for (const u of uses) held.uses.get(u.tag_id)?.set(u.day, { uses: u.uses, accounts: u.accounts });
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return {
    days,
    tags: wanted.flatMap((id) => {
      const t = byId.get(id);
      return t ? [{ tag: { id: Number(t.id), name: t.name, display: t.display }, uses: held.uses.get(id) ?? new Map() }] : [];
    }),
  };
}

/** GET /api/v1/trends/statuses: the page of trending statuses still shown (deleted ones drop out). */
export async function listTrendingStatuses(ctx: Context, page: { limit: number; offset: number }): Promise<StatusRow[]> {
  const { ids } = await trendingStatusIds(ctx);
  const wanted = ids.slice(page.offset, page.offset + page.limit);
  const rows = new Map((await loadStatuses(ctx, wanted)).map((r) => [Number(r.id), r]));
  return wanted.flatMap((id) => {
    const r = rows.get(id);
    return r && !r.deleted_at ? [r] : [];
  });
}
