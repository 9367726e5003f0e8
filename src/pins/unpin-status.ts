import type { Context } from '../app/context.js';
import { transaction } from '../app/transaction.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { getStatus } from '../statuses/get-status.js';
import type { StatusRow } from '../statuses/statuses.repository.js';
import { deletePin } from './pins.repository.js';

/** POST /api/v1/statuses/:id/unpin: idempotent; 404 for a status the caller may not see. Audited for an organ like the pin. */
export async function unpinStatus(ctx: Context, caller: ActingCaller, id: number): Promise<StatusRow> {
  const s = await getStatus(ctx, caller.account, id);
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    await deletePin(trx, Number(caller.account.id), Number(s.id));
    await recordOperatorAct(trx, caller, { action: 'status.unpin', subjectType: 'status', subjectId: Number(s.id) }, now);
  });
  return s;
}
