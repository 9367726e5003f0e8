import type { Executor } from '../db/database.js';
import { type StatusRow, setStatusPoll } from '../statuses/statuses.repository.js';
import type { CheckedPoll } from './check-poll.js';
import { queuePollExpiry } from './poll-expiry.js';
import { insertPoll } from './polls.repository.js';

/** Inside the transaction that posts a status: its poll, counted from now, and the job that tells everyone when it ends. */
export async function createPoll(trx: Executor, status: StatusRow, poll: CheckedPoll, now: Date): Promise<StatusRow> {
  const at = now.toISOString();
  const row = await insertPoll(trx, {
    status_id: Number(status.id),
    account_id: Number(status.account_id),
    options: JSON.stringify(poll.options),
    tallies: JSON.stringify(poll.options.map(() => 0)),
    multiple: poll.multiple ? 1 : 0,
    hide_totals: poll.hideTotals ? 1 : 0,
    expires_at: new Date(now.getTime() + poll.expiresIn * 1000).toISOString(),
    created_at: at,
    updated_at: at,
  });
  await queuePollExpiry(trx, row, now);
  return setStatusPoll(trx, Number(status.id), Number(row.id));
}
