import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { Executor } from '../db/database.js';
import { filteredStatusPage } from '../filters/filtered-page.js';
import { exclusionsFor } from '../social/exclusions.js';
import type { IdWindow, StatusRow } from '../statuses/statuses.repository.js';
import type { ListRow } from './lists.repository.js';
import { ownedList } from './owned-list.js';

/**
 * The one read of a list's timeline: the ids, in one window, of what its
 * members posted (no direct messages), newest first, read on demand from
 * statuses (no list feed is written). Replies follow the list's policy, as
 * Mastodon's FeedManager#filter_from_list?: a member's reply to themself or
 * to the list's owner always shows; to others, `followed` shows it when the
 * owner follows the one replied to, `list` when that one is a member, `none`
 * never. Reblogs show unless the owner follows the member with
 * `reblogs: false`. Further exclusions (blocks, mutes) belong in this query.
 */
export async function listTimelineIds(db: Executor, list: ListRow, w: IdWindow): Promise<number[]> {
  const owner = Number(list.account_id);
  const listId = Number(list.id);
  let q = db
    .selectFrom('statuses as s')
    .select('s.id as id')
    .where('s.account_id', 'in', (eb) => eb.selectFrom('list_accounts').select('list_accounts.account_id').where('list_accounts.list_id', '=', listId))
    .where('s.deleted_at', 'is', null)
    .where('s.visibility', '<>', 'direct')
    .where((eb) =>
      eb.or([
        eb('s.in_reply_to_account_id', 'is', null),
        eb('s.in_reply_to_account_id', '=', eb.ref('s.account_id')),
        eb('s.in_reply_to_account_id', '=', owner),
        ...(list.replies_policy === 'followed'
          ? [eb('s.in_reply_to_account_id', 'in', eb.selectFrom('follows').select('follows.target_account_id').where('follows.account_id', '=', owner))]
          : list.replies_policy === 'list'
            ? [eb('s.in_reply_to_account_id', 'in', eb.selectFrom('list_accounts').select('list_accounts.account_id').where('list_accounts.list_id', '=', listId))]
            : []),
      ]),
    )
    .where((eb) =>
      eb.or([
        eb('s.reblog_of_id', 'is', null),
        eb.not(eb.exists(eb.selectFrom('follows').select('follows.id').where('follows.account_id', '=', owner).whereRef('follows.target_account_id', '=', 's.account_id').where('follows.show_reblogs', '=', 0))),
      ]),
    );
  if (w.maxId !== undefined) q = q.where('s.id', '<', w.maxId);
  if (w.sinceId !== undefined) q = q.where('s.id', '>', w.sinceId);
  if (w.minId !== undefined) q = q.where('s.id', '>', w.minId);
  const rows = await q.orderBy('s.id', w.minId !== undefined ? 'asc' : 'desc').limit(w.limit).execute();
  return rows.map((r) => Number(r.id));
}

/** GET /api/v1/timelines/list/:list_id: the owner's list read as a timeline (404 for anyone else), their `home` filters applied as Mastodon applies them to lists. */
export async function listTimeline(ctx: Context, viewer: AccountRow, listId: number | null, w: IdWindow): Promise<StatusRow[]> {
  const list = await ownedList(ctx.db, viewer, listId);
  // The members' statuses are read, not written: the viewer's blocks and mutes apply here, in memory (src/social/exclusions.ts).
  return filteredStatusPage(ctx, viewer, 'home', (window) => listTimelineIds(ctx.db, list, window), w, await exclusionsFor(ctx, Number(viewer.id)));
}
