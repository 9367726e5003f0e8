import type { Context } from '../app/context.js';
import { findAccountsByIds } from '../accounts/accounts.repository.js';
import { liveTokenIds } from '../oauth/oauth.repository.js';
import { presentNotifications } from '../social/notifications.presenter.js';
import { findNotificationsByIds } from '../social/notifications.repository.js';
import { followersAmong, followersOfEachAmong } from '../social/follows.repository.js';
import { hydrateStatuses } from '../statuses/hydrate.js';
import { loadStatuses } from '../statuses/status-cache.js';
import { statusEntity } from '../statuses/statuses.presenter.js';
import { type StatusRow, findStatusesAnyState, marksAmong, mentionsOf, tagsOf } from '../statuses/statuses.repository.js';
import { presentConversations } from '../timelines/conversations.presenter.js';
import { conversationRowsWithLast } from '../timelines/conversations.repository.js';
import type { EventBus } from './bus.js';
import type { StreamEvent } from './events.js';
import { STREAMING_LIMITS } from './limits.js';
import { hashtagKey } from './channels.js';
import { presentAnnouncements } from '../announcements/announcements.presenter.js';
import { findAnnouncement } from '../announcements/announcements.repository.js';
import { isActive } from '../announcements/announcements.policy.js';
import { type StatusAuthors, excludesStatus, exclusionsOfMany } from '../social/exclusions.js';
import { listsForStatus, listsWithMember } from '../lists/lists.repository.js';
import { keptOutOfHome, tagFollowersAmong } from '../timelines/feeds.repository.js';
import { type CompiledFilter, compileFilters, matchFilters } from '../filters/apply-filters.js';
import { activeFiltersOf } from '../filters/filters.repository.js';
import type { FilterContext } from '../filters/filters.table.js';
import type { FilterResult } from '../http/schemas/filters.js';

/** One open stream: a WebSocket connection (any number of subscriptions) or an event stream (one). */
export interface StreamConnection {
  readonly kind: 'ws' | 'sse';
  readonly accountId: number;
  readonly tokenId: number;
  /** The client's address, for the per-address limit. */
  readonly address: string;
  /** Sends one prepared frame (shared by every connection of the same kind and stream name). */
  write(frame: Buffer): void;
  /** Ends the stream (its token was revoked, the server stops). */
  close(): void;
}

/** A connection's interest in one stream: the name its messages carry and the hub keys it hears. */
export interface Subscription {
  readonly conn: StreamConnection;
  readonly stream: readonly string[];
  readonly keys: readonly string[];
}

/** The frame of one event for one kind of connection and stream name: Mastodon's WebSocket message, or an event-stream event (an event without a payload, as Mastodon's `filters_changed`, has none in the message and `data: undefined` in the event stream). */
export function frameOf(kind: 'ws' | 'sse', stream: readonly string[], event: string, payload: string | undefined): Buffer {
  return Buffer.from(kind === 'ws' ? JSON.stringify({ stream, event, payload }) : `event: ${event}\ndata: ${payload}\n\n`);
}

/** Builds each distinct frame of one delivery once, however many connections receive it. */
class Frames {
  private readonly built = new Map<string, Buffer>();
  constructor(private readonly event: string) {}
  send(sub: Subscription, payload: string | undefined, variant: string): void {
    const key = `${sub.conn.kind}\u0000${variant}\u0000${streamKey(sub)}`;
    let frame = this.built.get(key);
    if (!frame) {
      frame = frameOf(sub.conn.kind, sub.stream, this.event, payload);
      this.built.set(key, frame);
    }
    sub.conn.write(frame);
  }
}

const emptySet: ReadonlySet<number> = new Set();

const streamKeys = new WeakMap<Subscription, string>();

/** The stream name of a subscription as one string, computed once. */
function streamKey(sub: Subscription): string {
  let key = streamKeys.get(sub);
  if (key === undefined) streamKeys.set(sub, (key = sub.stream.join('\u0000')));
  return key;
}

/**
 * This process's open streams and what they listen to, and the dispatch of
 * each event to them. Events are handled one at a time, in the order they
 * arrive (an update is never overtaken by its own deletion). An event is read
 * and rendered once: the status and its author from the process's cache, the
 * followers of the author among this process's listeners in one query, and
 * the per-viewer flags (favourited, reblogged) only where the counters say
 * someone could have set them, in one query for all recipients. Recipients
 * whose flags agree share one payload, and every connection of the same kind
 * and stream name shares one frame.
 */
export class StreamHub {
  /** `user:ID`, `notification:ID`, `direct:ID` → subscriptions, by account; `list:ID` by list. */
  private readonly personal = new Map<string, Map<number, Set<Subscription>>>([
    ['user', new Map()],
    ['notification', new Map()],
    ['direct', new Map()],
    ['list', new Map()],
  ]);
  /** `public`, `public:local`, `hashtag:雾霾`… → subscriptions. */
  private readonly shared = new Map<string, Set<Subscription>>();
  private readonly connections = new Set<StreamConnection>();
  private readonly byAccount = new Map<number, number>();
  private readonly byAddress = new Map<string, number>();
  private queue: Promise<void> = Promise.resolve();
  private tokenTimer: NodeJS.Timeout | null = null;
  private started = false;

  constructor(
    private readonly ctx: Context,
    private readonly bus: EventBus,
  ) {
    bus.onEvents((events) => this.accept(events));
  }

  private subscriptions = 0;

  /** Open streams in this process. */
  get size(): number {
    return this.connections.size;
  }

  /** Subscriptions held by them (a WebSocket may hold many). */
  get subscriptionCount(): number {
    return this.subscriptions;
  }

  /** Why this connection may not open now (a limit reached), or null. */
  refusal(accountId: number, address: string): string | null {
    if ((this.byAccount.get(accountId) ?? 0) >= STREAMING_LIMITS.connectionsPerAccount) return 'Too many streaming connections for this account';
    if (this.ctx.config.rateLimit && (this.byAddress.get(address) ?? 0) >= STREAMING_LIMITS.connectionsPerAddress) return 'Too many streaming connections from this address';
    return null;
  }

  open(conn: StreamConnection): void {
    this.connections.add(conn);
    this.byAccount.set(conn.accountId, (this.byAccount.get(conn.accountId) ?? 0) + 1);
    this.byAddress.set(conn.address, (this.byAddress.get(conn.address) ?? 0) + 1);
    if (!this.started) {
      this.started = true;
      this.bus.listen();
      this.tokenTimer = setInterval(() => void this.recheckTokens(), STREAMING_LIMITS.tokenCheckMs);
      this.tokenTimer.unref();
    }
  }

  /** Forgets the connection (its subscriptions must have been removed by its owner). */
  closed(conn: StreamConnection): void {
    if (!this.connections.delete(conn)) return;
    const a = (this.byAccount.get(conn.accountId) ?? 1) - 1;
    if (a > 0) this.byAccount.set(conn.accountId, a);
    else this.byAccount.delete(conn.accountId);
    const b = (this.byAddress.get(conn.address) ?? 1) - 1;
    if (b > 0) this.byAddress.set(conn.address, b);
    else this.byAddress.delete(conn.address);
  }

  add(sub: Subscription): void {
    this.subscriptions++;
    for (const key of sub.keys) {
      const [kind, rest] = splitKey(key);
      const byId = kind ? this.personal.get(kind) : undefined;
      if (byId) {
        const id = Number(rest);
        let set = byId.get(id);
        if (!set) byId.set(id, (set = new Set()));
        set.add(sub);
      } else {
        let set = this.shared.get(key);
        if (!set) this.shared.set(key, (set = new Set()));
        set.add(sub);
      }
    }
  }

  remove(sub: Subscription): void {
    this.subscriptions--;
    for (const key of sub.keys) {
      const [kind, rest] = splitKey(key);
      const byId = kind ? this.personal.get(kind) : undefined;
      if (byId) {
        const id = Number(rest);
        const set = byId.get(id);
        set?.delete(sub);
        if (set?.size === 0) byId.delete(id);
      } else {
        const set = this.shared.get(key);
        set?.delete(sub);
        if (set?.size === 0) this.shared.delete(key);
      }
    }
  }

  /** Closes every stream (the server is stopping). */
  closeAll(): void {
    if (this.tokenTimer) clearInterval(this.tokenTimer);
    for (const conn of [...this.connections]) conn.close();
  }

  /** Takes events off the bus; they are handled in order, one after another. */
  accept(events: readonly StreamEvent[]): void {
    if (this.connections.size === 0) return;
    for (const e of events) {
      this.queue = this.queue.then(() => this.dispatch(e)).catch((err: unknown) => this.ctx.log.error({ err, event: e.t }, 'streaming: an event could not be delivered'));
    }
  }

  /** Resolves once every event accepted so far has been handled (tests, benchmarks). */
  drained(): Promise<void> {
    return this.queue;
  }

  private async dispatch(e: StreamEvent): Promise<void> {
    const t0 = performance.now();
    await this.route(e);
    this.ctx.log.debug({ event: e.t, ms: Math.round((performance.now() - t0) * 10) / 10, streams: this.connections.size }, 'streaming: event delivered');
  }

  private async route(e: StreamEvent): Promise<void> {
    switch (e.t) {
      case 'status':
        return this.statusEvent(e.id, 'update');
      case 'status.update':
        return this.statusEvent(e.id, 'status.update');
      case 'delete':
        return this.deleteEvent(e.ids);
      case 'notification':
        return this.notificationEvent(e.n);
      case 'conversation':
        return this.conversationEvent(e.status, e.accounts);
      case 'kill':
        return this.kill(new Set(e.tokens));
      case 'announcement':
      case 'announcement.reaction':
      case 'announcement.delete':
        return this.announcementEvent(e);
      case 'filters_changed': {
        const frames = new Frames('filters_changed');
        for (const sub of (this.personal.get('user') as Map<number, Set<Subscription>>).get(e.account) ?? []) frames.send(sub, undefined, '');
        return;
      }
    }
  }

  /**
   * Who among this process's `user` listeners has the status in their home
   * timeline (src/timelines/fan-out.ts and the merge on read): its author;
   * for anything but a direct message, the author's followers (a private
   * status reaches no one else: Mastodon's visibility, src/statuses/status.policy.ts);
   * for a direct message, those it mentions.
   */
  private async homeRecipients(row: StatusRow, mentioned: readonly number[], authorFollowers: number | undefined, tags: readonly string[] = []): Promise<number[]> {
    const listening = this.personal.get('user') as Map<number, Set<Subscription>>;
    if (listening.size === 0) return [];
    const author = Number(row.account_id);
    const out = new Set<number>();
    if (listening.has(author)) out.add(author);
    if (row.visibility === 'direct') {
      for (const id of mentioned) if (listening.has(id)) out.add(id);
    } else {
      // All the author's followers when they are few against the listeners, else only the listeners among them.
      const all = authorFollowers !== undefined && authorFollowers <= 4 * listening.size;
      for (const id of await followersAmong(this.ctx.db, author, all ? null : [...listening.keys()])) if (listening.has(id)) out.add(id);
      // Followers whose home keeps it out (exclusive lists, reblogs, languages: src/timelines/feeds.repository.ts) do not hear it either.
      const followers = [...out].filter((id) => id !== author);
      if (followers.length > 0) for (const id of await keptOutOfHome(this.ctx.db, row, followers)) out.delete(id);
      // A public original reaches those following one of its hashtags (unless an exclusive list of theirs holds the author).
      if (row.visibility === 'public' && row.reblog_of_id === null && tags.length > 0) {
        const byTag = (await tagFollowersAmong(this.ctx.db, tags, [...listening.keys()])).filter((id) => !out.has(id) && id !== author);
        const kept = byTag.length > 0 ? await keptOutOfHome(this.ctx.db, { ...row, language: null }, byTag) : new Set<number>();
        for (const id of byTag) if (!kept.has(id)) out.add(id);
      }
    }
    return [...out];
  }

  private async statusEvent(id: number, event: 'update' | 'status.update'): Promise<void> {
    const [row] = await loadStatuses(this.ctx, [id]);
    if (!row || row.deleted_at) return;
    const h = await hydrateStatuses(this.ctx, null, [row]);
    const original = row.reblog_of_id === null ? null : h.statuses.get(Number(row.reblog_of_id));
    if (row.reblog_of_id !== null && !original) return;
    const author = h.accounts.get(Number(row.account_id));
    const authors: StatusAuthors = { authorId: Number(row.account_id), reblogAuthorId: original ? Number(original.account_id) : null };
    // A reader's streams skip statuses of accounts they block, mute or are blocked by, as their timelines do (src/social/exclusions.ts).
    const homes = await this.notExcluding(await this.homeRecipients(row, h.mentions.get(id) ?? [], author?.followers_count, h.tags.get(id) ?? []), authors);
    // List streams: the lists that hold the author and take this status, by their owner (src/lists/lists.repository.ts).
    const listening = this.personal.get('list') as Map<number, Set<Subscription>>;
    const lists = listening.size > 0 ? await listsForStatus(this.ctx.db, row, new Set(listening.keys())) : [];
    const listsByOwner = new Map<number, number[]>();
    for (const l of lists) listsByOwner.set(l.account_id, [...(listsByOwner.get(l.account_id) ?? []), l.id]);
    if (listsByOwner.size > 0) {
      const kept = new Set(await this.notExcluding([...listsByOwner.keys()], authors));
      for (const owner of [...listsByOwner.keys()]) if (!kept.has(owner)) listsByOwner.delete(owner);
    }
    const homeSet = new Set(homes);
    const recipients = [...new Set([...homes, ...listsByOwner.keys()])];

    if (recipients.length > 0) {
      // Each recipient's filters (one query for all; most have none): `hide` keeps the event from them, the rest go in `filtered`.
      const filters = await this.filtersOf(recipients);
      // The viewer's flags differ only where someone has favourited or reblogged (the counters say whether
      // to look), or, for an edit, bookmarked or pinned it (a new status has neither).
      const subjects = [row, ...(original ? [original] : [])];
      const marked = event === 'status.update' || subjects.some((s) => Number(s.favourites_count) > 0 || Number(s.reblogs_count) > 0);
      const marks = marked ? await marksAmong(this.ctx.db, subjects.map((s) => Number(s.id)), recipients) : { favourited: [], reblogged: [], bookmarked: [], pinned: [] };
      const flags = new Map<number, { fav: Set<number>; reb: Set<number>; bm: Set<number>; pin: Set<number> }>();
      const flagsOf = (accountId: number) => {
        let f = flags.get(accountId);
        if (!f) flags.set(accountId, (f = { fav: new Set(), reb: new Set(), bm: new Set(), pin: new Set() }));
        return f;
      };
      for (const m of marks.favourited) flagsOf(m.accountId).fav.add(m.statusId);
      for (const m of marks.reblogged) flagsOf(m.accountId).reb.add(m.statusId);
      for (const m of marks.bookmarked) flagsOf(m.accountId).bm.add(m.statusId);
      for (const m of marks.pinned) flagsOf(m.accountId).pin.add(m.statusId);
      const payloads = new Map<string, string | null>();
      const frames = new Frames(event);
      const users = this.personal.get('user') as Map<number, Set<Subscription>>;
      for (const r of recipients) {
        const f = flags.get(r);
        const matched = this.matched(filters.get(r), 'home', row, original ?? row);
        if (matched === null) continue;
        const variant = (f ? [f.fav, f.reb, f.bm, f.pin].map((set) => [...set].sort().join(',')).join('|') : '') + (matched.length > 0 ? `|${r}` : '');
        let payload = payloads.get(variant);
        if (payload === undefined) {
          const filtered = matched.length > 0 ? new Map([[id, matched], ...(original ? [[Number(original.id), matched] as [number, FilterResult[]]] : [])]) : undefined;
          const json = statusEntity(this.ctx.config, { ...h, favourited: f?.fav ?? emptySet, reblogged: f?.reb ?? emptySet, bookmarked: f?.bm ?? emptySet, pinned: f?.pin ?? emptySet, ...(filtered ? { filtered } : {}) }, row);
          payload = json ? JSON.stringify(json) : null;
          payloads.set(variant, payload);
        }
        if (payload === null) continue;
        if (homeSet.has(r)) for (const sub of users.get(r) ?? []) frames.send(sub, payload, variant);
        for (const listId of listsByOwner.get(r) ?? []) for (const sub of listening.get(listId) ?? []) frames.send(sub, payload, variant);
      }
    }

    // Public streams: public statuses, not reblogs (the public timeline's rule), rendered once for no one in particular, as Mastodon does.
    if (row.visibility !== 'public' || row.reblog_of_id !== null || this.shared.size === 0) return;
    const json = statusEntity(this.ctx.config, h, row);
    // A silenced account's posts leave the public and hashtag timelines (src/moderation/account-standing.ts); shared streams carry them to no one, followers get them in their own.
    if (!json || json.account.limited || json.account.suspended) return;
    // A status with an ActivityPub id of its own came from another server: the `remote` streams carry it, the `local` ones do not.
    const origin = row.uri === null ? 'local' : 'remote';
    const keys = ['public', `public:${origin}`];
    if (json.media_attachments.length > 0) keys.push('public:media', `public:${origin}:media`);
    for (const tag of h.tags.get(id) ?? []) keys.push(`hashtag:${hashtagKey(tag)}`, ...(origin === 'local' ? [`hashtag:local:${hashtagKey(tag)}`] : []));
    // The listeners' own filters (context `public`): one query for them all; a listener without any shares the one payload.
    // Those whose exclusions (blocks, mutes, either way) leave the status out get nothing.
    const readers = new Set<number>();
    for (const key of keys) for (const sub of this.shared.get(key) ?? []) readers.add(sub.conn.accountId);
    const own = new Map<number, string | null>();
    const kept = new Set(await this.notExcluding([...readers], authors));
    for (const r of readers) if (!kept.has(r)) own.set(r, null);
    const filters = await this.filtersOf([...kept]);
    for (const [reader, list] of filters) {
      const matched = this.matched(list, 'public', row, row);
      if (matched === null) own.set(reader, null);
      else if (matched.length > 0) own.set(reader, JSON.stringify({ ...json, filtered: matched }));
    }
    this.sendShared(keys, event, JSON.stringify(json), own);
  }

  /** Those of `readers` whose exclusions (blocks, mutes, either way) leave the status out of what they get. */
  private async notExcluding(readers: readonly number[], authors: StatusAuthors): Promise<number[]> {
    if (readers.length === 0) return [];
    const now = this.ctx.clock.now().getTime();
    const all = await exclusionsOfMany(this.ctx, readers);
    return readers.filter((r) => {
      const ex = all.get(r);
      return r === authors.authorId || !ex || !excludesStatus(ex, authors, now);
    });
  }

  /** The filters in force of these accounts, compiled, by account (absent: none). */
  private async filtersOf(accountIds: readonly number[]): Promise<Map<number, CompiledFilter[]>> {
    const out = new Map<number, CompiledFilter[]>();
    if (accountIds.length === 0) return out;
    for (const f of compileFilters(await activeFiltersOf(this.ctx.db, accountIds, this.ctx.clock.now().toISOString()))) {
      const who = Number(f.rules.filter.account_id);
      out.set(who, [...(out.get(who) ?? []), f]);
    }
    return out;
  }

  /** What a reader's filters make of a status in a stream of `context`: null when one hides it there (Mastodon's streaming drops it), else the results to carry. */
  private matched(filters: readonly CompiledFilter[] | undefined, context: FilterContext, row: StatusRow, subject: StatusRow): FilterResult[] | null {
    if (!filters) return [];
    const matches = matchFilters(filters, row, subject);
    if (matches.some((m) => m.filter.action === 'hide' && m.filter.contexts.has(context))) return null;
    return matches.map((m) => m.result);
  }

  /** Sends one payload to every subscription of these keys; `own` gives some readers their own (their filters), null to send them nothing. */
  private sendShared(keys: readonly string[], event: string, payload: string, own?: ReadonlyMap<number, string | null>): void {
    const frames = new Frames(event);
    const seen = new Set<Subscription>();
    for (const key of keys) {
      for (const sub of this.shared.get(key) ?? []) {
        if (seen.has(sub)) continue;
        seen.add(sub);
        const mine = own?.get(sub.conn.accountId);
        if (mine === null) continue;
        if (mine !== undefined) frames.send(sub, mine, `reader:${sub.conn.accountId}`);
        else frames.send(sub, payload, '');
      }
    }
  }

  /** Announcements concern everyone: every `user` stream hears them, rendered once for nobody in particular (as Mastodon's). */
  private async announcementEvent(e: Extract<StreamEvent, { t: 'announcement' | 'announcement.reaction' | 'announcement.delete' }>): Promise<void> {
    const users = this.personal.get('user') as Map<number, Set<Subscription>>;
    if (users.size === 0) return;
    let payload: string;
    if (e.t === 'announcement.delete') payload = String(e.id);
    else if (e.t === 'announcement.reaction') payload = JSON.stringify({ name: e.name, count: e.count, announcement_id: String(e.id) });
    else {
      const row = await findAnnouncement(this.ctx.db, e.id);
      if (!row || !isActive(row, this.ctx.clock.now())) return;
      const [json] = await presentAnnouncements(this.ctx, null, [row]);
      payload = JSON.stringify(json);
    }
    const frames = new Frames(e.t);
    for (const subs of users.values()) for (const sub of subs) frames.send(sub, payload, '');
  }

  private async deleteEvent(ids: readonly number[]): Promise<void> {
    const rows = await findStatusesAnyState(this.ctx.db, ids);
    if (rows.length === 0) return;
    const users = this.personal.get('user') as Map<number, Set<Subscription>>;
    const lists = this.personal.get('list') as Map<number, Set<Subscription>>;
    const direct = rows.filter((r) => r.visibility === 'direct').map((r) => Number(r.id));
    const mentions = direct.length > 0 && users.size > 0 ? await mentionsOf(this.ctx.db, direct) : new Map<number, number[]>();
    const publicIds = rows.filter((r) => r.visibility === 'public' && r.reblog_of_id === null).map((r) => Number(r.id));
    const tags = publicIds.length > 0 && this.shared.size > 0 ? await tagsOf(this.ctx.db, publicIds) : new Map<number, string[]>();
    // The listening followers of every author at once (a status deleted with its reblogs has many authors).
    const spread = rows.filter((r) => r.visibility !== 'direct').map((r) => Number(r.account_id));
    const followers = users.size > 0 && spread.length > 0 ? await followersOfEachAmong(this.ctx.db, spread, [...users.keys()]) : new Map<number, Set<number>>();
    for (const row of rows) {
      const id = Number(row.id);
      const author = Number(row.account_id);
      const payload = String(id);
      const frames = new Frames('delete');
      // Everyone whose home had it: the author, and the followers (or, for a direct message, those it named).
      const recipients = new Set<number>([author, ...(row.visibility === 'direct' ? (mentions.get(id) ?? []) : (followers.get(author) ?? []))]);
      for (const r of recipients) for (const sub of users.get(r) ?? []) frames.send(sub, payload, '');
      // Every listening list that holds the author (whether it showed the status or not: a delete of what was not shown is harmless).
      if (row.visibility !== 'direct' && lists.size > 0) for (const l of await listsWithMember(this.ctx.db, author)) for (const sub of lists.get(Number(l.id)) ?? []) frames.send(sub, payload, '');
      if (row.visibility === 'public' && row.reblog_of_id === null) {
        const keys = ['public', 'public:local', 'public:media', 'public:local:media'];
        for (const tag of tags.get(id) ?? []) keys.push(`hashtag:${hashtagKey(tag)}`, `hashtag:local:${hashtagKey(tag)}`);
        this.sendShared(keys, 'delete', payload);
      }
    }
  }

  private async notificationEvent(pairs: readonly [number, number][]): Promise<void> {
    const listening = this.personal.get('notification') as Map<number, Set<Subscription>>;
    const mine = pairs.filter(([, accountId]) => listening.has(accountId));
    if (mine.length === 0) return;
    const rows = await findNotificationsByIds(this.ctx.db, mine.map(([id]) => id));
    const viewers = new Map((await findAccountsByIds(this.ctx.db, [...new Set(rows.map((r) => Number(r.account_id)))])).map((a) => [Number(a.id), a]));
    for (const [accountId, viewer] of viewers) {
      // Presented exactly as GET /api/v1/notifications presents them to this account.
      const presented = await presentNotifications(this.ctx, viewer, rows.filter((r) => Number(r.account_id) === accountId));
      for (const n of presented) {
        const frames = new Frames('notification');
        const payload = JSON.stringify(n);
        for (const sub of listening.get(accountId) ?? []) frames.send(sub, payload, '');
      }
    }
  }

  private async conversationEvent(statusId: number, accounts: readonly number[]): Promise<void> {
    const listening = this.personal.get('direct') as Map<number, Set<Subscription>>;
    const mine = accounts.filter((id) => listening.has(id));
    if (mine.length === 0) return;
    const rows = await conversationRowsWithLast(this.ctx.db, statusId, mine);
    const viewers = new Map((await findAccountsByIds(this.ctx.db, mine)).map((a) => [Number(a.id), a]));
    for (const row of rows) {
      const viewer = viewers.get(Number(row.account_id));
      if (!viewer) continue;
      const [json] = await presentConversations(this.ctx, viewer, [row]);
      if (!json) continue;
      const frames = new Frames('conversation');
      const payload = JSON.stringify(json);
      for (const sub of listening.get(Number(row.account_id)) ?? []) frames.send(sub, payload, '');
    }
  }

  private kill(tokens: ReadonlySet<number>): void {
    for (const conn of [...this.connections]) if (tokens.has(conn.tokenId)) conn.close();
  }

  /** Closes the streams whose token died by any path (an operator removed, an account closed, a revocation in another process that the bus missed); runs every minute. */
  async recheckTokens(): Promise<void> {
    if (this.connections.size === 0) return;
    try {
      const ids = [...new Set([...this.connections].map((c) => c.tokenId))];
      const live = await liveTokenIds(this.ctx.db, ids);
      this.kill(new Set(ids.filter((id) => !live.has(id))));
    } catch (err) {
      this.ctx.log.warn({ err }, 'streaming: could not check the tokens of open streams');
    }
  }
}

function splitKey(key: string): [string | undefined, string] {
  const i = key.indexOf(':');
  if (i < 0) return [undefined, key];
  const kind = key.slice(0, i);
  const rest = key.slice(i + 1);
  return /^\d+$/.test(rest) ? [kind, rest] : [undefined, key];
}
