import { localStatusUri } from '../accounts/local-uris.js';
import type { Config } from '../app/config.js';
import type { AccountJson } from '../accounts/accounts.presenter.js';
import type { Status } from '../http/schemas/statuses.js';
import type { MediaJson } from '../media/media.presenter.js';
import type { PollJson } from '../polls/polls.presenter.js';
import type { PreviewCardJson } from '../cards/cards.presenter.js';
import type { CustomEmoji } from '../http/schemas/emojis.js';
import type { StatusRow } from './statuses.repository.js';
import type { FilterResult } from '../http/schemas/filters.js';
import { type QuoteExtras, approvalKeys } from '../quotes/quotes.presenter.js';

/** Mastodon's Status entity: the schema's type (src/http/schemas/statuses.ts), so `tsc` fails if the presenter drifts from it. */
export type StatusJson = Status;

/**
 * Everything a batch of statuses needs to be presented, loaded beforehand
 * (hydrate.ts): the presenter itself does no I/O.
 */
export interface StatusHydration {
  /** The statuses and the originals they reblog, by id. */
  statuses: ReadonlyMap<number, StatusRow>;
  /** Authors and mentioned accounts, by id; a status whose author is missing is not shown. */
  accounts: ReadonlyMap<number, AccountJson>;
  /** Mentioned account ids, by status id. */
  mentions: ReadonlyMap<number, readonly number[]>;
  /** Hashtags as written, by status id. */
  tags: ReadonlyMap<number, readonly string[]>;
  /** Media attachments, presented, by status id (absent: none). */
  media: ReadonlyMap<number, readonly MediaJson[]>;
  /** What the viewer has favourited and reblogged among them (empty for no viewer). */
  favourited: ReadonlySet<number>;
  reblogged: ReadonlySet<number>;
  /** Polls as the viewer sees them, by status id (src/polls/polls.presenter.ts). */
  polls: ReadonlyMap<number, PollJson>;
  /** What the viewer has bookmarked, and of their own statuses, pinned (empty for no viewer). */
  bookmarked: ReadonlySet<number>;
  pinned: ReadonlySet<number>;
  /** Link preview cards, presented, by status id (absent: none yet). */
  cards: ReadonlyMap<number, PreviewCardJson>;
  /** Custom emojis written in each status's text (absent: none). */
  emojis?: ReadonlyMap<number, readonly CustomEmoji[]>;
  /** Those in a thread the viewer muted (absent: none, as for a stream's many readers). */
  muted?: ReadonlySet<number>;
  /** The viewer's filter results, by status id (absent: none match, or no viewer). */
  filtered?: ReadonlyMap<number, readonly FilterResult[]>;
  /** Show the statuses of suspended accounts (moderators judging a report); everywhere else a suspension takes them down. */
  showSuspended?: boolean;
  /** Quotes and quote approvals as the viewer gets them (src/quotes/quotes.presenter.ts; absent: as for no viewer). */
  quoting?: QuoteExtras;
}

/** The quote fields of a status, last in its JSON (the byte-spliced form adds them the same way): quotes_count, quote, quote_approval. */
export function quoteFields(h: Pick<StatusHydration, 'quoting'>, s: StatusRow): Pick<StatusJson, 'quotes_count' | 'quote' | 'quote_approval'> {
  const id = Number(s.id);
  return {
    quotes_count: Number(s.quotes_count),
    quote: h.quoting?.quotes.get(id) ?? null,
    quote_approval: h.quoting?.approvals.get(id) ?? { automatic: approvalKeys(s.quote_approval_policy), manual: [], current_user: 'denied' },
  };
}

type Head = Pick<
  StatusJson,
  | 'id'
  | 'created_at'
  | 'in_reply_to_id'
  | 'in_reply_to_account_id'
  | 'sensitive'
  | 'spoiler_text'
  | 'visibility'
  | 'language'
  | 'uri'
  | 'url'
  | 'replies_count'
  | 'reblogs_count'
  | 'favourites_count'
  | 'edited_at'
>;
type Middle = Pick<StatusJson, 'content' | 'filtered'>;
type Tail = Pick<StatusJson, 'media_attachments' | 'mentions' | 'tags' | 'emojis' | 'card' | 'poll'>;

/**
 * The fields of a status that are the same for every viewer, in the groups
 * between which the viewer's flags, the reblogged original and the author go
 * (key order as Mastodon's serializer). The byte-spliced form (status-cache.ts)
 * serializes these same groups, so the two cannot disagree.
 */
export interface StatusFields {
  head: Head;
  middle: Middle;
  application: Pick<StatusJson, 'application'>;
  tail: Tail;
}

export function statusFields(
  config: Config,
  s: StatusRow,
  authorUsername: string,
  mentioned: readonly AccountJson[],
  tags: readonly string[],
  media: readonly MediaJson[] = [],
  card: PreviewCardJson | null = null,
  emojis: readonly CustomEmoji[] = [],
): StatusFields {
  // A remote status keeps its server's id and page (its page, else its id); a local one's id is the ActivityPub form (local-uris.ts).
  const url = s.uri !== null ? (s.url ?? s.uri) : `${config.publicUrl}/@${authorUsername}/${s.id}`;
  const uri = s.uri ?? localStatusUri(config, authorUsername, s.id);
  return {
    head: {
      id: String(s.id),
      created_at: s.created_at,
      in_reply_to_id: s.in_reply_to_id === null ? null : String(s.in_reply_to_id),
      in_reply_to_account_id: s.in_reply_to_account_id === null ? null : String(s.in_reply_to_account_id),
      sensitive: s.spoiler_text !== '' || s.sensitive === 1,
      spoiler_text: s.spoiler_text,
      visibility: s.visibility,
      language: s.language,
      uri,
      url,
      replies_count: Number(s.replies_count),
      reblogs_count: Number(s.reblogs_count),
      favourites_count: Number(s.favourites_count),
      edited_at: s.edited_at,
    },
    middle: { content: s.content, filtered: [] },
    application: { application: s.application_name ? { name: s.application_name, website: null } : null },
    tail: {
      media_attachments: [...media],
      mentions: mentioned.map((a) => ({ id: a.id, username: a.username, url: a.url, acct: a.acct })),
      tags: tags.map((name) => ({ name, url: `${config.publicUrl}/tags/${encodeURIComponent(name)}` })),
      emojis: [...emojis],
      card,
      poll: null,
    },
  };
}

/** The viewer-independent fields of one hydrated status; null when its author is missing. */
export function hydratedFields(config: Config, h: StatusHydration, s: StatusRow): StatusFields | null {
  const author = h.accounts.get(Number(s.account_id));
  if (!author) return null;
  const mentioned = (h.mentions.get(Number(s.id)) ?? []).flatMap((id) => h.accounts.get(id) ?? []);
  return statusFields(config, s, author.username, mentioned, h.tags.get(Number(s.id)) ?? [], h.media.get(Number(s.id)) ?? [], h.cards.get(Number(s.id)) ?? null, h.emojis?.get(Number(s.id)) ?? []);
}

/**
 * Mastodon's Status entity for one hydrated status as the viewer sees it, or
 * null when it cannot be shown (its author, or the original it reblogs, is
 * missing from the hydration).
 */
export function statusEntity(config: Config, h: StatusHydration, s: StatusRow): StatusJson | null {
  const fields = hydratedFields(config, h, s);
  const account = h.accounts.get(Number(s.account_id));
  if (!fields || !account || (account.suspended && !h.showSuspended)) return null;
  let reblog: StatusJson | null = null;
  if (s.reblog_of_id !== null) {
    const original = h.statuses.get(Number(s.reblog_of_id));
    reblog = original ? statusEntity(config, h, original) : null;
    if (!reblog) return null;
  }
  const id = Number(s.id);
  return {
    ...fields.head,
    favourited: h.favourited.has(id),
    reblogged: h.reblogged.has(id),
    muted: h.muted?.has(id) ?? false,
    bookmarked: h.bookmarked.has(id),
    pinned: h.pinned.has(id),
    ...fields.middle,
    filtered: h.filtered?.has(id) ? [...(h.filtered.get(id) ?? [])] : fields.middle.filtered,
    reblog,
    ...fields.application,
    account,
    ...fields.tail,
    poll: h.polls.get(id) ?? null,
    ...quoteFields(h, s),
  };
}

/** A batch in order, leaving out what cannot be shown. */
export function statusEntities(config: Config, h: StatusHydration, rows: readonly StatusRow[]): StatusJson[] {
  return rows.flatMap((s) => statusEntity(config, h, s) ?? []);
}
