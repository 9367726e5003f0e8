import type { Context as FedContext, DocumentLoader } from '@fedify/fedify';
import { Article, Document, Hashtag, Image, Link, Mention, Note, Object as ASObject, Question } from '@fedify/vocab';
import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { findLocalActorAccount } from './actors.js';
import { parseLocalActorUri } from '../accounts/local-uris.js';
import { fetchRemoteAttachment } from '../media/fetch-remote-media.js';
import { type RemoteMediaInput, type RemoteStatusInput, insertRemoteStatus, statusByUri } from '../statuses/insert-remote-status.js';
import type { StatusRow } from '../statuses/statuses.repository.js';
import type { RemotePollInput } from '../polls/remote-poll.js';
import type { Visibility } from '../statuses/statuses.table.js';
import { domainOf, fedContextOf, fetchRemoteDocument, rememberActor } from './remote-actors.js';

/** ActivityStreams' public collection, as Fedify normalises it. */
export const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';

/** A loader that fetches nothing: what an activity embeds is read, what it only names is not fetched. */
export const noFetch: DocumentLoader = async (url: string) => {
  throw new Error(`not fetched: ${url}`);
};

/**
 * Fetches `id` from its server (rememberActor's rules: its own host, the
 * guard, no blocked domain) and reads it as an ActivityStreams object, naming
 * nothing more to fetch; null when it cannot be had or read.
 */
export async function fetchRemoteObject(ctx: Context, fctx: FedContext<void>, id: URL): Promise<ASObject | null> {
  const doc = await fetchRemoteDocument(ctx, fctx, id);
  if (!doc) return null;
  try {
    return await ASObject.fromJsonLd(doc, { documentLoader: noFetch, contextLoader: fctx.contextLoader });
  } catch {
    return null;
  }
}

/** The kinds of object that become statuses. */
export type StatusObject = Note | Article | Question;

export function isStatusObject(o: unknown): o is StatusObject {
  return o instanceof Note || o instanceof Article || o instanceof Question;
}

/** A local account behind an actor id of this provider (open, not suspended). */
export async function localAccountOf(ctx: Context, id: URL | null | undefined): Promise<AccountRow | undefined> {
  if (!id) return undefined;
  const name = parseLocalActorUri(ctx.config, id.href);
  return name === null ? undefined : findLocalActorAccount(ctx, name);
}

/** As Mastodon reads `to`/`cc`: Public addressed → public, Public in cc → unlisted, the author's followers → private, else direct. */
export function visibilityOf(o: StatusObject, followersUrl: string | null): Visibility {
  const to = o.toIds.map((u) => u.href);
  const cc = o.ccIds.map((u) => u.href);
  const isPublic = (u: string) => u === PUBLIC || u === 'as:Public' || u === 'Public';
  if (to.some(isPublic)) return 'public';
  if (cc.some(isPublic)) return 'unlisted';
  if (followersUrl && [...to, ...cc].includes(followersUrl)) return 'private';
  return 'direct';
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** The single author of an object, when it names exactly one. */
export function authorOf(o: ASObject): URL | null {
  const ids = o.attributionIds;
  return ids.length === 1 ? (ids[0] as URL) : null;
}

function urlOf(v: URL | Link | null | undefined): string | null {
  if (!v) return null;
  return v instanceof URL ? v.href : (v.href?.href ?? null);
}

/** The parts of a Note every path reads (Create, Update): text, warning, language, mentions, hashtags. */
export async function noteParts(o: StatusObject) {
  const mentionUris: string[] = [];
  const tags: string[] = [];
  for await (const t of o.getTags({ documentLoader: noFetch, suppressError: true })) {
    if (t instanceof Mention && t.href) mentionUris.push(t.href.href);
    else if (t instanceof Hashtag && t.name) tags.push(String(t.name).replace(/^#/, ''));
  }
  const content = o.contents[0] ?? o.content;
  const lang = (o.contents.find((c) => typeof c !== 'string') as { locale?: Intl.Locale } | undefined)?.locale?.baseName ?? null;
  return {
    contentHtml: str(content) ?? '',
    spoilerHtml: str(o.summary),
    language: lang ? lang.toLowerCase().replace(/-(\w+)$/, (_m, r: string) => `-${r.toUpperCase()}`) : null,
    sensitive: o.sensitive === true,
    mentionUris,
    tags,
  };
}

/** The attachments, each fetched and stored as ours when it is a picture (reject_media: kept as a link; failures too). */
async function mediaOf(ctx: Context, o: StatusObject, author: AccountRow): Promise<RemoteMediaInput[]> {
  const out: RemoteMediaInput[] = [];
  for await (const a of o.getAttachments({ documentLoader: noFetch, suppressError: true })) {
    if (out.length >= 4) break;
    if (!(a instanceof Document || a instanceof Image)) continue;
    const url = urlOf(a.url as URL | Link | null);
    if (!url) continue;
    const described = { url, mediaType: a.mediaType ?? null, name: str(a.name), width: a.width ?? null, height: a.height ?? null };
    const fetched = await fetchRemoteAttachment(ctx, described, { domain: author.domain as string });
    out.push({ url, description: described.name, width: described.width, height: described.height, fetched });
  }
  return out;
}

/**
 * A Question's poll as it states it: oneOf (one choice) or anyOf (several),
 * each option's votes its `replies.totalItems`; the end its `endTime`, or
 * when it was `closed` (true without a time: closed now). Null for a Note,
 * or a Question with no options.
 */
export async function pollOf(ctx: Context, o: StatusObject): Promise<RemotePollInput | null> {
  if (!(o instanceof Question)) return null;
  const read = { documentLoader: noFetch, suppressError: true };
  const options: RemotePollInput['options'][number][] = [];
  let multiple = false;
  for await (const opt of o.getExclusiveOptions(read)) options.push({ title: str(opt.name) ?? '', votes: (await opt.getReplies(read))?.totalItems ?? null });
  if (options.length === 0) {
    multiple = true;
    for await (const opt of o.getInclusiveOptions(read)) options.push({ title: str(opt.name) ?? '', votes: (await opt.getReplies(read))?.totalItems ?? null });
  }
  if (options.length === 0) return null;
  const closed = o.closed;
  const expiresAt = o.endTime ? o.endTime.toString() : typeof closed === 'object' && closed !== null ? closed.toString() : closed === true ? ctx.clock.now().toISOString() : null;
  return { options, multiple, expiresAt, voters: o.voters ?? null };
}

/**
 * A status object of `author` as insertRemoteStatus's input. The caller has
 * checked that the author is the object's one attribution and that the
 * object's id is on the author's host.
 */
export async function statusInput(ctx: Context, o: StatusObject, author: AccountRow): Promise<RemoteStatusInput> {
  const parts = await noteParts(o);
  return {
    accountId: Number(author.id),
    uri: (o.id as URL).href,
    url: urlOf(o.url as URL | Link | null),
    contentHtml: parts.contentHtml,
    spoilerHtml: parts.spoilerHtml,
    visibility: visibilityOf(o, author.followers_url),
    language: parts.language,
    sensitive: parts.sensitive,
    published: o.published ? o.published.toString() : ctx.clock.now().toISOString(),
    inReplyToUri: o.replyTargetId?.href ?? null,
    mentionUris: parts.mentionUris,
    tags: parts.tags,
    media: await mediaOf(ctx, o, author),
    poll: await pollOf(ctx, o),
  };
}

/** Why a status object is not taken from an actor: null when it is theirs to state. */
export function refusalOf(o: StatusObject, actorId: URL | null): string | null {
  if (!o.id) return 'the object has no id';
  const author = authorOf(o);
  if (!actorId || !author || author.href !== actorId.href) return 'the object is attributed to another actor than the one who sent it';
  if (domainOf(o.id) !== domainOf(actorId)) return "the object's id is not on its author's host";
  return null;
}

/** Stores a status object whose author is checked (refusalOf), the author remembered first. Null: the author could not be stored. */
export async function storeStatusObject(ctx: Context, o: StatusObject): Promise<StatusRow | null> {
  const authorId = authorOf(o);
  if (!authorId) return null;
  const author = await rememberActor(ctx, authorId);
  if (!author) return null;
  return insertRemoteStatus(ctx, await statusInput(ctx, o, author));
}

/**
 * The status behind an object id: a local one, a stored one, or one fetched
 * from its own server (checked: the id asked for, on its author's host) and
 * stored. Null when it cannot be had.
 */
export async function resolveStatus(ctx: Context, id: URL, fctx: FedContext<void> | null = fedContextOf(ctx)): Promise<StatusRow | null> {
  const known = await statusByUri(ctx, ctx.db, id.href);
  if (known) return known;
  if (!fctx) return null;
  const o = await fetchRemoteObject(ctx, fctx, id);
  if (!isStatusObject(o) || o.id?.href !== id.href) return null;
  const author = authorOf(o);
  if (!author || refusalOf(o, author) !== null) return null;
  return storeStatusObject(ctx, o);
}
