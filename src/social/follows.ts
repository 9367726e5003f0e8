import type { Context } from '../app/context.js';
import { AppError, notFound } from '../app/errors.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { bumpAccountCounter, findAccountById } from '../accounts/accounts.repository.js';
import { bumpDaily } from '../analytics/daily-stats.repository.js';
import type { Executor } from '../db/database.js';
import { backfillFeed, purgeFeed } from '../timelines/fan-out.js';
import { notify } from './notify.js';

async function openAccount(ctx: Context, id: number): Promise<AccountRow> {
  const target = await findAccountById(ctx.db, id);
  if (!target || target.closed_at) throw notFound('Account');
  return target;
}

/** Follows an account (idempotent): counters, the target's daily statistics, a notification, and its recent statuses in the follower's feed. */
export async function follow(ctx: Context, actor: AccountRow, targetId: number): Promise<void> {
  const target = await openAccount(ctx, targetId);
  if (Number(target.id) === Number(actor.id)) throw new AppError('forbidden', 'An account cannot follow itself');
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('follows')
      .values({ account_id: actor.id, target_account_id: target.id, created_at: now })
      .onConflict((oc) => oc.columns(['account_id', 'target_account_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return;
    await bumpAccountCounter(trx, Number(actor.id), 'following_count', 1);
    await bumpAccountCounter(trx, Number(target.id), 'followers_count', 1);
    await bumpDaily(trx, Number(target.id), now, 'followers_gained');
    await notify(trx, [{ accountId: Number(target.id), fromAccountId: Number(actor.id), type: 'follow', at: now }]);
    await backfillFeed(trx, Number(actor.id), Number(target.id));
  });
  ctx.cache.accounts.forget([Number(actor.id), Number(target.id)]);
}

/** Unfollows (idempotent); the target's statuses leave the former follower's feed. */
export async function unfollow(ctx: Context, actor: AccountRow, targetId: number): Promise<void> {
  const target = await openAccount(ctx, targetId);
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const gone = await trx.deleteFrom('follows').where('account_id', '=', actor.id).where('target_account_id', '=', target.id).executeTakeFirst();
    if (Number(gone.numDeletedRows) === 0) return;
    await bumpAccountCounter(trx, Number(actor.id), 'following_count', -1);
    await bumpAccountCounter(trx, Number(target.id), 'followers_count', -1);
    await bumpDaily(trx, Number(target.id), now, 'followers_lost');
    await purgeFeed(trx, Number(actor.id), Number(target.id));
  });
  ctx.cache.accounts.forget([Number(actor.id), Number(target.id)]);
}

/** Mastodon's Relationship entity for each id, in the order asked, with two queries in all. */
export async function relationships(db: Executor, actor: AccountRow, ids: readonly number[]) {
  const me = Number(actor.id);
  const list = [...new Set(ids)];
  const [out, inc] = list.length
    ? await Promise.all([
        db.selectFrom('follows').select(['target_account_id', 'created_at']).where('account_id', '=', me).where('target_account_id', 'in', list).execute(),
        db.selectFrom('follows').select('account_id').where('target_account_id', '=', me).where('account_id', 'in', list).execute(),
      ])
    : [[], []];
  const following = new Set(out.map((r) => Number(r.target_account_id)));
  const followedBy = new Set(inc.map((r) => Number(r.account_id)));
  return list.map((id) => ({
    id: String(id),
    following: following.has(id),
    showing_reblogs: following.has(id),
    notifying: false,
    languages: null,
    followed_by: followedBy.has(id),
    blocking: false,
    blocked_by: false,
    muting: false,
    muting_notifications: false,
    requested: false,
    requested_by: false,
    domain_blocking: false,
    endorsed: false,
    note: '',
  }));
}

/** Followers or following of an account, newest follow first, paged by the follow's id. */
export async function listFollows(
  db: Executor,
  accountId: number,
  direction: 'followers' | 'following',
  page: { maxId?: number | undefined; sinceId?: number | undefined; limit: number },
) {
  const [mine, other] = direction === 'followers' ? (['target_account_id', 'account_id'] as const) : (['account_id', 'target_account_id'] as const);
  let q = db
    .selectFrom('follows')
    .innerJoin('accounts', 'accounts.id', `follows.${other}`)
    .selectAll('accounts')
    .select('follows.id as follow_id')
    .where(`follows.${mine}`, '=', accountId)
    .where('accounts.closed_at', 'is', null);
  if (page.maxId !== undefined) q = q.where('follows.id', '<', page.maxId);
  if (page.sinceId !== undefined) q = q.where('follows.id', '>', page.sinceId);
  return q.orderBy('follows.id', 'desc').limit(page.limit).execute();
}
