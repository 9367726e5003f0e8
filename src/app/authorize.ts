import { AppError } from './errors.js';

/** Turns a policy's no into a 403 (or, when the thing must stay hidden, a 404). */
export function authorize(allowed: boolean, message?: string, hide = false): asserts allowed {
  if (!allowed) throw hide ? new AppError('not_found') : new AppError('forbidden', message);
}
