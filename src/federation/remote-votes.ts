import type { Context } from '../app/context.js';
import { AppError } from '../app/errors.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { parseLocalStatusUri } from '../accounts/local-uris.js';
import { findPoll, optionsOf } from '../polls/polls.repository.js';
import { votePoll } from '../polls/vote-poll.js';
import { statusByUri } from '../statuses/insert-remote-status.js';
import type { StatusObject } from './remote-statuses.js';

/**
 * A remote vote in a local poll, as Mastodon sends one: a Note with a `name`
 * (the option's title) replying to the poll's status. True when the Note is
 * such a vote (counted through votePoll, or refused by it: a second vote, an
 * unknown option, an ended poll): it is then no status. A multiple-choice
 * poll's further options come as further Notes, each counted (only the same
 * option twice is refused, as Mastodon's VoteValidator).
 */
export async function voteFromNote(ctx: Context, voter: AccountRow, note: StatusObject): Promise<boolean> {
  const name = note.name?.toString();
  const parent = note.replyTargetId?.href;
  if (!name || !parent || parseLocalStatusUri(ctx.config, parent) === null) return false;
  const status = await statusByUri(ctx, ctx.db, parent);
  if (!status || status.poll_id === null || status.uri !== null) return false;
  const poll = await findPoll(ctx.db, Number(status.poll_id));
  if (!poll) return false;
  const choice = optionsOf(poll).titles.indexOf(name);
  if (choice < 0) return true;
  try {
    await votePoll(ctx, { account: voter, operator: null }, Number(poll.id), [choice]);
  } catch (err) {
    if (!(err instanceof AppError && err.status < 500)) throw err;
    ctx.log.info({ err: err.message }, 'federation: a remote vote was not counted');
  }
  return true;
}
