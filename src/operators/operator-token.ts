import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { recordAudit } from '../audit/audit.repository.js';
import { type TokenJson, mintToken } from '../oauth/tokens.js';
import { type Caller, mayTakeOperatorToken } from './operators.policy.js';
import { callerIsLiveOperator, requireOrgan } from './standing.js';
import { transaction } from '../app/transaction.js';

/** What an operator's token may do: posting, reading and following for the organ, never administration. */
const OPERATOR_SCOPES = ['read', 'write', 'follow'] as const;

/**
 * POST /api/v1/gov/accounts/:id/operator_token: a live operator, signed in as
 * themself, takes a token that acts as the organ, so that any Mastodon app can
 * post for it. The token never carries more than the operator's own token
 * does, and it dies when the organ removes the operator, when the organ
 * loses its standing, and when the operator's own token is revoked.
 */
export async function takeOperatorToken(ctx: Context, caller: Caller & { scopes: readonly string[]; appId: number | null; tokenId: number }, organId: number): Promise<TokenJson> {
  await requireOrgan(ctx.db, organId);
  authorize(mayTakeOperatorToken(caller, await callerIsLiveOperator(ctx.db, caller, organId)), 'Only a live operator of the organ, signed in as themself, takes its token');
  const operatorId = Number(caller.account.id);
  const scopes = caller.scopes.filter((s) => OPERATOR_SCOPES.some((top) => s === top || s.startsWith(`${top}:`)));
  const now = ctx.clock.now().toISOString();
  return transaction(ctx, async (trx) => {
    const token = await mintToken(ctx, trx, { appId: caller.appId, accountId: organId, scopes, operatorId, parentTokenId: caller.tokenId });
    await recordAudit(trx, { actorId: organId, operatorId, action: 'operator.token', subjectType: 'account', subjectId: operatorId, data: { scope: token.scope }, at: now });
    return token;
  });
}
