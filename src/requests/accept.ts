import type { Context } from '../app/context.js';
import type { Caller } from '../operators/operators.policy.js';
import type { RequestRow } from './requests.repository.js';
import { takeStep } from './take-step.js';

/** POST /api/v1/gov/requests/:id/accept: the organ takes the request on. */
export async function acceptRequest(ctx: Context, caller: Caller, id: number): Promise<RequestRow> {
  return takeStep(ctx, caller, id, 'accept', (_row, now) => ({ patch: { accepted_at: now }, text: null }));
}
