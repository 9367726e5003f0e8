import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { fieldError, notFound } from '../app/errors.js';
import { mayInteractWith } from '../moderation/blocks.policy.js';
import { blockFactsFor } from '../social/exclusions.js';
import { changed, transaction } from '../app/transaction.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { getPoll } from './get-poll.js';
import { type PollRow, choicesOf, lockPoll, optionsOf, recordVotes } from './polls.repository.js';
import { voteProblem } from './polls.policy.js';
import { queueDistribution, queueDistributionOnce } from '../jobs/distribute.js';

/**
 * How long after a vote in a local poll its tallies go to the other servers
 * that hold it: the votes of that window go in one Update (Mastodon's
 * DistributePollUpdateWorker runs 3 minutes after a vote).
 */
export const POLL_TALLIES_DELAY_MS = 3 * 60_000;

/**
 * POST /api/v1/polls/:id/votes: the caller's choices, as Mastodon's
 * VoteService takes them. A poll the caller cannot see is a 404; one that
 * has ended, the caller's own, a choice out of range, several choices in a
 * single-choice poll or a second vote are 422 naming `choices`. A voter who
 * blocks the author is refused (403), as Mastodon's PollPolicy#vote?.
 */
export async function votePoll(ctx: Context, caller: ActingCaller, id: number | null, choices: readonly number[]): Promise<PollRow> {
  const voterId = Number(caller.account.id);
  const { poll: seen, status } = await getPoll(ctx, caller.account, id);
  authorize(mayInteractWith(await blockFactsFor(ctx, voterId, Number(status.account_id))));
  const now = ctx.clock.now();
  return transaction(ctx, async (trx) => {
    // Read again under the lock: another vote, or an edit resetting it, may have come meanwhile.
    const poll = await lockPoll(trx, Number(seen.id), now.toISOString());
    if (!poll) throw notFound('Poll');
    const already = (await choicesOf(trx, voterId, [Number(poll.id)])).get(Number(poll.id)) ?? [];
    const problem = voteProblem(poll, voterId, already, choices, optionsOf(poll).titles.length, now);
    if (problem) throw fieldError('choices', 'ERR_INVALID', problem);
    const updated = await recordVotes(trx, poll, voterId, choices, already.length === 0, now.toISOString());
    // The tallies are part of the status as everyone reads it.
    changed(trx, 'statuses', [Number(status.id)]);
    // A poll of another server's is counted there: the votes go to it as replies.
    await queueDistribution(trx, { type: 'poll.voted', account: voterId, status: Number(status.id), choices: [...choices] });
    // A local poll is counted here: its tallies go to the servers that hold it, one Update for the votes of a window
    // (the poll's row, locked above, serialises the votes' look for a queued one). Hidden totals wait for its end, as in Mastodon.
    if (Number(poll.hide_totals) !== 1) await queueDistributionOnce(trx, { type: 'poll.tallied', status: Number(status.id) }, POLL_TALLIES_DELAY_MS);
    await recordOperatorAct(trx, caller, { action: 'poll.vote', subjectType: 'poll', subjectId: Number(poll.id) }, now.toISOString());
    return updated;
  });
}
