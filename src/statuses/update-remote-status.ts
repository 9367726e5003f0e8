import type { Context } from '../app/context.js';
import { AppError, fieldError, notFound } from '../app/errors.js';
import { remoteHtmlToText } from '../app/html.js';
import { transaction } from '../app/transaction.js';
import { findAccountById } from '../accounts/accounts.repository.js';
import { queueCardFetch } from '../cards/queue-card.js';
import { mediaOfStatuses } from '../media/media.repository.js';
import { presentMedia } from '../media/media.presenter.js';
import { indexStatuses, unindexStatuses } from '../search/search-index.repository.js';
import { type NewNotification, notify } from '../social/notify.js';
import { publishAfterCommit } from '../streaming/streaming.js';
import { hasEdits, insertStatusEdit } from './history.repository.js';
import { renderRemoteText } from './insert-remote-status.js';
import { type StatusRow, attachTags, deleteMentions, detachTags, findStatusByUri, insertMentions, liveReblogsOf, mentionsOf, updateStatusText } from './statuses.repository.js';

/** An Update of a Note, as the federation code has checked it (the same origin as the status's author). */
export interface RemoteStatusUpdate {
  /** The author (a stored remote account): only it may change its status. */
  accountId: number;
  /** The Note's id. */
  uri: string;
  contentHtml: string;
  spoilerHtml?: string | null | undefined;
  language?: string | null | undefined;
  sensitive?: boolean | undefined;
  /** `updated`. */
  updated: string;
  mentionUris?: readonly string[] | undefined;
  tags?: readonly string[] | undefined;
}

const MAX_HTML = 100_000;

/**
 * Applies a remote status's edit as a local edit is applied (editStatus): the first
 * edit keeps the original as the first version; text, content warning, sensitivity
 * and language are replaced, mentions, hashtags and the search index follow; newly
 * mentioned local accounts and local rebloggers are told; streams get `status.update`.
 * Attachments and polls stay as they were. An edit older than the stored one, or
 * changing nothing, changes nothing.
 */
export async function updateRemoteStatus(ctx: Context, input: RemoteStatusUpdate): Promise<StatusRow> {
  if (input.contentHtml.length > MAX_HTML) throw fieldError('content', 'ERR_TOO_LONG', `is too long (maximum is ${MAX_HTML} characters)`);
  if (Number.isNaN(Date.parse(input.updated))) throw fieldError('updated', 'ERR_INVALID', 'must be a timestamp');
  const language = input.language?.trim() || null;
  if (language !== null && !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language)) throw fieldError('language', 'ERR_INVALID', 'must be an ISO 639 language code');
  const text = remoteHtmlToText(input.contentHtml);
  const spoiler = remoteHtmlToText(input.spoilerHtml ?? '').slice(0, 1000);
  const clock = ctx.clock.now();
  const now = clock.toISOString();
  const editedAt = Date.parse(input.updated) > clock.getTime() ? now : new Date(input.updated).toISOString();

  return transaction(ctx, async (trx) => {
    const status = await findStatusByUri(trx, input.uri);
    if (!status || status.deleted_at !== null) throw notFound('Status');
    if (Number(status.account_id) !== input.accountId) throw new AppError('forbidden', 'Only the author may change this status');
    if (status.reblog_of_id !== null) throw new AppError('forbidden', 'A reblog cannot be edited');
    if ((status.edited_at ?? status.created_at) >= editedAt) return status;
    const author = await findAccountById(trx, input.accountId);
    if (!author || author.domain === null) throw notFound('Account');
    const id = Number(status.id);
    const sensitive = input.sensitive || spoiler !== '' ? 1 : 0;
    if (text === status.text && spoiler === status.spoiler_text && sensitive === Number(status.sensitive) && language === status.language) return status;
    const media = (await mediaOfStatuses(trx, [id])).get(id) ?? [];
    const version = (s: StatusRow, at: string) => ({
      status_id: id,
      account_id: Number(s.account_id),
      operator_id: null,
      text: s.text,
      content: s.content,
      spoiler_text: s.spoiler_text,
      sensitive: Number(s.sensitive),
      media: JSON.stringify(media.map((m) => presentMedia(ctx.media, m))),
      poll_options: null,
      created_at: at,
    });
    if (!(await hasEdits(trx, id))) await insertStatusEdit(trx, version(status, status.created_at));
    const { mentioned, content } = await renderRemoteText(ctx, trx, author, text, input.mentionUris ?? []);
    const updated = await updateStatusText(trx, id, { text, content, spoiler_text: spoiler, sensitive, language, edited_at: editedAt, poll_id: status.poll_id });
    await unindexStatuses(trx, [id]);
    await indexStatuses(trx, [{ ...updated, id, reblog_of_id: null }]);
    const was = new Set((await mentionsOf(trx, [id])).get(id) ?? []);
    const named = new Set(mentioned.map((a) => Number(a.id)));
    const added = [...named].filter((a) => !was.has(a));
    await insertMentions(trx, id, added);
    await deleteMentions(trx, id, [...was].filter((a) => !named.has(a)));
    await detachTags(trx, id);
    await attachTags(trx, id, [...new Set((input.tags ?? []).map((t) => t.replace(/^#/, '').trim()).filter((t) => t !== '' && [...t].length <= 100))]);
    await insertStatusEdit(trx, version(updated, editedAt));
    const authorId = Number(author.id);
    const notes: NewNotification[] = added.map((a) => ({ accountId: a, fromAccountId: authorId, type: 'mention', statusId: id, at: now }));
    for (const r of await liveReblogsOf(trx, id)) notes.push({ accountId: Number(r.account_id), fromAccountId: authorId, type: 'update', statusId: id, at: now });
    // notify() leaves remote accounts out.
    await notify(trx, notes);
    await queueCardFetch(trx, ctx.config, { ...updated, id, reblog_of_id: null }, clock, { edited: true });
    publishAfterCommit(trx, { t: 'status.update', id });
    return updated;
  });
}
