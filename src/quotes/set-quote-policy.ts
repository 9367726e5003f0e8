import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { changed, transaction } from '../app/transaction.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { getStatus } from '../statuses/get-status.js';
import { type StatusRow, findStatus } from '../statuses/statuses.repository.js';
import type { QuoteApprovalPolicy } from '../statuses/statuses.table.js';
import { storedQuotePolicy } from './quotes.policy.js';

/**
 * PUT /api/v1/statuses/:id/interaction_policy: the author changes who may quote
 * their status (Mastodon's StatusPolicy#update?: others 403, unseen 404). Quotes
 * already accepted stay. A status that is not public or unlisted keeps `nobody`.
 */
export async function setQuotePolicy(ctx: Context, caller: ActingCaller, id: number, policy: QuoteApprovalPolicy): Promise<StatusRow> {
  const status = await getStatus(ctx, caller.account, id);
  authorize(Number(status.account_id) === Number(caller.account.id) && status.reblog_of_id === null, 'Only the author may change who can quote this status');
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    await trx.updateTable('statuses').set({ quote_approval_policy: storedQuotePolicy(status.visibility, policy) }).where('id', '=', Number(status.id)).execute();
    changed(trx, 'statuses', [Number(status.id)]);
    await recordOperatorAct(trx, caller, { action: 'status.quote_policy', subjectType: 'status', subjectId: Number(status.id) }, now);
  });
  return (await findStatus(ctx.db, Number(status.id))) as StatusRow;
}
