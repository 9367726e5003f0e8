import type { Context } from '../app/context.js';
import { bumpDaily } from '../analytics/daily-stats.repository.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { transaction } from '../app/transaction.js';
import { isUniqueViolation } from '../db/errors.js';
import { type StatusRow, bumpStatusCounter, findStatus } from '../statuses/statuses.repository.js';
import { getPostedStatus } from '../statuses/get-status.js';
import { insertFavourite } from './favourites.repository.js';
import { notify } from './notify.js';
import { authorize } from '../app/authorize.js';
import { mayInteractWith } from '../moderation/blocks.policy.js';
import { blockFactsFor } from './exclusions.js';
import { queueDistribution } from '../jobs/distribute.js';

/** POST /api/v1/statuses/:id/favourite: favourites a status the caller may see; idempotent. Returns the status as it now is. */
export async function favouriteStatus(ctx: Context, caller: ActingCaller, id: number): Promise<StatusRow> {
  const actor = caller.account;
  const s = await getPostedStatus(ctx, actor, id);
  // Mastodon's StatusPolicy#favourite?: not a status of an account one blocks.
  authorize(mayInteractWith(await blockFactsFor(ctx, Number(actor.id), Number(s.account_id))));
  const now = ctx.clock.now().toISOString();
  try {
    await transaction(ctx, async (trx) => {
      await recordOperatorAct(trx, caller, { action: 'status.favourite', subjectType: 'status', subjectId: Number(s.id) }, now);
      if (!(await insertFavourite(trx, Number(actor.id), Number(s.id), now))) return;
      await bumpStatusCounter(trx, Number(s.id), 'favourites_count', 1);
      await queueDistribution(trx, { type: 'favourited', account: Number(actor.id), status: Number(s.id) });
      if (Number(s.account_id) !== Number(actor.id)) await bumpDaily(trx, Number(s.account_id), now, 'favourites_received');
      await notify(trx, [{ accountId: Number(s.account_id), fromAccountId: Number(actor.id), type: 'favourite', statusId: Number(s.id), at: now }]);
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  return (await findStatus(ctx.db, Number(s.id))) ?? s;
}
