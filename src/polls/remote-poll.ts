import type { Context } from '../app/context.js';
import { AppError, notFound } from '../app/errors.js';
import { remoteHtmlToText } from '../app/html.js';
import { changed, transaction } from '../app/transaction.js';
import type { Executor } from '../db/database.js';
import { publishAfterCommit } from '../streaming/streaming.js';
import { setStatusPoll, type StatusRow, findStatusByUri } from '../statuses/statuses.repository.js';
import { queuePollExpiry } from './poll-expiry.js';
import { OPEN_ENDED, type PollRow, findPoll, insertPoll } from './polls.repository.js';

/**
 * A poll of another server's status as its Question states it: the options
 * (oneOf or anyOf, each a `name` with its `replies.totalItems`), when it ends
 * and how many voted. Counted at its home: the tallies here are what its
 * last Create or Update said.
 */
export interface RemotePollInput {
  options: readonly { title: string; votes: number | null }[];
  multiple: boolean;
  /** `endTime`, or when it was `closed`; null when it states neither (an open-ended poll). */
  expiresAt: string | null;
  /** `votersCount`, when it gives one. */
  voters: number | null;
}

/** Most options a remote poll keeps, and the length of each title (Mastodon takes more from others than it lets its own users post). */
const MAX_OPTIONS = 20;
const MAX_TITLE = 500;

const count = (n: number | null | undefined): number => (typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : 0);

/** The input as stored: titles as text, bounded, unnamed options dropped; null when no option is left. */
function checked(input: RemotePollInput, now: Date) {
  const options = input.options
    .map((o) => ({ title: remoteHtmlToText(o.title).trim().slice(0, MAX_TITLE), votes: count(o.votes) }))
    .filter((o) => o.title !== '')
    .slice(0, MAX_OPTIONS);
  if (options.length === 0) return null;
  const at = input.expiresAt && !Number.isNaN(Date.parse(input.expiresAt)) ? new Date(input.expiresAt).toISOString() : OPEN_ENDED;
  const votes = options.reduce((n, o) => n + o.votes, 0);
  return {
    options: JSON.stringify(options.map((o) => o.title)),
    tallies: JSON.stringify(options.map((o) => o.votes)),
    multiple: input.multiple ? 1 : 0,
    // Without votersCount, a single-choice poll has as many voters as votes; a multiple-choice one at most as many.
    voters_count: input.voters === null ? votes : count(input.voters),
    votes_count: votes,
    expires_at: at,
    updated_at: now.toISOString(),
  };
}

/** Inside the transaction that stores a remote status: its poll, and the job that tells local voters it has ended. */
export async function createRemotePoll(trx: Executor, status: StatusRow, input: RemotePollInput, now: Date): Promise<StatusRow> {
  const fields = checked(input, now);
  if (!fields) return status;
  const row = await insertPoll(trx, { ...fields, hide_totals: 0, status_id: Number(status.id), account_id: Number(status.account_id), created_at: now.toISOString() });
  if (row.expires_at !== OPEN_ENDED) await queuePollExpiry(trx, row, now);
  return setStatusPoll(trx, Number(status.id), Number(row.id));
}

/**
 * An Update of a remote Question: the tallies, voters and end replaced by
 * what its home counts now. Options that changed (titles, their number, the
 * kind) make it another poll: the local votes are dropped, as an edit's
 * reset_votes! does in Mastodon. A status stored before it had a poll gets one.
 */
export async function updateRemotePoll(ctx: Context, input: { accountId: number; uri: string; poll: RemotePollInput }): Promise<PollRow | null> {
  const now = ctx.clock.now();
  const fields = checked(input.poll, now);
  if (!fields) return null;
  return transaction(ctx, async (trx) => {
    const status = await findStatusByUri(trx, input.uri);
    if (!status || status.deleted_at !== null) throw notFound('Status');
    if (Number(status.account_id) !== input.accountId || status.uri === null) throw new AppError('forbidden', 'Only the author may change this poll');
    const sid = Number(status.id);
    const old = status.poll_id === null ? undefined : await findPoll(trx, Number(status.poll_id));
    if (!old) {
      const made = await createRemotePoll(trx, status, input.poll, now);
      publishAfterCommit(trx, { t: 'status.update', id: sid });
      return made.poll_id === null ? null : ((await findPoll(trx, Number(made.poll_id))) ?? null);
    }
    const reset = old.options !== fields.options || Number(old.multiple) !== fields.multiple;
    if (reset) await trx.deleteFrom('poll_votes').where('poll_id', '=', Number(old.id)).execute();
    const row = await trx.updateTable('polls').set(fields).where('id', '=', Number(old.id)).returningAll().executeTakeFirstOrThrow();
    if (row.expires_at !== old.expires_at && row.expires_at !== OPEN_ENDED) await queuePollExpiry(trx, row, now);
    changed(trx, 'statuses', [sid]);
    publishAfterCommit(trx, { t: 'status.update', id: sid });
    return row;
  });
}
