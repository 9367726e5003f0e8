import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { presentAccounts } from '../accounts/accounts.presenter.js';
import { findAccountsByIds } from '../accounts/accounts.repository.js';
import { type Caller, mayListOperators } from './operators.policy.js';
import { presentOperator } from './operators.presenter.js';
import { type OperatorRow, listLiveOperators } from './operators.repository.js';
import { callerIsLiveOperator, requireOrgan } from './standing.js';

/** GET /api/v1/gov/accounts/:id/operators: the organ's live operators, for its own side and reviewers. */
export async function listOperators(ctx: Context, caller: Caller, organId: number): Promise<OperatorRow[]> {
  await requireOrgan(ctx.db, organId);
  authorize(mayListOperators(caller, organId, await callerIsLiveOperator(ctx.db, caller, organId)), 'Only the organ, its operators and reviewers see its operators');
  return listLiveOperators(ctx.db, organId);
}

/** Operators with their accounts, loaded in one query. */
export async function presentOperators(ctx: Context, rows: readonly OperatorRow[]) {
  const accounts = await presentAccounts(ctx.db, ctx.config, await findAccountsByIds(ctx.db, [...new Set(rows.map((r) => Number(r.operator_account_id)))]));
  const byId = new Map(accounts.map((a) => [a.id, a]));
  return rows.map((r) => presentOperator(r, byId.get(String(r.operator_account_id)) ?? null));
}
