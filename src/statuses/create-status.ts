import type { Context } from '../app/context.js';
import { AppError, fieldError, notFound } from '../app/errors.js';
import { bumpAccountCounter, findAccountById, findOpenAccountsByUsernameKeys, mentionMap } from '../accounts/accounts.repository.js';
import { bumpDaily } from '../analytics/daily-stats.repository.js';
import { LIMITS } from '../domain/limits.js';
import { type NewNotification, notify } from '../social/notify.js';
import { fanOut, fansOutOnWrite } from '../timelines/fan-out.js';
import { recordConversation } from '../timelines/conversations.repository.js';
import { accountsExcludingAny } from '../timelines/feeds.repository.js';
import type { QuoteApprovalPolicy, Visibility } from './statuses.table.js';
import { attachQuote, checkQuoteTarget } from '../quotes/attach-quote.js';
import { storedQuotePolicy } from '../quotes/quotes.policy.js';
import { type StatusRow, attachTags, bumpStatusCounter, findStatus, insertMentions, insertStatus, setConversation } from './statuses.repository.js';
import { parseText, renderText, statusLength } from './text.js';
import { visibleOne } from './visibility.js';
import { notBlockedByAuthor } from './get-status.js';
import { transaction } from '../app/transaction.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { attachMediaToStatus, checkMediaIds } from '../media/status-media.js';
import { type CheckedPoll, type PollInput, checkPoll } from '../polls/check-poll.js';
import { createPoll } from '../polls/create-poll.js';
import { queueCardFetch } from '../cards/queue-card.js';
import { queueDistribution } from '../jobs/distribute.js';

export interface CreateStatusInput {
  status?: string | undefined;
  spoiler_text?: string | undefined;
  visibility?: Visibility | undefined;
  language?: string | undefined;
  in_reply_to_id?: string | undefined;
  sensitive?: boolean | undefined;
  media_ids?: string[] | undefined;
  scheduled_at?: string | undefined;
  poll?: PollInput | undefined;
  quoted_status_id?: string | undefined;
  quote_approval_policy?: QuoteApprovalPolicy | undefined;
}

/** A post would mention accounts outside its `allowed_mentions` (422, with those accounts). */
export class UnexpectedMentionsError extends AppError {
  constructor(readonly accountIds: number[]) {
    super('unexpected_mentions', 'Post would be sent to unexpected accounts');
  }
}

/** Who posts: the account, the operator when one acts for an organ, and the app it posts from. */
export interface Poster extends ActingCaller {
  appName?: string | null;
}

export interface CheckedStatus {
  text: string;
  spoiler: string;
  visibility: Visibility;
  language: string | null;
  inReplyTo: number | null;
  /** Uploads to attach, in order (absent in statuses scheduled before media existed). */
  mediaIds?: number[];
  /** The poster marked the media sensitive. */
  sensitive?: boolean;
  /** A poll to attach (absent in statuses scheduled before polls existed). */
  poll?: CheckedPoll | null;
  /** The status it quotes (absent in statuses scheduled before quotes existed). */
  quotedStatusId?: number | null;
  /** Who may quote it, as asked (Mastodon's default: public). */
  quotePolicy?: QuoteApprovalPolicy;
}

/** Field checks, the same for a status posted now and one scheduled for later. */
/** An account's posting preferences (GET /api/v1/preferences): what a status not saying otherwise gets. */
export interface PostingDefaults {
  visibility: Visibility;
  sensitive: boolean;
  language: string | null;
}

/** The account's posting preferences as stored (update_credentials' source[privacy], source[sensitive], source[language]). */
export function postingDefaultsOf(a: { default_privacy: Visibility; default_sensitive: number; default_language: string | null }): PostingDefaults {
  return { visibility: a.default_privacy, sensitive: Number(a.default_sensitive) === 1, language: a.default_language };
}

export function checkStatus(input: CreateStatusInput, defaults?: PostingDefaults): CheckedStatus {
  const mediaIds = checkMediaIds(input.media_ids);
  const poll = checkPoll(input.poll);
  // As Mastodon: a status carries media or a poll, not both.
  if (poll && mediaIds.length > 0) throw fieldError('media_ids', 'ERR_INVALID', 'cannot be attached to a status with a poll', 'media_with_poll');
  const text = (input.status ?? '').replace(/\r\n/g, '\n');
  const spoiler = (input.spoiler_text ?? '').trim();
  // As Mastodon: a status may be only its media.
  if (!text.trim() && mediaIds.length === 0) throw fieldError('status', 'ERR_BLANK', "can't be blank");
  if (statusLength(text) + [...spoiler].length > LIMITS.statusMax)
    throw fieldError('status', 'ERR_TOO_LONG', `is too long (maximum is ${LIMITS.statusMax} characters, content warning included)`);
  const language = input.language?.trim() || defaults?.language || null;
  if (language !== null && !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language)) throw fieldError('language', 'ERR_INVALID', 'must be an ISO 639 language code', 'language_code');
  let inReplyTo: number | null = null;
  if (input.in_reply_to_id !== undefined && input.in_reply_to_id !== '') {
    if (!/^\d{1,15}$/.test(input.in_reply_to_id)) throw notFound('Status');
    inReplyTo = Number(input.in_reply_to_id);
  }
  let quotedStatusId: number | null = null;
  if (input.quoted_status_id !== undefined && input.quoted_status_id !== '') {
    if (!/^\d{1,15}$/.test(input.quoted_status_id)) throw notFound('Status');
    quotedStatusId = Number(input.quoted_status_id);
  }
  return {
    text,
    spoiler,
    visibility: input.visibility ?? defaults?.visibility ?? 'public',
    language,
    inReplyTo,
    mediaIds,
    sensitive: input.sensitive ?? defaults?.sensitive ?? false,
    poll,
    quotedStatusId,
    quotePolicy: input.quote_approval_policy ?? 'public',
  };
}

/**
 * Posts a status: renders it, records mentions and hashtags, bumps counters
 * and daily statistics, notifies those mentioned or replied to, and writes
 * it to home feeds — all in one transaction, so an acknowledged post is
 * whole after a crash.
 */
export async function createStatus(ctx: Context, caller: Poster, checked: CheckedStatus, options: { allowedMentions?: readonly number[] | undefined } = {}): Promise<StatusRow> {
  const author = caller.account;
  const authorId = Number(author.id);
  let parent: StatusRow | undefined;
  if (checked.inReplyTo !== null) {
    parent = await visibleOne(ctx.db, author, await findStatus(ctx.db, checked.inReplyTo));
    // As Mastodon: a status whose author blocks the replier cannot be replied to (it does not exist for them).
    if (!parent || parent.reblog_of_id !== null || !(await notBlockedByAuthor(ctx, author, parent))) throw notFound('Status');
  }
  // As Mastodon: a status the poster may not quote (unseen, blocked, or refused by its policy) does not exist for them.
  const quoted = checked.quotedStatusId ? await checkQuoteTarget(ctx, author, checked.quotedStatusId) : null;
  const parsed = parseText(checked.text, ctx.config.provider);
  const now = ctx.clock.now().toISOString();

  const created = await transaction(ctx, async (trx) => {
    const mentioned = await findOpenAccountsByUsernameKeys(trx, parsed.mentions);
    const accounts = mentionMap(ctx.config.publicUrl, mentioned);
    if (options.allowedMentions) {
      const allowed = new Set(options.allowedMentions);
      const unexpected = [...new Set([...accounts.values()].map((a) => a.id))].filter((id) => !allowed.has(id));
      if (unexpected.length) throw new UnexpectedMentionsError(unexpected);
    }
    const fresh = await findAccountById(trx, authorId);
    if (!fresh) throw notFound('Account');
    let status = await insertStatus(trx, {
      account_id: authorId,
      operator_id: caller.operator ? Number(caller.operator.id) : null,
      text: checked.text,
      content: renderText(checked.text, { baseUrl: ctx.config.publicUrl, localHost: ctx.config.provider, accounts }),
      spoiler_text: checked.spoiler,
      visibility: checked.visibility,
      language: checked.language,
      in_reply_to_id: parent ? Number(parent.id) : null,
      in_reply_to_account_id: parent ? Number(parent.account_id) : null,
      reblog_of_id: null,
      conversation_id: parent ? Number(parent.conversation_id ?? parent.id) : null,
      application_name: caller.appName ?? null,
      fanned_out: fansOutOnWrite(Number(fresh.followers_count)) ? 1 : 0,
      created_at: now,
      edited_at: null,
      deleted_at: null,
      // As Mastodon: kept as asked, with or without media (a content warning makes it sensitive too); a moderator may have
      // marked the account's media sensitive (src/moderation/): its new media is, whatever the poster says.
      sensitive: checked.sensitive || (fresh.sensitized_at !== null && (checked.mediaIds ?? []).length > 0) ? 1 : 0,
      quote_approval_policy: storedQuotePolicy(checked.visibility, checked.quotePolicy ?? 'public'),
      quoting: quoted ? 1 : 0,
    });
    if (status.conversation_id === null) {
      status = await setConversation(trx, Number(status.id), Number(status.id));
    }
    const statusId = Number(status.id);
    await attachMediaToStatus(trx, authorId, checked.mediaIds ?? [], statusId);
    if (checked.poll) status = await createPoll(trx, status, checked.poll, ctx.clock.now());
    const mentionedIds = [...accounts.values()].map((a) => a.id).filter((id) => id !== authorId);
    // Accounts of other servers are mentioned (federation tells their servers), but have no notifications or home feed here.
    const localMentionedIds = [...accounts.values()].filter((a) => a.local && a.id !== authorId).map((a) => a.id);
    await insertMentions(trx, statusId, mentionedIds);
    await attachTags(trx, statusId, parsed.tags);

    await bumpAccountCounter(trx, authorId, 'statuses_count', 1, now);
    await bumpDaily(trx, authorId, now, 'posts');
    const notes: NewNotification[] = localMentionedIds.map((id) => ({ accountId: id, fromAccountId: authorId, type: 'mention', statusId, at: now }));
    if (parent) {
      const parentAuthor = Number(parent.account_id);
      await bumpStatusCounter(trx, Number(parent.id), 'replies_count', 1);
      if (parentAuthor !== authorId) {
        if (!parent.uri) await bumpDaily(trx, parentAuthor, now, 'replies_received');
        if (!mentionedIds.includes(parentAuthor) && !parent.uri) notes.push({ accountId: parentAuthor, fromAccountId: authorId, type: 'reply', statusId, at: now });
      }
    }
    if (quoted) notes.push(...(await attachQuote(trx, status, quoted, now)));
    await notify(trx, notes);
    await fanOut(trx, status, localMentionedIds);
    if (status.visibility === 'direct') {
      const authorId = Number(status.account_id);
      await recordConversation(trx, status, mentionedIds, await accountsExcludingAny(trx, mentionedIds.filter((id) => id !== authorId), [authorId], now));
    }
    await recordOperatorAct(trx, caller, { action: 'status.create', subjectType: 'status', subjectId: statusId }, now);
    await queueCardFetch(trx, ctx.config, status, ctx.clock.now());
    await queueDistribution(trx, { type: 'status.created', status: statusId });
    return status;
  });
  return created;
}

