import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { Executor } from '../db/database.js';
import { loadStatuses } from '../statuses/status-cache.js';
import type { IdWindow, StatusRow } from '../statuses/statuses.repository.js';
import { visibleToSql } from '../statuses/visibility.js';
import { blockFactsFor } from '../social/exclusions.js';
import { maySeeAuthorsStatuses } from '../moderation/blocks.policy.js';

/**
 * The account's pinned statuses' ids, latest pin first (Mastodon's order),
 * those deleted and those the viewer may not see left out where the page is
 * cut; the window bounds status ids, as Mastodon pages this list.
 */
async function pinnedIds(db: Executor, accountId: number, viewer: AccountRow | null, owner: boolean, w: IdWindow): Promise<number[]> {
  let q = db
    .selectFrom('status_pins')
    .innerJoin('statuses', 'statuses.id', 'status_pins.status_id')
    .select('statuses.id as id')
    .where('status_pins.account_id', '=', accountId)
    .where('statuses.account_id', '=', accountId)
    .where('statuses.deleted_at', 'is', null);
  if (!owner) q = q.where(visibleToSql(viewer, 'statuses'));
  if (w.maxId !== undefined) q = q.where('statuses.id', '<', w.maxId);
  if (w.sinceId !== undefined) q = q.where('statuses.id', '>', w.sinceId);
  if (w.minId !== undefined) q = q.where('statuses.id', '>', w.minId);
  const rows = await q.orderBy('status_pins.id', 'desc').limit(w.limit).execute();
  return rows.map((r) => Number(r.id));
}

/** GET /api/v1/accounts/:id/statuses?pinned=true: what the profile shows first. */
export async function listPinned(ctx: Context, viewer: AccountRow | null, account: AccountRow, w: IdWindow): Promise<StatusRow[]> {
  const owner = viewer !== null && Number(viewer.id) === Number(account.id);
  if (viewer && !owner && !maySeeAuthorsStatuses(await blockFactsFor(ctx, Number(viewer.id), Number(account.id)))) return [];
  const ids = await pinnedIds(ctx.db, Number(account.id), viewer, owner, w);
  const byId = new Map((await loadStatuses(ctx, ids)).map((s) => [Number(s.id), s]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
