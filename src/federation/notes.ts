import type { Context as FedContext } from '@fedify/fedify';
import { Collection, Create, Document, Hashtag, LanguageString, Mention, Note, PUBLIC_COLLECTION, Question } from '@fedify/vocab';
import { instant } from './temporal.js';
import type { Context } from '../app/context.js';
import type { Executor } from '../db/database.js';
import { type AccountRow, acctOf, findAccountsByIds } from '../accounts/accounts.repository.js';
import { localActorUri, localStatusUri } from '../accounts/local-uris.js';
import { type MediaRow, mediaOfStatuses } from '../media/media.repository.js';
import { mediaUrl } from '../media/store.js';
import { type PollRow, findPolls, optionsOf } from '../polls/polls.repository.js';
import { type StatusRow, findStatusesAnyState, mentionsOf, tagsOf } from '../statuses/statuses.repository.js';

/** What a Note needs beyond its status row, loaded once for a batch (the outbox pages by 20). */
export interface NoteParts {
  /** Mentioned accounts per status. */
  mentions: Map<number, AccountRow[]>;
  tags: Map<number, string[]>;
  media: Map<number, MediaRow[]>;
  polls: Map<number, PollRow>;
  /** The ActivityPub id of each reply's parent (local or remote; `in_reply_to_uri` when the parent is not known here). */
  parents: Map<number, string>;
  /** The parent's author, when it is a remote account (it is told of the reply). */
  parentAuthors: Map<number, AccountRow>;
}

/** The ActivityPub id of any stored status: its own `uri` (remote), else the local one. */
export function statusUriOf(ctx: Pick<Context, 'config'>, s: Pick<StatusRow, 'id' | 'uri'>, author: Pick<AccountRow, 'username' | 'uri'>): string {
  return s.uri ?? localStatusUri(ctx.config, author.username, s.id);
}

/** The ActivityPub id of any stored account. */
export function actorUriOf(ctx: Pick<Context, 'config'>, a: Pick<AccountRow, 'username' | 'uri' | 'domain'>): string {
  return a.domain === null ? localActorUri(ctx.config, a.username) : (a.uri as string);
}

/** Loads mentions, tags, media, polls and parents of these statuses (a few queries whatever their number). */
export async function loadNoteParts(db: Executor, statuses: readonly StatusRow[], config: Context['config']): Promise<NoteParts> {
  const ids = statuses.map((s) => Number(s.id));
  const [mentionIds, tags, media, polls] = await Promise.all([
    mentionsOf(db, ids),
    tagsOf(db, ids),
    mediaOfStatuses(db, ids),
    findPolls(db, statuses.flatMap((s) => (s.poll_id === null ? [] : [Number(s.poll_id)]))),
  ]);
  const parentIds = statuses.flatMap((s) => (s.in_reply_to_id === null ? [] : [Number(s.in_reply_to_id)]));
  const parentRows = await findStatusesAnyState(db, parentIds);
  const accountIds = new Set<number>([...[...mentionIds.values()].flat(), ...parentRows.map((p) => Number(p.account_id))]);
  const accounts = new Map((await findAccountsByIds(db, [...accountIds])).map((a) => [Number(a.id), a]));
  const parentById = new Map(parentRows.map((p) => [Number(p.id), p]));
  const parents = new Map<number, string>();
  const parentAuthors = new Map<number, AccountRow>();
  for (const s of statuses) {
    const p = s.in_reply_to_id === null ? undefined : parentById.get(Number(s.in_reply_to_id));
    const pa = p ? accounts.get(Number(p.account_id)) : undefined;
    if (p && pa) {
      parents.set(Number(s.id), statusUriOf({ config }, p, pa));
      if (pa.domain !== null) parentAuthors.set(Number(s.id), pa);
    } else if (s.in_reply_to_uri) parents.set(Number(s.id), s.in_reply_to_uri);
  }
  const mentions = new Map<number, AccountRow[]>();
  for (const [sid, list] of mentionIds) mentions.set(sid, list.flatMap((id) => accounts.get(id) ?? []));
  return { mentions, tags, media, polls: new Map(polls.map((p) => [Number(p.status_id), p])), parents, parentAuthors };
}

/** Who a status is addressed to, as Mastodon addresses it: by visibility, the mentioned in cc (in to for a direct one). */
export function audienceOf(ctx: Pick<Context, 'config'>, author: Pick<AccountRow, 'username'>, s: Pick<StatusRow, 'visibility'>, mentioned: readonly AccountRow[]): { to: URL[]; cc: URL[] } {
  const followers = new URL(`${localActorUri(ctx.config, author.username)}/followers`);
  const named = mentioned.map((a) => new URL(actorUriOf(ctx, a)));
  switch (s.visibility) {
    case 'public':
      return { to: [PUBLIC_COLLECTION], cc: [followers, ...named] };
    case 'unlisted':
      return { to: [followers], cc: [PUBLIC_COLLECTION, ...named] };
    case 'private':
      return { to: [followers], cc: named };
    default:
      return { to: named, cc: [] };
  }
}

interface MediaMeta {
  original?: { width?: number; height?: number };
  focus?: { x?: number; y?: number };
}

function documentOf(ctx: Context, m: MediaRow): Document {
  let meta: MediaMeta = {};
  try {
    meta = JSON.parse(m.meta) as MediaMeta;
  } catch {
    meta = {};
  }
  const url = m.file_key ? mediaUrl(ctx.config, m.file_key) : (m.remote_url ?? '');
  return new Document({
    mediaType: m.content_type,
    url: new URL(url),
    name: m.description ?? null,
    width: meta.original?.width ?? null,
    height: meta.original?.height ?? null,
  });
}

/**
 * A local status as ActivityPub sends and shows it (deliveries, the outbox,
 * featured): a Note, or a Question when it has a poll. Ids as Mastodon's
 * (/users/{username}/statuses/{id}); text as stored (our HTML); mentions and
 * hashtags as tags, media as Documents, a content warning as summary.
 * Blurhash and focal point are not sent: Fedify's vocabulary has no such
 * properties and receivers compute their own blurhash.
 */
export function noteOf(ctx: Context, _fctx: FedContext<void> | null, author: Pick<AccountRow, 'username'>, s: StatusRow, parts: NoteParts): Note | Question {
  const sid = Number(s.id);
  const mentioned = parts.mentions.get(sid) ?? [];
  const { to, cc } = audienceOf(ctx, author, s, mentioned);
  const host = new URL(ctx.config.publicUrl).host;
  const tags = [
    ...mentioned.map((a) => new Mention({ href: new URL(actorUriOf(ctx, a)), name: `@${a.domain === null ? `${a.username}@${host}` : acctOf(a)}` })),
    ...(parts.tags.get(sid) ?? []).map((t) => new Hashtag({ href: new URL(`${ctx.config.publicUrl}/tags/${encodeURIComponent(t.toLowerCase())}`), name: `#${t}` })),
  ];
  const parent = parts.parents.get(sid);
  const values = {
    id: new URL(localStatusUri(ctx.config, author.username, sid)),
    attribution: new URL(localActorUri(ctx.config, author.username)),
    contents: s.language ? [s.content, new LanguageString(s.content, s.language)] : [s.content],
    summary: s.spoiler_text === '' ? null : s.spoiler_text,
    sensitive: Number(s.sensitive) === 1 || s.spoiler_text !== '',
    published: instant(s.created_at),
    ...(s.edited_at ? { updated: instant(s.edited_at) } : {}),
    url: new URL(`${ctx.config.publicUrl}/@${author.username}/${sid}`),
    replyTarget: parent ? new URL(parent) : null,
    tos: to,
    ccs: cc,
    tags,
    attachments: (parts.media.get(sid) ?? []).map((m) => documentOf(ctx, m)),
  };
  const poll = parts.polls.get(sid);
  if (!poll) return new Note(values);
  const { titles, tallies } = optionsOf(poll);
  const ended = new Date(poll.expires_at).getTime() <= ctx.clock.now().getTime();
  // Hidden totals stay hidden from other servers too until the end (Mastodon sends no count then).
  const shown = ended || Number(poll.hide_totals) !== 1;
  const options = titles.map((name, i) => new Note({ name, ...(shown ? { replies: new Collection({ totalItems: tallies[i] ?? 0 }) } : {}) }));
  return new Question({
    ...values,
    ...(Number(poll.multiple) === 1 ? { inclusiveOptions: options } : { exclusiveOptions: options }),
    endTime: instant(poll.expires_at),
    voters: Number(poll.voters_count),
    ...(ended ? { closed: instant(poll.expires_at) } : {}),
  });
}

/** The Create of a local status (id `…/statuses/{id}/activity`, as Mastodon), as the outbox lists it and deliveries carry it. */
export function createOf(ctx: Context, fctx: FedContext<void> | null, author: Pick<AccountRow, 'username'>, s: StatusRow, parts: NoteParts): Create {
  const note = noteOf(ctx, fctx, author, s, parts);
  return new Create({
    id: new URL(`${localStatusUri(ctx.config, author.username, s.id)}/activity`),
    actor: new URL(localActorUri(ctx.config, author.username)),
    object: note,
    published: instant(s.created_at),
    tos: note.toIds,
    ccs: note.ccIds,
  });
}
