import type { Clock } from '../../app/clock.js';
import { fieldError } from '../../app/errors.js';

/** Mastodon will not schedule closer than five minutes ahead. */
const MIN_LEAD_MS = 5 * 60 * 1000;

/** A `scheduled_at` as given, checked and normalized to ISO 8601 UTC. */
export function checkScheduledAt(clock: Clock, scheduledAt: string): string {
  const t = Date.parse(scheduledAt);
  if (Number.isNaN(t)) throw fieldError('scheduled_at', 'ERR_INVALID', 'must be an ISO 8601 timestamp', 'timestamp');
  if (t < clock.now().getTime() + MIN_LEAD_MS) throw fieldError('scheduled_at', 'ERR_INVALID', 'must be at least 5 minutes in the future', { reason: 'scheduled_too_soon', params: { count: 5 } });
  return new Date(t).toISOString();
}
