import type { Executor } from '../db/database.js';
import { transactionContext } from '../app/transaction.js';
import { enqueue } from './enqueue.js';

/** The job kind that turns what happened here into activities for other servers (its handler is src/federation's). */
export const DISTRIBUTE_JOB = 'federation.distribute';

/**
 * What a local account did that other servers may have to hear of. Ids only,
 * of rows that are still there when the job runs (statuses are deleted softly);
 * for rows that go (a follow, a favourite, a block), the two accounts and the
 * status are enough to name the activity being undone. The handler decides who
 * must hear it (remote followers, mentioned or followed remote accounts) and
 * sends nothing when nobody remote is concerned.
 */
export type DistributionEvent =
  | { type: 'status.created'; status: number }
  | { type: 'status.updated'; status: number }
  | { type: 'status.deleted'; status: number }
  | { type: 'reblogged'; status: number }
  | { type: 'unreblogged'; status: number }
  | { type: 'favourited'; account: number; status: number }
  | { type: 'unfavourited'; account: number; status: number }
  | { type: 'poll.voted'; account: number; status: number; choices: number[] }
  /** A follow or a follow request, by a local account of any account. */
  | { type: 'followed'; follower: number; followee: number }
  /** A follow or a pending request withdrawn by the follower. */
  | { type: 'unfollowed'; follower: number; followee: number }
  /** A local account accepted a request (or an unlocked one took a follow). */
  | { type: 'follow.accepted'; follower: number; followee: number }
  /** A local account refused a request, or removed a follower. */
  | { type: 'follow.rejected'; follower: number; followee: number }
  | { type: 'blocked'; account: number; target: number }
  | { type: 'unblocked'; account: number; target: number }
  /** A report its reporter asked to forward to the reported account's server. */
  | { type: 'reported'; report: number }
  /** Profile, locked state, government profile or verification changed. */
  | { type: 'account.updated'; account: number }
  /** Closed: deleted by its holder or suspended by the provider. */
  | { type: 'account.deleted'; account: number };

/** The job's input: the event and when it happened here (activities carry it as `published`/`updated`). */
export interface DistributionPayload {
  event: DistributionEvent;
  at: string;
}

/** Attempts of one distribution job: it only queues deliveries (each retried on its own), so a failure here is ours, not a remote server's. */
const DISTRIBUTE_ATTEMPTS = 5;

/**
 * Queues the distribution of `events` in the caller's transaction, so that
 * they exist exactly when the change does: a process killed just after the
 * commit still leaves them to be sent, a rolled-back change sends nothing.
 * Nothing is queued when the provider does not federate.
 */
export async function queueDistribution(trx: Executor, ...events: DistributionEvent[]): Promise<void> {
  const ctx = transactionContext(trx);
  if (!ctx.config.federation || events.length === 0) return;
  const at = ctx.clock.now();
  await enqueue(
    trx,
    at,
    events.map((event) => ({ kind: DISTRIBUTE_JOB, payload: { event, at: at.toISOString() } satisfies DistributionPayload, maxAttempts: DISTRIBUTE_ATTEMPTS })),
  );
}
