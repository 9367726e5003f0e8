import type { Executor } from '../db/database.js';
import { queueDistributionOnce } from '../jobs/distribute.js';
import { enqueue } from '../jobs/enqueue.js';
import { type JobHandler, PermanentJobError, RetryJobError } from '../jobs/runner.js';
import { transaction } from '../app/transaction.js';
import { notify } from '../social/notify.js';
import { findStatus } from '../statuses/statuses.repository.js';
import { type PollRow, endAlreadyTold, findPoll, voterIds } from './polls.repository.js';

/** The job that tells a poll's author and voters it has ended (Mastodon's PollExpirationNotifyWorker). */
export const POLL_EXPIRY_JOB = 'poll.expire';

/** Ids and the expiry the job was queued for: an edit that moves the expiry queues another, and this one then does nothing. */
export interface PollExpiryPayload {
  poll: number;
  expires_at: string;
}

const VOTERS_PER_BATCH = 500;

/** Queues the end-of-poll notifications for when it ends, in the transaction that set its expiry. */
export async function queuePollExpiry(trx: Executor, poll: PollRow, now: Date): Promise<void> {
  await enqueue(trx, now, [{ kind: POLL_EXPIRY_JOB, payload: { poll: Number(poll.id), expires_at: poll.expires_at } satisfies PollExpiryPayload, runAt: new Date(poll.expires_at) }]);
}

function parsePayload(v: unknown): PollExpiryPayload {
  const p = v as Partial<PollExpiryPayload> | null;
  if (!p || !Number.isSafeInteger(p.poll) || typeof p.expires_at !== 'string') throw new PermanentJobError('malformed poll.expire payload');
  return { poll: p.poll as number, expires_at: p.expires_at };
}

/**
 * Notifies the author and every voter with a `poll` notification, and sends
 * a local poll's final tallies to the servers that hold it. Run again
 * after a crash, it adds none twice: the notifications of one ending carry
 * its expiry as their time, and an ending already told is skipped.
 */
export const pollExpiryHandler: JobHandler = {
  kind: POLL_EXPIRY_JOB,
  async run(ctx, payload) {
    const job = parsePayload(payload);
    const poll = await findPoll(ctx.db, job.poll);
    // Deleted, or its expiry moved by an edit (which queued its own job).
    if (!poll || poll.expires_at !== job.expires_at) return;
    const left = new Date(poll.expires_at).getTime() - ctx.clock.now().getTime();
    if (left > 0) throw new RetryJobError('the poll has not ended yet', left);
    const status = await findStatus(ctx.db, Number(poll.status_id));
    if (!status || Number(status.poll_id) !== Number(poll.id)) return;
    const author = Number(poll.account_id);
    await transaction(ctx, async (trx) => {
      if (await endAlreadyTold(trx, Number(status.id), author, poll.expires_at)) return;
      const at = poll.expires_at;
      const note = (accountId: number) => ({ accountId, fromAccountId: author, type: 'poll' as const, statusId: Number(status.id), at });
      // The author's own poll ending is news to them too, though "their act".
      await notify(trx, [note(author)], { includeSelf: true });
      for (let after = 0; ; ) {
        const page = await voterIds(trx, Number(poll.id), after, VOTERS_PER_BATCH);
        const voters = page.filter((id) => id !== author);
        if (voters.length > 0) await notify(trx, voters.map(note));
        if (page.length < VOTERS_PER_BATCH) break;
        after = page[page.length - 1] as number;
      }
      // The final tallies, closed, to the servers that hold a local poll (Mastodon's PollExpirationNotifyWorker); a pending
      // Update of the last votes is brought forward instead, and is sent as the final one.
      await queueDistributionOnce(trx, { type: 'poll.tallied', status: Number(status.id) }, 0);
    });
  },
};
