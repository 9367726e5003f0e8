import type { Context } from '../app/context.js';
import { transaction } from '../app/transaction.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { getReblogTarget } from '../statuses/get-status.js';
import { type StatusRow, findStatus } from '../statuses/statuses.repository.js';
import { deleteBookmark, hasBookmark } from './bookmarks.repository.js';

/**
 * POST /api/v1/statuses/:id/unbookmark: idempotent. As in Mastodon, a
 * bookmark the reader holds can be removed even once its status has turned
 * out of their sight (the author made them stop following, say); without
 * one, the status must be one they may see, else 404.
 */
export async function unbookmarkStatus(ctx: Context, caller: ActingCaller, id: number): Promise<StatusRow> {
  const me = Number(caller.account.id);
  const held = await findStatus(ctx.db, id);
  const s = held && (await hasBookmark(ctx.db, me, Number(held.id))) ? held : await getReblogTarget(ctx, caller.account, id);
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    await deleteBookmark(trx, me, Number(s.id));
    await recordOperatorAct(trx, caller, { action: 'status.unbookmark', subjectType: 'status', subjectId: Number(s.id) }, now);
  });
  return s;
}
