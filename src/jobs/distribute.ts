import type { Executor } from '../db/database.js';
import { transactionContext } from '../app/transaction.js';
import { enqueue } from './enqueue.js';
import { hasRemoteFollower } from '../social/follows.repository.js';

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
  /** A local poll's tallies changed (votes) or it ended: its Question goes again, as an Update, to whoever holds it. */
  | { type: 'poll.tallied'; status: number }
  /** A follow or a follow request, by a local account of any account. */
  | { type: 'followed'; follower: number; followee: number }
  /** A follow or a pending request withdrawn by the follower; `follow`: the Follow's ActivityPub id when one was stored (the row is gone by then). */
  | { type: 'unfollowed'; follower: number; followee: number; follow?: string }
  /** A local account accepted a request (or an unlocked one took a follow). */
  | { type: 'follow.accepted'; follower: number; followee: number }
  /** A local account refused a request, or removed a follower; `follow`: the remote Follow's id as it was stored. */
  | { type: 'follow.rejected'; follower: number; followee: number; follow?: string }
  | { type: 'blocked'; account: number; target: number }
  | { type: 'unblocked'; account: number; target: number }
  /** A report its reporter asked to forward to the reported account's server. */
  | { type: 'reported'; report: number }
  /** Profile, locked state, government profile or verification changed. */
  | { type: 'account.updated'; account: number }
  /** Closed: deleted by its holder or suspended by the provider. */
  | { type: 'account.deleted'; account: number };

/**
 * The job's input: the event and when it happened here (activities carry it
 * as `published`/`updated`); for a delayed one (queueDistributionOnce), when
 * it is due, so that it is sent after what happens to the thing meanwhile.
 */
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
  // Nothing known of any other server: no event can concern one (one probe of an index).
  if (!(await knowsRemoteAccounts(trx))) return;
  const concerned: DistributionEvent[] = [];
  for (const e of events) if (await mayConcernOtherServers(trx, e)) concerned.push(e);
  if (concerned.length === 0) return;
  const at = ctx.clock.now();
  await enqueue(
    trx,
    at,
    concerned.map((event) => ({ kind: DISTRIBUTE_JOB, payload: { event, at: at.toISOString() } satisfies DistributionPayload, maxAttempts: DISTRIBUTE_ATTEMPTS })),
  );
}

/**
 * Queues `event` to be distributed `delayMs` from now, unless one for the same
 * event is still queued: that one, brought forward to the new time when it was
 * due later, then carries what has happened since (Mastodon's debounced
 * DistributePollUpdateWorker). The queued job found is written (its row
 * locked on PostgreSQL, so that no worker claims it before this transaction
 * commits); one already claimed does not count, as it may have read what is
 * being changed now. Callers serialise on the thing itself (votes lock their
 * poll), so concurrent callers queue at most one job between them.
 */
export async function queueDistributionOnce(trx: Executor, event: DistributionEvent, delayMs: number): Promise<void> {
  const ctx = transactionContext(trx);
  if (!ctx.config.federation) return;
  if (!(await knowsRemoteAccounts(trx)) || !(await mayConcernOtherServers(trx, event))) return;
  const now = ctx.clock.now();
  const due = new Date(now.getTime() + delayMs);
  const wanted = JSON.stringify(event);
  const candidates = await trx
    .selectFrom('jobs')
    .select(['id', 'payload', 'run_at'])
    .where('kind', '=', DISTRIBUTE_JOB)
    .where('state', '=', 'queued')
    // A narrowing only (`_` matches any one character, and stands for LIKE's own specials): the match is checked below.
    .where('payload', 'like', `%${wanted.replace(/[%\\]/g, '_')}%`)
    .execute();
  for (const c of candidates) {
    let payload: Partial<DistributionPayload> | null = null;
    try {
      payload = JSON.parse(c.payload) as Partial<DistributionPayload>;
    } catch {
      continue;
    }
    if (JSON.stringify(payload?.event) !== wanted) continue;
    const runAt = c.run_at < due.toISOString() ? c.run_at : due.toISOString();
    const touched = await trx.updateTable('jobs').set({ run_at: runAt, updated_at: now.toISOString() }).where('id', '=', Number(c.id)).where('state', '=', 'queued').executeTakeFirst();
    if (Number(touched.numUpdatedRows) > 0) return;
  }
  await enqueue(trx, now, [{ kind: DISTRIBUTE_JOB, payload: { event, at: due.toISOString() } satisfies DistributionPayload, runAt: due, maxAttempts: DISTRIBUTE_ATTEMPTS }]);
}

async function knowsRemoteAccounts(trx: Executor): Promise<boolean> {
  // Ordered by domain so that the first row comes from accounts_domain_index: PostgreSQL would otherwise scan the table
  // from its start, through every local account inserted before the first remote one (20 ms at 100k local accounts).
  return (await trx.selectFrom('accounts').select('id').where('domain', 'is not', null).orderBy('domain').limit(1).executeTakeFirst()) !== undefined;
}

/** Whether the account is remote (unknown ids count as local: nothing to tell). */
async function isRemote(trx: Executor, accountId: number | null): Promise<boolean> {
  if (accountId === null) return false;
  const r = await trx.selectFrom('accounts').select('domain').where('id', '=', accountId).executeTakeFirst();
  return r !== undefined && r.domain !== null;
}

async function authorOf(trx: Executor, statusId: number) {
  return trx.selectFrom('statuses').select(['account_id', 'in_reply_to_account_id', 'reblog_of_id']).where('id', '=', statusId).executeTakeFirst();
}

/** A status of a local author that a remote account follows, mentions or is answered by, or a reblog of a remote status. */
async function statusMayConcernOtherServers(trx: Executor, statusId: number): Promise<boolean> {
  const s = await authorOf(trx, statusId);
  if (!s || (await isRemote(trx, s.account_id))) return false;
  if (await hasRemoteFollower(trx, s.account_id)) return true;
  if (s.reblog_of_id !== null) {
    const original = await authorOf(trx, s.reblog_of_id);
    return original !== undefined && (await isRemote(trx, original.account_id));
  }
  if (await isRemote(trx, s.in_reply_to_account_id)) return true;
  const m = await trx
    .selectFrom('mentions')
    .innerJoin('accounts', 'accounts.id', 'mentions.account_id')
    .select('mentions.account_id')
    .where('mentions.status_id', '=', statusId)
    .where('accounts.domain', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  return m !== undefined;
}

/** Whether remote accounts voted in the status's poll or reblogged it: they hold it, followers or not. */
async function reachedRemoteAccounts(trx: Executor, statusId: number): Promise<boolean> {
  const voter = await trx
    .selectFrom('statuses')
    .innerJoin('poll_votes', 'poll_votes.poll_id', 'statuses.poll_id')
    .innerJoin('accounts', 'accounts.id', 'poll_votes.account_id')
    .select('accounts.id')
    .where('statuses.id', '=', statusId)
    .where('accounts.domain', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  if (voter) return true;
  const reblog = await trx
    .selectFrom('statuses')
    .innerJoin('accounts', 'accounts.id', 'statuses.account_id')
    .select('statuses.id')
    .where('statuses.reblog_of_id', '=', statusId)
    .where('statuses.deleted_at', 'is', null)
    .where('accounts.domain', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  return reblog !== undefined;
}

/**
 * A cheap first sort, in the caller's transaction: false when the event
 * cannot concern another server (the act of a remote account, or one
 * between local accounts, a status of a local author no remote account
 * follows, mentions or is answered), so that no job is queued for it. The
 * handler decides the rest (it sends nothing when nobody remote is concerned).
 */
async function mayConcernOtherServers(trx: Executor, e: DistributionEvent): Promise<boolean> {
  switch (e.type) {
    case 'status.created':
    case 'status.updated':
    case 'status.deleted':
    case 'reblogged':
    case 'unreblogged':
      return statusMayConcernOtherServers(trx, e.status);
    case 'poll.tallied': {
      // A remote poll's tallies are its home's to send.
      const s = await authorOf(trx, e.status);
      if (!s || s.reblog_of_id !== null || (await isRemote(trx, s.account_id))) return false;
      return (await statusMayConcernOtherServers(trx, e.status)) || (await reachedRemoteAccounts(trx, e.status));
    }
    case 'favourited':
    case 'unfavourited':
    case 'poll.voted': {
      if (await isRemote(trx, e.account)) return false;
      const s = await authorOf(trx, e.status);
      return s !== undefined && (await isRemote(trx, s.account_id));
    }
    case 'followed':
      // Ours to a remote account, or a remote account's that a local one took at once (it is accepted).
      return (await isRemote(trx, e.follower)) !== (await isRemote(trx, e.followee));
    case 'unfollowed':
      return !(await isRemote(trx, e.follower)) && (await isRemote(trx, e.followee));
    case 'follow.accepted':
    case 'follow.rejected':
      return (await isRemote(trx, e.follower)) && !(await isRemote(trx, e.followee));
    case 'blocked':
    case 'unblocked':
      return !(await isRemote(trx, e.account)) && (await isRemote(trx, e.target));
    case 'reported': {
      const r = await trx.selectFrom('reports').select('target_account_id').where('id', '=', e.report).executeTakeFirst();
      return r !== undefined && (await isRemote(trx, r.target_account_id));
    }
    case 'account.updated':
      return !(await isRemote(trx, e.account)) && (await hasRemoteFollower(trx, e.account));
    case 'account.deleted':
      return !(await isRemote(trx, e.account));
    default:
      return true;
  }
}
