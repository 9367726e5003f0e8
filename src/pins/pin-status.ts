import type { Context } from '../app/context.js';
import { fieldError } from '../app/errors.js';
import { transaction } from '../app/transaction.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { COLLECTION_LIMITS } from '../domain/limits.js';
import { getStatus } from '../statuses/get-status.js';
import type { StatusRow } from '../statuses/statuses.repository.js';
import { type PinRefusal, pinRefusal } from './pins.policy.js';
import { countPins, insertPin, isPinned, lockPinsOf } from './pins.repository.js';

const REFUSED: Record<PinRefusal, string> = {
  reblog: 'cannot be pinned: it is a boost',
  ownership: "cannot be pinned: it is someone else's",
  direct: 'cannot be pinned: it is a direct message',
  limit: `cannot be pinned: at most ${COLLECTION_LIMITS.pinsMax} statuses may be pinned`,
};

/**
 * POST /api/v1/statuses/:id/pin: shows one of the caller's own statuses first
 * on their profile. 404 for a status they may not see; 422 naming `status`
 * for another's, a boost, a direct message, or one past the limit (Mastodon's
 * StatusPinValidator). Pinning what is pinned already changes nothing. An
 * operator pins for the organ (an organ pins its standing notice), recorded
 * in the organ's audit log with the operator's name on the pin.
 */
export async function pinStatus(ctx: Context, caller: ActingCaller, id: number): Promise<StatusRow> {
  const s = await getStatus(ctx, caller.account, id);
  const me = Number(caller.account.id);
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    await lockPinsOf(trx, me);
    if (await isPinned(trx, me, Number(s.id))) return;
    const refusal = pinRefusal(caller.account, s, await countPins(trx, me));
    if (refusal) throw fieldError('status', refusal === 'limit' ? 'ERR_TOO_MANY' : 'ERR_INVALID', REFUSED[refusal]);
    await insertPin(trx, me, Number(s.id), caller.operator ? Number(caller.operator.id) : null, now);
    await recordOperatorAct(trx, caller, { action: 'status.pin', subjectType: 'status', subjectId: Number(s.id) }, now);
  });
  return s;
}
