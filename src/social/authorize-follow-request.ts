import type { Context } from '../app/context.js';
import { notFound } from '../app/errors.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { transaction } from '../app/transaction.js';
import { deleteFollowRequest, setFollowUri } from './follows.repository.js';
import { recordFollow } from './record-follow.js';
import { requestOptions, setFollowOptions } from './follow-options.js';
import { queueDistribution } from '../jobs/distribute.js';

/**
 * POST /api/v1/follow_requests/:id/authorize: the locked account lets one who
 * asked follow it. The follow is then made as an open follow is (counters,
 * `follow` notification, feed backfill); the follow limit was checked when it
 * was asked, as Mastodon does, and is not checked again.
 */
export async function authorizeFollowRequest(ctx: Context, caller: ActingCaller, requesterId: number): Promise<void> {
  const me = Number(caller.account.id);
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    // The options asked for (notify, reblogs, languages) go with the follow.
    const options = await requestOptions(trx, requesterId, me);
    // The Follow activity's id, when it came from (or went to) another server: the follow keeps it, for an Undo.
    const asked = await trx.selectFrom('follow_requests').select('uri').where('account_id', '=', requesterId).where('target_account_id', '=', me).executeTakeFirst();
    if (!(await deleteFollowRequest(trx, requesterId, me))) throw notFound('Follow request');
    await recordFollow(trx, requesterId, me, now);
    await queueDistribution(trx, { type: 'follow.accepted', follower: requesterId, followee: me });
    await setFollowOptions(trx, requesterId, me, options);
    if (asked?.uri) await setFollowUri(trx, 'follows', requesterId, me, asked.uri);
    await recordOperatorAct(trx, caller, { action: 'follow_request.authorize', subjectType: 'account', subjectId: requesterId }, now);
  });
}
