import type { Context } from '../app/context.js';
import { type AccountRow, findAccountById } from '../accounts/accounts.repository.js';
import { transaction } from '../app/transaction.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { deleteConversationMute, insertConversationMute, threadOf } from './conversation-mutes.repository.js';
import { getReblogTarget } from './get-status.js';
import type { StatusRow } from './statuses.repository.js';

/**
 * POST /api/v1/statuses/:id/mute and …/unmute: the caller stops (or starts
 * again) hearing about the thread — replies, favourites, reblogs of its
 * statuses no longer notify them. Anyone who may see the status may mute its
 * thread, as in Mastodon; idempotent. A reblog's id names the original's thread.
 * Returns the status and the caller as they now are (their count of muted threads changed).
 */
export async function setConversationMuted(ctx: Context, caller: ActingCaller, id: number, muted: boolean): Promise<{ status: StatusRow; viewer: AccountRow }> {
  const s = await getReblogTarget(ctx, caller.account, id);
  const now = ctx.clock.now().toISOString();
  const thread = threadOf(s);
  await transaction(ctx, async (trx) => {
    await recordOperatorAct(trx, caller, { action: muted ? 'status.mute' : 'status.unmute', subjectType: 'status', subjectId: Number(s.id), data: { conversation_id: String(thread) } }, now);
    if (muted) await insertConversationMute(trx, Number(caller.account.id), thread, now);
    else await deleteConversationMute(trx, Number(caller.account.id), thread);
  });
  return { status: s, viewer: (await findAccountById(ctx.db, Number(caller.account.id))) ?? caller.account };
}
