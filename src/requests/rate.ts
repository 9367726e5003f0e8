import type { Context } from '../app/context.js';
import { fieldError } from '../app/errors.js';
import type { Caller } from '../operators/operators.policy.js';
import type { RequestRow } from './requests.repository.js';
import { takeStep } from './take-step.js';

/** POST /api/v1/gov/requests/:id/rate: the citizen scores a resolved request, once, 1 to 5. */
export async function rateRequest(ctx: Context, caller: Caller, id: number, input: { score: number }): Promise<RequestRow> {
  if (!Number.isInteger(input.score) || input.score < 1 || input.score > 5) throw fieldError('score', 'ERR_INVALID', 'must be an integer from 1 to 5', 'score_range');
  return takeStep(ctx, caller, id, 'rate', (_row, now) => ({ patch: { rating: input.score, rated_at: now }, text: null }));
}
