import type { Context } from '../app/context.js';
import { transaction } from '../app/transaction.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { getReblogTarget } from '../statuses/get-status.js';
import type { StatusRow } from '../statuses/statuses.repository.js';
import { insertBookmark } from './bookmarks.repository.js';

/**
 * POST /api/v1/statuses/:id/bookmark: keeps a status the caller may see (a
 * reblog's id keeps the original); idempotent. A bookmark is the reader's
 * alone: nobody is told, no counter moves. An operator's bookmark for an
 * organ is the organ's, in its audit log like every act done for it.
 */
export async function bookmarkStatus(ctx: Context, caller: ActingCaller, id: number): Promise<StatusRow> {
  const s = await getReblogTarget(ctx, caller.account, id);
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    await insertBookmark(trx, Number(caller.account.id), Number(s.id), now);
    await recordOperatorAct(trx, caller, { action: 'status.bookmark', subjectType: 'status', subjectId: Number(s.id) }, now);
  });
  return s;
}
