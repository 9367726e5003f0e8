import { quotersOf } from '../quotes/quotes.repository.js';
import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { AppError, fieldError, notFound } from '../app/errors.js';
import { transaction } from '../app/transaction.js';
import { findOpenAccountsByUsernameKeys, mentionMap } from '../accounts/accounts.repository.js';
import { recordOperatorAct } from '../audit/record-operator-act.js';
import type { Executor } from '../db/database.js';
import { presentMedia } from '../media/media.presenter.js';
import { type MediaRow, findMedia, mediaOfStatuses, unattachedOf, updateMedia } from '../media/media.repository.js';
import { checkDescription, checkFocus } from '../media/upload-media.js';
import type { CheckedPoll, PollInput } from '../polls/check-poll.js';
import { createPoll } from '../polls/create-poll.js';
import { queuePollExpiry } from '../polls/poll-expiry.js';
import { type PollRow, deletePoll, findPoll, updatePoll } from '../polls/polls.repository.js';
import { indexStatuses, unindexStatuses } from '../search/search-index.repository.js';
import { type NewNotification, notify } from '../social/notify.js';
import { publishAfterCommit } from '../streaming/streaming.js';
import { queueCardFetch } from '../cards/queue-card.js';
import { deleteFeedEntriesOfStatusFor, insertFeedEntries } from '../timelines/feeds.repository.js';
import { type Poster, checkStatus } from './create-status.js';
import { hasEdits, insertStatusEdit } from './history.repository.js';
import { mayEdit } from './status.policy.js';
import { type StatusRow, attachTags, deleteMentions, detachTags, findStatus, insertMentions, liveReblogsOf, mentionsOf, setStatusPoll, updateStatusText } from './statuses.repository.js';
import { parseText, renderText } from './text.js';
import { queueDistribution } from '../jobs/distribute.js';

/** PUT /api/v1/statuses/:id as clients send it: the whole form again, as Mastodon reads it (what is left out is cleared). */
export interface EditStatusInput {
  status?: string | undefined;
  spoiler_text?: string | undefined;
  sensitive?: boolean | undefined;
  /** Absent: the status keeps its language. */
  language?: string | undefined;
  media_ids?: string[] | undefined;
  /** Alt text and focal point of attachments the edit keeps or adds. */
  media_attributes?: { id: string; description?: string | undefined; focus?: string | undefined }[] | undefined;
  poll?: PollInput | undefined;
}

/** Thrown inside the transaction when the edit changes nothing: it rolls back, and no version is recorded (Mastodon's NoChangesSubmittedError). */
class NoChanges extends Error {}

function checkMediaAttributes(list: EditStatusInput['media_attributes']) {
  return (list ?? []).map((a) => {
    try {
      return { id: /^\d{1,15}$/.test(a.id) ? Number(a.id) : -1, description: checkDescription(a.description), focus: checkFocus(a.focus) };
    } catch (err) {
      if (err instanceof AppError) throw fieldError('media_attributes', 'ERR_INVALID', err.message.replace(/^Validation failed: /, ''));
      throw err;
    }
  });
}

/**
 * Edits a status (Mastodon's UpdateStatusService): the first edit keeps the
 * original as the first version; text, content warning, sensitivity,
 * language, media (in order, with their alt text) and poll are replaced,
 * mentions and hashtags follow the new text and so does the search index;
 * a poll whose options or kind change loses its votes. Once committed, the
 * status is forgotten by every cache, streams get `status.update`, and
 * those who reblogged it an `update` notification. Anyone but the author
 * gets 404, as Mastodon (the author's own reblog: 403).
 */
export async function editStatus(ctx: Context, caller: Poster, id: number, input: EditStatusInput): Promise<StatusRow> {
  const author = caller.account;
  const authorId = Number(author.id);
  const found = await findStatus(ctx.db, id);
  if (!found || Number(found.account_id) !== authorId) throw notFound('Status');
  authorize(mayEdit(author, found), 'A reblog cannot be edited');
  const checked = checkStatus({ status: input.status, spoiler_text: input.spoiler_text, language: input.language, media_ids: input.media_ids, sensitive: input.sensitive, poll: input.poll });
  const language = input.language === undefined ? found.language : checked.language;
  const mediaIds = checked.mediaIds ?? [];
  const attributes = checkMediaAttributes(input.media_attributes);
  const parsed = parseText(checked.text, ctx.config.provider);
  const clock = ctx.clock.now();
  const now = clock.toISOString();

  try {
    return await transaction(ctx, async (trx) => {
      const status = await findStatus(trx, id);
      if (!status) throw notFound('Status');
      const before = (await mediaOfStatuses(trx, [id])).get(id) ?? [];
      const previousPoll = status.poll_id === null ? undefined : await findPoll(trx, Number(status.poll_id));
      if (!(await hasEdits(trx, id))) {
        // The original, as the first version of the history.
        await insertStatusEdit(trx, snapshot(ctx, status, before, previousPoll, status.created_at, status.operator_id));
      }

      const media = await replaceMedia(trx, authorId, id, before, mediaIds, attributes, now);
      const poll = await replacePoll(trx, status, previousPoll, checked.poll ?? null, clock);
      const sensitive = checked.sensitive === true && mediaIds.length > 0 ? 1 : 0;
      const textChanged = checked.text !== status.text || checked.spoiler !== status.spoiler_text || sensitive !== Number(status.sensitive) || language !== status.language;
      if (!textChanged && !media.changed && !poll.changed) throw new NoChanges();

      const mentioned = await findOpenAccountsByUsernameKeys(trx, parsed.mentions);
      const accounts = mentionMap(ctx.config.publicUrl, mentioned);
      const updated = await updateStatusText(trx, id, {
        text: checked.text,
        content: renderText(checked.text, { baseUrl: ctx.config.publicUrl, localHost: ctx.config.provider, accounts }),
        spoiler_text: checked.spoiler,
        sensitive,
        language,
        edited_at: now,
        poll_id: poll.row ? Number(poll.row.id) : null,
      });
      await unindexStatuses(trx, [id]);
      await indexStatuses(trx, [{ ...updated, id, reblog_of_id: null }]);

      // Mentions follow the text: the newly named are told, the unnamed lose what the mention gave them.
      const was = new Set((await mentionsOf(trx, [id])).get(id) ?? []);
      const named = new Set([...accounts.values()].map((a) => a.id).filter((a) => a !== authorId));
      // Accounts of other servers are mentioned (their servers are told by federation), but have no home feed or notifications here.
      const localIds = new Set([...accounts.values()].filter((a) => a.local).map((a) => a.id));
      const added = [...named].filter((a) => !was.has(a));
      const dropped = [...was].filter((a) => !named.has(a));
      await insertMentions(trx, id, added);
      await deleteMentions(trx, id, dropped);
      // A direct message reaches the homes of whom it now names (as Mastodon's fan-out of an update), and leaves those it no longer names.
      if (status.visibility === 'direct') {
        const home = added.filter((a) => localIds.has(a));
        if (home.length > 0) await insertFeedEntries(trx, home, id, authorId);
        await deleteFeedEntriesOfStatusFor(trx, id, dropped);
      }
      await detachTags(trx, id);
      await attachTags(trx, id, parsed.tags);

      await insertStatusEdit(trx, snapshot(ctx, updated, media.rows, poll.row, now, caller.operator ? Number(caller.operator.id) : null));
      const notes: NewNotification[] = added.filter((a) => localIds.has(a)).map((a) => ({ accountId: a, fromAccountId: authorId, type: 'mention', statusId: id, at: now }));
      // As Mastodon: those who reblogged it are told it changed under their reblog.
      const rebloggers = new Set((await liveReblogsOf(trx, id)).map((r) => Number(r.account_id)));
      for (const a of rebloggers) notes.push({ accountId: a, fromAccountId: authorId, type: 'update', statusId: id, at: now });
      // And those who quote it (accepted), of the status they quoted (Mastodon's quoted_update).
      for (const a of await quotersOf(trx, id)) if (a !== authorId) notes.push({ accountId: a, fromAccountId: authorId, type: 'quoted_update', statusId: id, at: now });
      await notify(trx, notes);
      // The card follows the new text: the job reads it again, and swaps or removes the card.
      await queueCardFetch(trx, ctx.config, { ...updated, id, reblog_of_id: null }, clock, { edited: true });
      publishAfterCommit(trx, { t: 'status.update', id });
      await queueDistribution(trx, { type: 'status.updated', status: id });
      await recordOperatorAct(trx, caller, { action: 'status.update', subjectType: 'status', subjectId: id }, now);
      return updated;
    });
  } catch (err) {
    if (err instanceof NoChanges) return found;
    throw err;
  }
}

/** A version of the status as it stands (its media and poll as given). */
function snapshot(ctx: Context, s: StatusRow, media: readonly MediaRow[], poll: PollRow | undefined | null, at: string, operatorId: number | null) {
  return {
    status_id: Number(s.id),
    account_id: Number(s.account_id),
    operator_id: operatorId === null ? null : Number(operatorId),
    text: s.text,
    content: s.content,
    spoiler_text: s.spoiler_text,
    sensitive: Number(s.sensitive),
    media: JSON.stringify(media.map((m) => presentMedia(ctx.media, m))),
    poll_options: poll ? poll.options : null,
    created_at: at,
  };
}

/**
 * The status's attachments become `ids`, in that order: the author's own
 * unattached uploads may join (else a 422 naming `media_ids`), those left
 * out are freed as a deleted status's are (a day as unattached uploads, then
 * swept). Alt text and focus are set where `attributes` name a kept one.
 */
async function replaceMedia(
  trx: Executor,
  authorId: number,
  statusId: number,
  before: readonly MediaRow[],
  ids: readonly number[],
  attributes: ReturnType<typeof checkMediaAttributes>,
  now: string,
): Promise<{ rows: MediaRow[]; changed: boolean }> {
  const had = new Set(before.map((m) => Number(m.id)));
  const joining = ids.filter((m) => !had.has(m));
  const mine = new Set((await unattachedOf(trx, authorId, joining)).map((m) => Number(m.id)));
  const missing = joining.filter((m) => !mine.has(m));
  if (missing.length > 0) throw fieldError('media_ids', 'ERR_NOT_FOUND', `names media that does not exist or is already attached: ${missing.join(', ')}`);
  let changed = before.map((m) => Number(m.id)).join(',') !== ids.join(',');
  for (const m of before) if (!ids.includes(Number(m.id))) await updateMedia(trx, Number(m.id), { status_id: null, position: 0, updated_at: now });
  const rows: MediaRow[] = [];
  for (const [position, mid] of ids.entries()) {
    const old = before.find((m) => Number(m.id) === mid);
    const attr = attributes.find((a) => a.id === mid);
    const patch: Parameters<typeof updateMedia>[2] = { status_id: statusId, position };
    if (attr?.description !== undefined && attr.description !== (old?.description ?? null)) patch.description = attr.description;
    if (attr?.focus) {
      const current = old ?? (await findMedia(trx, mid));
      const meta = JSON.parse(current?.meta ?? '{}') as Record<string, unknown>;
      if (JSON.stringify(meta.focus) !== JSON.stringify(attr.focus)) patch.meta = JSON.stringify({ ...meta, focus: attr.focus });
    }
    if (old && (patch.description !== undefined || patch.meta !== undefined)) changed = true;
    if (patch.description !== undefined || patch.meta !== undefined) patch.updated_at = now;
    const row = await updateMedia(trx, mid, patch);
    if (row) rows.push(row);
  }
  return { rows, changed };
}

/**
 * The poll becomes `next` (Mastodon's update_poll!): a new one is created, a
 * kept one takes the new options, kind and expiry, losing its votes when the
 * options or the kind changed; none at all removes it. A changed expiry
 * queues the end-of-poll job anew (the old one then finds it moved).
 */
async function replacePoll(trx: Executor, status: StatusRow, previous: PollRow | undefined, next: CheckedPoll | null, now: Date): Promise<{ row: PollRow | null; changed: boolean }> {
  const at = now.toISOString();
  if (!next) {
    if (!previous) return { row: null, changed: false };
    await setStatusPoll(trx, Number(status.id), null);
    await deletePoll(trx, Number(previous.id));
    return { row: null, changed: true };
  }
  if (!previous) {
    const withPoll = await createPoll(trx, status, next, now);
    return { row: (await findPoll(trx, Number(withPoll.poll_id))) ?? null, changed: true };
  }
  const reset = JSON.stringify(next.options) !== previous.options || next.multiple !== (previous.multiple === 1);
  const expiresAt = new Date(now.getTime() + next.expiresIn * 1000).toISOString();
  const row = await updatePoll(trx, Number(previous.id), { options: next.options, multiple: next.multiple, hideTotals: next.hideTotals, expiresAt, resetVotes: reset }, at);
  if (expiresAt !== previous.expires_at) await queuePollExpiry(trx, row, now);
  return { row, changed: reset || expiresAt !== previous.expires_at || next.hideTotals !== (previous.hide_totals === 1) };
}
