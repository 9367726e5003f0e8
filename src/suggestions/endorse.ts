import type { Context } from '../app/context.js';
import { AppError, notFound } from '../app/errors.js';
import { transaction } from '../app/transaction.js';
import { findAccountById } from '../accounts/accounts.repository.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { isFollowing } from '../social/follows.repository.js';
import { endorsedAmong, insertPin } from './discovery.repository.js';
import { ENDORSEMENT_LIMIT, mayEndorse } from './endorsements.policy.js';

/** POST /api/v1/accounts/:id/endorse (and 4.3's …/pin): features a followed account on the caller's profile; idempotent. */
export async function endorse(ctx: Context, caller: ActingCaller, targetId: number): Promise<void> {
  const me = Number(caller.account.id);
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    const target = await findAccountById(trx, targetId);
    if (!target || target.closed_at) throw notFound('Account');
    if (!mayEndorse(me, targetId, await isFollowing(trx, me, targetId))) {
      throw new AppError('validation_failed', me === targetId ? 'An account cannot endorse itself' : 'You must be following the account you want to endorse');
    }
    if ((await endorsedAmong(trx, me, [targetId])).size > 0) return;
    const count = await trx.selectFrom('account_pins').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', me).executeTakeFirstOrThrow();
    if (Number(count.n) >= ENDORSEMENT_LIMIT) throw new AppError('validation_failed', `An account endorses at most ${ENDORSEMENT_LIMIT} accounts`);
    await insertPin(trx, me, targetId, now);
    await recordOperatorAct(trx, caller, { action: 'account.endorse', subjectType: 'account', subjectId: targetId }, now);
  });
}
