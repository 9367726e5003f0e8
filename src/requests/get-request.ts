import type { Context } from '../app/context.js';
import { notFound } from '../app/errors.js';
import { type Caller, actsForOrgan } from '../operators/operators.policy.js';
import { callerIsLiveOperator } from '../operators/standing.js';
import { maySeeOperators, maySeeRequest } from './requests.policy.js';
import { type RequestRow, findRequest } from './requests.repository.js';

/** Whether the caller acts for the organ the request was sent to. */
export async function isOrganSide(ctx: Context, caller: Caller | null, r: RequestRow): Promise<boolean> {
  if (!caller) return false;
  const organId = Number(r.organ_account_id);
  return actsForOrgan(caller, organId, await callerIsLiveOperator(ctx.db, caller, organId));
}

/** GET /api/v1/gov/requests/:id: a request the caller may see, or 404 (a private one hides even its existence). */
export async function getRequest(ctx: Context, caller: Caller | null, id: number): Promise<{ row: RequestRow; organSide: boolean; showOperators: boolean }> {
  const row = await findRequest(ctx.db, id);
  if (!row) throw notFound('Request');
  const organSide = await isOrganSide(ctx, caller, row);
  if (!maySeeRequest(caller, row, organSide)) throw notFound('Request');
  return { row, organSide, showOperators: maySeeOperators(caller, organSide) };
}
