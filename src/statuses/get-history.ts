import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { presentOne } from '../accounts/accounts.presenter.js';
import { findAccountById } from '../accounts/accounts.repository.js';
import { notFound } from '../app/errors.js';
import { presentMedia } from '../media/media.presenter.js';
import { mediaOfStatuses } from '../media/media.repository.js';
import { findPoll } from '../polls/polls.repository.js';
import { getStatus } from './get-status.js';
import { editsOf } from './history.repository.js';
import { type StatusEditJson, presentStatusEdit } from './history.presenter.js';

/**
 * GET /api/v1/statuses/:id/history: every version, the original first, to
 * whoever may see the status (404 otherwise). A status never edited has one
 * version, itself, as Mastodon answers.
 */
export async function getStatusHistory(ctx: Context, viewer: AccountRow | null, id: number): Promise<StatusEditJson[]> {
  const status = await getStatus(ctx, viewer, id);
  if (status.reblog_of_id !== null) throw notFound('Status');
  const authorRow = await findAccountById(ctx.db, Number(status.account_id));
  if (!authorRow) throw notFound('Status');
  const account = await presentOne(ctx.db, ctx.config, authorRow);
  const edits = await editsOf(ctx.db, id);
  if (edits.length > 0) return edits.map((e) => presentStatusEdit(e, account));
  const media = (await mediaOfStatuses(ctx.db, [id])).get(id) ?? [];
  const poll = status.poll_id === null ? undefined : await findPoll(ctx.db, Number(status.poll_id));
  return [
    presentStatusEdit(
      { ...status, sensitive: Number(status.sensitive), created_at: status.edited_at ?? status.created_at, media: JSON.stringify(media.map((m) => presentMedia(ctx.media, m))), poll_options: poll ? poll.options : null },
      account,
    ),
  ];
}

