import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { notFound } from '../app/errors.js';
import { transaction } from '../app/transaction.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { getStatus } from '../statuses/get-status.js';
import { type StatusRow, bumpStatusCounter, findStatus } from '../statuses/statuses.repository.js';
import { findQuoteOf, quotesChanged, setQuoteState } from './quotes.repository.js';
import { mayRevokeQuote } from './quotes.policy.js';

/**
 * POST /api/v1/statuses/:id/quotes/:quoting_status_id/revoke: the quoted
 * status's author withdraws their approval (state `revoked`; it no longer
 * counts). Anyone else: 403; a quote that does not exist: 404. Returns the quoting status.
 */
export async function revokeQuote(ctx: Context, caller: ActingCaller, quotedId: number, quotingId: number): Promise<StatusRow> {
  const actor = caller.account;
  const quoted = await getStatus(ctx, actor, quotedId);
  const quote = await findQuoteOf(ctx.db, Number(quoted.id), quotingId);
  const quoting = quote ? await findStatus(ctx.db, Number(quote.status_id)) : undefined;
  if (!quote || !quoting) throw notFound('Quote');
  authorize(mayRevokeQuote(Number(actor.id), quote), 'Only the author of the quoted status may revoke a quote of it');
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    if (quote.state === 'accepted') await bumpStatusCounter(trx, Number(quoted.id), 'quotes_count', -1);
    if (quote.state === 'accepted' || quote.state === 'pending') await setQuoteState(trx, Number(quote.id), quote.state === 'accepted' ? 'revoked' : 'rejected', now);
    quotesChanged(trx, [Number(quoting.id)]);
    await recordOperatorAct(trx, caller, { action: 'status.quote_revoke', subjectType: 'status', subjectId: Number(quoting.id) }, now);
  });
  return quoting;
}
