import type { ScheduledStatus } from '../../http/schemas/statuses.js';
import type { CheckedStatus } from '../create-status.js';
import type { ScheduledRow } from './scheduled.repository.js';

/** What a scheduled row keeps: the checked status and the app it came from. */
export type ScheduledParams = CheckedStatus & { appName: string | null };

export function scheduledParams(r: ScheduledRow): ScheduledParams {
  return JSON.parse(r.params) as ScheduledParams;
}

/** Mastodon's ScheduledStatus entity. */
export function presentScheduled(r: ScheduledRow): ScheduledStatus {
  const p = scheduledParams(r);
  return {
    id: String(r.id),
    scheduled_at: r.scheduled_at,
    params: {
      text: p.text,
      poll: p.poll ? { options: [...p.poll.options], expires_in: String(p.poll.expiresIn), multiple: p.poll.multiple, hide_totals: p.poll.hideTotals } : null,
      media_ids: null,
      sensitive: p.spoiler !== '',
      spoiler_text: p.spoiler || null,
      visibility: p.visibility,
      idempotency: null,
      scheduled_at: null,
      in_reply_to_id: p.inReplyTo === null ? null : String(p.inReplyTo),
      language: p.language,
      application_id: null,
      with_rate_limit: false,
    },
    media_attachments: [],
  };
}
