import type { Context } from '../app/context.js';
import type { Caller } from '../operators/operators.policy.js';
import type { RequestRow } from './requests.repository.js';
import { takeStep } from './take-step.js';

/** POST /api/v1/gov/requests/:id/respond: the organ answers (again, as a follow-up, while not resolved). The first answer starts the response clock's record. */
export async function respondToRequest(ctx: Context, caller: Caller, id: number, input: { text: string }): Promise<RequestRow> {
  return takeStep(ctx, caller, id, 'respond', (row, now) => ({
    patch: { response: input.text, first_response_at: row.first_response_at ?? now },
    text: input.text,
  }));
}
