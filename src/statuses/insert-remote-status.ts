import { type AccountRow, findAccountById, findAccountByUsername, findAccountsByIds, findAccountsByUris, mentionMap } from '../accounts/accounts.repository.js';
import { parseLocalActorUri, parseLocalStatusUri } from '../accounts/local-uris.js';
import { bumpDaily } from '../analytics/daily-stats.repository.js';
import type { Context } from '../app/context.js';
import { AppError, fieldError, notFound } from '../app/errors.js';
import { remoteHtmlToText } from '../app/html.js';
import { transaction } from '../app/transaction.js';
import { queueCardFetch } from '../cards/queue-card.js';
import type { Executor } from '../db/database.js';
import { insertMedia } from '../media/media.repository.js';
import type { RemoteMediaFields } from '../media/fetch-remote-media.js';
import { type NewNotification, notify } from '../social/notify.js';
import { recordConversation } from '../timelines/conversations.repository.js';
import { fanOut, fansOutOnWrite } from '../timelines/fan-out.js';
import { accountsExcludingAny } from '../timelines/feeds.repository.js';
import { bumpAccountCounter } from '../accounts/accounts.repository.js';
import { type StatusRow, attachTags, bumpStatusCounter, findStatus, findStatusByUri, insertMentions, insertStatus, setConversation } from './statuses.repository.js';
import { VISIBILITIES, type Visibility } from './statuses.table.js';
import { renderText } from './text.js';
import { type RemotePollInput, createRemotePoll } from '../polls/remote-poll.js';

/** An attachment of a remote status, kept on its server (no copy is made here yet). */
export interface RemoteMediaInput {
  url: string;
  description?: string | null | undefined;
  blurhash?: string | null | undefined;
  width?: number | null | undefined;
  height?: number | null | undefined;
  /** The attachment as fetchRemoteAttachment stored it: a copy's columns are taken as they are (a link-only answer changes nothing). */
  fetched?: RemoteMediaFields | undefined;
}

/**
 * A Note (Create) from another server as the federation code has checked it: its
 * signature, its origin (the author's server issued the id) and the author's
 * account stored first (upsertRemoteAccount). Text fields are as the remote sent them.
 */
export interface RemoteStatusInput {
  /** The author: a stored remote account's id. */
  accountId: number;
  /** The Note's id. */
  uri: string;
  /** Its web page. */
  url?: string | null | undefined;
  /** `content`, HTML: reduced to plain text here and rendered again as ours (never stored as markup). */
  contentHtml: string;
  /** `summary`: the content warning, HTML. */
  spoilerHtml?: string | null | undefined;
  /** From `to`/`cc`, as Mastodon reads them. */
  visibility: Visibility;
  language?: string | null | undefined;
  sensitive?: boolean | undefined;
  /** `published`. */
  published: string;
  /** `inReplyTo`: a local status's id or a remote one's; unknown here, it is kept to resolve later. */
  inReplyToUri?: string | null | undefined;
  /** The actor ids of the Mention tags: local ones and stored remote ones are recorded, others dropped. */
  mentionUris?: readonly string[] | undefined;
  /** The Hashtag tags' names (without `#`). */
  tags?: readonly string[] | undefined;
  media?: readonly RemoteMediaInput[] | undefined;
  /** A Question's poll. */
  poll?: RemotePollInput | null | undefined;
}

/** Most a remote status may bring of HTML and of attachments (Mastodon keeps 4 media; it takes any text length). */
const MAX_HTML = 100_000;
const MAX_MEDIA = 4;

/** Accounts named by actor ids: this provider's (`/users/name`) and the stored remote ones; open only. */
export async function accountsByActorUris(ctx: Context, db: Executor, uris: readonly string[]): Promise<AccountRow[]> {
  const local: AccountRow[] = [];
  const remote: string[] = [];
  for (const uri of new Set(uris)) {
    const name = parseLocalActorUri(ctx.config, uri);
    if (name === null) remote.push(uri);
    else {
      const a = await findAccountByUsername(db, name);
      if (a) local.push(a);
    }
  }
  const found = [...local, ...(await findAccountsByUris(db, remote))];
  return found.filter((a) => a.closed_at === null);
}

/** The status an `inReplyTo` names: a local one by its id (its author's name must match), else a stored remote one. Deleted ones are not found. */
export async function statusByUri(ctx: Context, db: Executor, uri: string): Promise<StatusRow | undefined> {
  const local = parseLocalStatusUri(ctx.config, uri);
  if (local) {
    const s = await findStatus(db, local.id);
    if (!s || s.uri !== null) return undefined;
    const [author] = await findAccountsByIds(db, [Number(s.account_id)]);
    return author && author.username.toLowerCase() === local.username.toLowerCase() ? s : undefined;
  }
  const s = await findStatusByUri(db, uri);
  return s && s.deleted_at === null ? s : undefined;
}

/**
 * A remote status's text rendered as ours, with the accounts it mentions (by actor id, the author left out).
 * Remote HTML shows a mention as a bare `@name` whatever its server (the link said which, and links are not
 * kept): a bare name stands for the mentioned account of that name, one on the author's server first.
 */
export async function renderRemoteText(ctx: Context, db: Executor, author: AccountRow, text: string, mentionUris: readonly string[]): Promise<{ mentioned: AccountRow[]; content: string }> {
  const mentioned = (await accountsByActorUris(ctx, db, mentionUris)).filter((a) => Number(a.id) !== Number(author.id));
  const accounts = mentionMap(ctx.config.publicUrl, mentioned);
  const home = author.domain as string;
  for (const m of mentioned) {
    const alias = `${m.username}@${home}`.toLowerCase();
    const entry = accounts.get(m.username_key);
    if (entry && !accounts.has(alias)) accounts.set(alias, entry);
  }
  return { mentioned, content: renderText(text, { baseUrl: ctx.config.publicUrl, localHost: ctx.config.provider, accounts, defaultHost: home }) };
}

function checkedMedia(list: readonly RemoteMediaInput[]): RemoteMediaInput[] {
  return list.slice(0, MAX_MEDIA).filter((m) => {
    try {
      const u = new URL(m.url);
      return (u.protocol === 'https:' || u.protocol === 'http:') && m.url.length <= 2000;
    } catch {
      return false;
    }
  });
}

function geometry(w: number | null | undefined, h: number | null | undefined) {
  const width = Number.isSafeInteger(w) && (w as number) > 0 ? (w as number) : 0;
  const height = Number.isSafeInteger(h) && (h as number) > 0 ? (h as number) : 0;
  return { width, height, size: `${width}x${height}`, aspect: height > 0 ? width / height : 1 };
}

/**
 * Stores a status of another server and lets it do here what a local post does:
 * mentions and hashtags recorded, the parent's reply count and the author's status
 * count bumped, local accounts it mentions or replies to notified, and the local
 * followers' home feeds (and streams) given it through the same fan-out as local
 * posts — in one transaction. A status already stored (same `uri`) is returned
 * as it is: deliveries come more than once.
 */
export async function insertRemoteStatus(ctx: Context, input: RemoteStatusInput): Promise<StatusRow> {
  if (!(VISIBILITIES as readonly string[]).includes(input.visibility)) throw fieldError('visibility', 'ERR_INVALID', `must be one of ${VISIBILITIES.join(', ')}`);
  if (input.contentHtml.length > MAX_HTML) throw fieldError('content', 'ERR_TOO_LONG', `is too long (maximum is ${MAX_HTML} characters)`);
  if (Number.isNaN(Date.parse(input.published))) throw fieldError('published', 'ERR_INVALID', 'must be a timestamp');
  const language = input.language?.trim() || null;
  if (language !== null && !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language)) throw fieldError('language', 'ERR_INVALID', 'must be an ISO 639 language code');
  const text = remoteHtmlToText(input.contentHtml);
  const spoiler = remoteHtmlToText(input.spoilerHtml ?? '').slice(0, 1000);
  const media = checkedMedia(input.media ?? []);
  const nowDate = ctx.clock.now();
  const now = nowDate.toISOString();
  // A date in the future is not believed: it would sort the status above everything posted until then.
  const createdAt = Date.parse(input.published) > nowDate.getTime() ? now : new Date(input.published).toISOString();

  return transaction(ctx, async (trx) => {
    const existing = await findStatusByUri(trx, input.uri);
    if (existing) return existing;
    const author = await findAccountById(trx, input.accountId);
    if (!author) throw notFound('Account');
    if (author.domain === null) throw new AppError('forbidden', 'A local account posts through createStatus');
    if (author.closed_at !== null || author.suspended_at !== null) throw new AppError('forbidden', 'This account may not post here');
    const authorId = Number(author.id);

    const parent = input.inReplyToUri ? await statusByUri(ctx, trx, input.inReplyToUri) : undefined;
    const { mentioned, content } = await renderRemoteText(ctx, trx, author, text, input.mentionUris ?? []);
    const followers = await trx.selectFrom('follows').select((eb) => eb.fn.countAll<number>().as('n')).where('target_account_id', '=', authorId).executeTakeFirstOrThrow();

    let status = await insertStatus(trx, {
      account_id: authorId,
      operator_id: null,
      text,
      content,
      spoiler_text: spoiler,
      visibility: input.visibility,
      language,
      in_reply_to_id: parent ? Number(parent.id) : null,
      in_reply_to_account_id: parent ? Number(parent.account_id) : null,
      in_reply_to_uri: input.inReplyToUri && !parent ? input.inReplyToUri : null,
      reblog_of_id: null,
      conversation_id: parent ? Number(parent.conversation_id ?? parent.id) : null,
      application_name: null,
      fanned_out: fansOutOnWrite(Number(followers.n)) ? 1 : 0,
      created_at: createdAt,
      edited_at: null,
      deleted_at: null,
      sensitive: input.sensitive || spoiler !== '' ? 1 : 0,
      trendable: null,
      uri: input.uri,
      url: input.url ?? null,
    });
    if (status.conversation_id === null) status = await setConversation(trx, Number(status.id), Number(status.id));
    if (input.poll) status = await createRemotePoll(trx, status, input.poll, nowDate);
    const statusId = Number(status.id);
    for (const [position, m] of media.entries()) {
      // A copy stored here; a link-only one ('unknown') is kept as before, shown from its server.
      if (m.fetched?.type === 'image') {
        const f = m.fetched;
        await insertMedia(trx, {
          ...f,
          account_id: authorId,
          status_id: statusId,
          position,
          created_at: now,
          updated_at: now,
        });
        continue;
      }
      await insertMedia(trx, {
        account_id: authorId,
        status_id: statusId,
        position,
        type: 'image',
        file_key: '',
        preview_key: '',
        content_type: 'image/*',
        file_size: 0,
        meta: JSON.stringify({ original: geometry(m.width, m.height), small: geometry(m.width, m.height) }),
        description: m.description ? remoteHtmlToText(m.description).slice(0, 1500) : null,
        blurhash: m.blurhash && /^[0-9A-Za-z#$%*+,\-.:;=?@[\]^_{|}~]{6,100}$/.test(m.blurhash) ? m.blurhash : null,
        created_at: now,
        updated_at: now,
        remote_url: m.url,
      });
    }
    const mentionedIds = mentioned.map((a) => Number(a.id));
    const localMentionedIds = mentioned.filter((a) => a.domain === null).map((a) => Number(a.id));
    await insertMentions(trx, statusId, mentionedIds);
    await attachTags(trx, statusId, [...new Set((input.tags ?? []).map((t) => t.replace(/^#/, '').trim()).filter((t) => t !== '' && [...t].length <= 100))]);

    await bumpAccountCounter(trx, authorId, 'statuses_count', 1, createdAt);
    const notes: NewNotification[] = localMentionedIds.map((id) => ({ accountId: id, fromAccountId: authorId, type: 'mention', statusId, at: now }));
    if (parent) {
      const parentAuthor = Number(parent.account_id);
      await bumpStatusCounter(trx, Number(parent.id), 'replies_count', 1);
      if (parentAuthor !== authorId && parent.uri === null) {
        await bumpDaily(trx, parentAuthor, now, 'replies_received');
        if (!mentionedIds.includes(parentAuthor)) notes.push({ accountId: parentAuthor, fromAccountId: authorId, type: 'reply', statusId, at: now });
      }
    }
    await notify(trx, notes);
    await fanOut(trx, status, localMentionedIds);
    if (status.visibility === 'direct' && localMentionedIds.length > 0) {
      await recordConversation(trx, status, mentionedIds, await accountsExcludingAny(trx, localMentionedIds, [authorId], now));
    }
    await queueCardFetch(trx, ctx.config, status, nowDate);
    return status;
  });
}
