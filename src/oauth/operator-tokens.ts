import type { Executor } from '../db/database.js';
import { forgetSubscriptionsOfTokens } from '../push/unsubscribe.js';
import { revokeOperatorTokensFor } from './oauth.repository.js';

/**
 * Ends the tokens through which staff act for an organ: every operator's when
 * the organ loses its standing (revoked, or verified afresh as something
 * else), one operator's when the organ takes them off. Called inside the
 * caller's transaction, so the tokens die with the change that ends them.
 */
export async function endOperatorTokens(trx: Executor, input: { organId: number; operatorId?: number; at: string }): Promise<void> {
  const ended = await revokeOperatorTokensFor(trx, input.organId, input.at, input.operatorId);
  await forgetSubscriptionsOfTokens(trx, ended);
}
