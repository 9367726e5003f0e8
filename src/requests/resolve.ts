import type { Context } from '../app/context.js';
import type { Caller } from '../operators/operators.policy.js';
import type { RequestRow } from './requests.repository.js';
import { takeStep } from './take-step.js';

/** POST /api/v1/gov/requests/:id/resolve: the organ closes a request it has responded to. */
export async function resolveRequest(ctx: Context, caller: Caller, id: number): Promise<RequestRow> {
  return takeStep(ctx, caller, id, 'resolve', (_row, now) => ({ patch: { resolved_at: now }, text: null }));
}
