import type { Context } from '../app/context.js';
import { notFound } from '../app/errors.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { type StatusRow, findStatus } from '../statuses/statuses.repository.js';
import { visibleOne } from '../statuses/visibility.js';
import { maySeeAuthorsStatuses } from '../moderation/blocks.policy.js';
import { blockFactsFor } from '../social/exclusions.js';
import { type PollRow, findPoll } from './polls.repository.js';

/** A poll whose status the viewer may see, with that status; 404 otherwise (a hidden status's poll does not exist either, nor one by an author who blocks the viewer). */
export async function getPoll(ctx: Context, viewer: AccountRow | null, id: number | null): Promise<{ poll: PollRow; status: StatusRow }> {
  const poll = id === null ? undefined : await findPoll(ctx.db, id);
  if (!poll) throw notFound('Poll');
  const status = await visibleOne(ctx.db, viewer, await findStatus(ctx.db, Number(poll.status_id)));
  if (!status || Number(status.poll_id) !== Number(poll.id)) throw notFound('Poll');
  if (viewer && !maySeeAuthorsStatuses(await blockFactsFor(ctx, Number(viewer.id), Number(status.account_id)))) throw notFound('Poll');
  return { poll, status };
}
