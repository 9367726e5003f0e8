import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { notFound } from '../app/errors.js';
import { bumpAccountCounter } from '../accounts/accounts.repository.js';
import { recordAudit } from '../audit/audit.repository.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { mayDelete } from './status.policy.js';
import { withdrawStatusNotifications } from '../social/notify.js';
import { removeFromFeeds } from '../timelines/fan-out.js';
import { type StatusRow, bumpStatusCounter, findStatus, liveReblogsOf, markStatusesDeleted } from './statuses.repository.js';
import { visibleOne } from './visibility.js';
import { transaction } from '../app/transaction.js';
import { releaseStatusMedia } from '../media/status-media.js';
import type { MediaRow } from '../media/media.repository.js';
import { withdrawQuotes } from '../quotes/withdraw-quotes.js';
import { queueDistribution } from '../jobs/distribute.js';

/** A deleted status, and the media it had (for the answer a client redrafts from). */
export interface DeletedStatus {
  status: StatusRow;
  media: MediaRow[];
}

/**
 * Deletes a status (soft: the row stays for the audit trail, hidden from
 * everything): its reblogs go with it, it leaves every feed, counters drop;
 * its media are freed for a redraft, or deleted with `deleteMedia`.
 * A stranger gets 404, a viewer who may see but not delete it 403.
 */
export async function deleteStatus(ctx: Context, caller: ActingCaller, id: number, options: { deleteMedia?: boolean } = {}): Promise<DeletedStatus> {
  const actor = caller.account;
  const status = await visibleOne(ctx.db, actor, await findStatus(ctx.db, id));
  if (!status) throw notFound('Status');
  authorize(mayDelete(actor, status), 'Only the author may delete this status');
  const now = ctx.clock.now().toISOString();
  const media = await transaction(ctx, async (trx) => {
    const reblogs = await liveReblogsOf(trx, Number(status.id));
    const gone = [Number(status.id), ...reblogs.map((r) => Number(r.id))];
    await markStatusesDeleted(trx, gone, now);
    // Its reblogs go with it here; other servers drop them with the status itself, as Mastodon's Delete does.
    await queueDistribution(trx, { type: 'status.deleted', status: Number(status.id) });
    // A status removed by someone other than its author (a reviewer) takes its media with it: nothing of it is kept for a redraft.
    const removed = Number(actor.id) !== Number(status.account_id);
    const freed = await releaseStatusMedia(ctx, trx, gone, now, options.deleteMedia === true || removed);
    await removeFromFeeds(trx, gone);
    await withdrawStatusNotifications(trx, gone);
    await bumpAccountCounter(trx, Number(status.account_id), 'statuses_count', -1);
    for (const r of reblogs) await bumpAccountCounter(trx, Number(r.account_id), 'statuses_count', -1);
    if (status.in_reply_to_id !== null) {
      await bumpStatusCounter(trx, Number(status.in_reply_to_id), 'replies_count', -1);
    }
    if (status.reblog_of_id !== null) {
      await bumpStatusCounter(trx, Number(status.reblog_of_id), 'reblogs_count', -1);
    }
    await withdrawQuotes(trx, [Number(status.id)], now);
    if (Number(actor.id) !== Number(status.account_id)) {
      await recordAudit(trx, { actorId: actor.id, action: 'status.remove', subjectType: 'status', subjectId: status.id, data: { account_id: String(status.account_id) }, at: now });
    }
    await recordOperatorAct(trx, caller, { action: 'status.delete', subjectType: 'status', subjectId: Number(status.id) }, now);
    return freed.get(Number(status.id)) ?? [];
  });
  return { status, media };
}
