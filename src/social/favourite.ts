import type { Context } from '../app/context.js';
import { notFound } from '../app/errors.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { bumpDaily } from '../analytics/daily-stats.repository.js';
import { isUniqueViolation } from '../db/errors.js';
import { type StatusRow, bumpStatusCounter, findStatus } from '../statuses/statuses.repository.js';
import { visibleOne } from '../statuses/visibility.js';
import { notify } from './notify.js';
import { transaction } from '../app/transaction.js';

async function target(ctx: Context, actor: AccountRow, id: number): Promise<StatusRow> {
  const s = await visibleOne(ctx.db, actor, await findStatus(ctx.db, id));
  if (!s || s.reblog_of_id !== null) throw notFound('Status');
  return s;
}

/** Favourites a status the actor may see; idempotent. Returns the status as it now is. */
export async function favouriteStatus(ctx: Context, actor: AccountRow, id: number): Promise<StatusRow> {
  const s = await target(ctx, actor, id);
  const now = ctx.clock.now().toISOString();
  try {
    await transaction(ctx, async (trx) => {
      const inserted = await trx
        .insertInto('favourites')
        .values({ account_id: actor.id, status_id: s.id, created_at: now })
        .onConflict((oc) => oc.columns(['account_id', 'status_id']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) return;
      await bumpStatusCounter(trx, Number(s.id), 'favourites_count', 1);
      if (Number(s.account_id) !== Number(actor.id)) await bumpDaily(trx, Number(s.account_id), now, 'favourites_received');
      await notify(trx, [{ accountId: Number(s.account_id), fromAccountId: Number(actor.id), type: 'favourite', statusId: Number(s.id), at: now }]);
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  return (await findStatus(ctx.db, Number(s.id))) ?? s;
}

export async function unfavouriteStatus(ctx: Context, actor: AccountRow, id: number): Promise<StatusRow> {
  const s = await target(ctx, actor, id);
  await transaction(ctx, async (trx) => {
    const gone = await trx.deleteFrom('favourites').where('account_id', '=', actor.id).where('status_id', '=', s.id).executeTakeFirst();
    if (Number(gone.numDeletedRows) === 0) return;
    await bumpStatusCounter(trx, Number(s.id), 'favourites_count', -1);
    await trx
      .deleteFrom('notifications')
      .where('type', '=', 'favourite')
      .where('from_account_id', '=', actor.id)
      .where('status_id', '=', s.id)
      .execute();
  });
  return (await findStatus(ctx.db, Number(s.id))) ?? s;
}
