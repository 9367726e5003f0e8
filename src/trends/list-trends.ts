import type { Context } from '../app/context.js';
import { historyDays } from '../search/search.presenter.js';
import { tagUsesSince } from '../search/search.repository.js';
import { loadStatuses } from '../statuses/status-cache.js';
import type { StatusRow } from '../statuses/statuses.repository.js';
import { tagsByIds } from './trends.repository.js';
import { trendingStatusIds, trendingTagIds } from './trends.js';

/** GET /api/v1/trends/tags: the page of trending hashtags, with each one's last week of use (Mastodon's Tag history). */
export async function listTrendingTags(ctx: Context, page: { limit: number; offset: number }) {
  const { ids } = await trendingTagIds(ctx);
  const wanted = ids.slice(page.offset, page.offset + page.limit);
  const days = historyDays(ctx.clock.now());
  const [rows, uses] = await Promise.all([tagsByIds(ctx.db, wanted), tagUsesSince(ctx.db, wanted, `${days[days.length - 1]}T00:00:00.000Z`)]);
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  const history = new Map<number, Map<string, { uses: number; accounts: number }>>();
  for (const u of uses) {
    const m = history.get(u.tag_id) ?? new Map<string, { uses: number; accounts: number }>();
    m.set(u.day, { uses: u.uses, accounts: u.accounts });
    history.set(u.tag_id, m);
  }
  return { days, tags: wanted.flatMap((id) => { const t = byId.get(id); return t ? [{ tag: { id: Number(t.id), name: t.name, display: t.display }, uses: history.get(id) ?? new Map() }] : []; }) };
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
