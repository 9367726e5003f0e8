import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Context } from '../app/context.js';
import { changed } from '../app/transaction.js';
import type { Executor } from '../db/database.js';
import { exclusionRows, exclusionRowsOfMany } from '../moderation/blocks.repository.js';

/**
 * Whose statuses, notifications and events a reader does not get: the one
 * module every timeline, list, stream and search asks (Mastodon's
 * `excluded_from_timeline_account_ids` and FeedManager#filter_from_home).
 *
 * A reader's blocks, mutes and domain blocks are read once into an
 * `Exclusions` and kept per process in `ctx.cache.exclusions` (an EntityCache
 * keyed by the reader's id). A block, unblock, mute, unmute, domain block or
 * the sweep of an expired mute forgets both parties' entries once it commits
 * (`exclusionsChanged`), and the forget reaches the other processes through
 * the cache bus (src/app/cache-bus.ts) or the cluster primary. Mute expiry is
 * checked in memory against the clock on every question, so an ended mute
 * stops applying at the instant it ends, before the sweep deletes it.
 *
 * Domains: remote accounts carry theirs (accounts.domain, migration 0026).
 * `excludesAccount` is the one place that says whether an account is
 * excluded, given its domain; `excludedAuthorsSql` leaves out the accounts of
 * blocked domains by a subquery. Home feeds still take what the reader follows.
 */
export interface Exclusions {
  /** Accounts the reader blocks. */
  blocking: ReadonlySet<number>;
  /** Accounts that block the reader. */
  blockedBy: ReadonlySet<number>;
  /** Accounts the reader mutes: whether notifications are hidden too, and when the mute ends (ms since epoch; null: never). */
  muting: ReadonlyMap<number, { notifications: boolean; expiresAt: number | null }>;
  /** Domains the reader blocks, normalised (src/moderation/domain.ts). */
  domains: ReadonlySet<string>;
  /** None of the above: every predicate answers false at once. */
  empty: boolean;
}

export const NO_EXCLUSIONS: Exclusions = { blocking: new Set(), blockedBy: new Set(), muting: new Map(), domains: new Set(), empty: true };

/** Reads one reader's exclusions from the database (the cache's loader; the plain form). */
export async function loadExclusions(db: Executor, accountId: number): Promise<Exclusions> {
  return fromRows(await exclusionRows(db, accountId));
}

type ExclusionRow = Awaited<ReturnType<typeof exclusionRows>>[number];

function fromRows(rows: readonly ExclusionRow[]): Exclusions {
  if (rows.length === 0) return NO_EXCLUSIONS;
  const blocking = new Set<number>();
  const blockedBy = new Set<number>();
  const muting = new Map<number, { notifications: boolean; expiresAt: number | null }>();
  const domains = new Set<string>();
  for (const r of rows) {
    if (r.kind === 1 && r.id !== null) blocking.add(r.id);
    else if (r.kind === 2 && r.id !== null) blockedBy.add(r.id);
    else if (r.kind === 3 && r.id !== null) muting.set(r.id, { notifications: r.hide === 1, expiresAt: r.expires_at === null ? null : Date.parse(r.expires_at) });
    else if (r.kind === 4 && r.domain !== null) domains.add(r.domain);
  }
  return { blocking, blockedBy, muting, domains, empty: false };
}

/** The reader's exclusions, from this process's cache when it has them; nobody signed in excludes nobody. */
export async function exclusionsFor(ctx: Context, accountId: number | null | undefined): Promise<Exclusions> {
  if (accountId == null) return NO_EXCLUSIONS;
  const cache = ctx.cache.exclusions;
  const hit = cache.get(accountId);
  if (hit) return hit;
  const mark = cache.mark();
  const fresh = await loadExclusions(ctx.db, accountId);
  cache.fill(mark, accountId, fresh);
  return fresh;
}

/** Many readers' exclusions (a stream's listeners): those not cached are read together, one query per 900. */
export async function exclusionsOfMany(ctx: Context, accountIds: readonly number[]): Promise<Map<number, Exclusions>> {
  const cache = ctx.cache.exclusions;
  const out = new Map<number, Exclusions>();
  const missing: number[] = [];
  for (const id of new Set(accountIds)) {
    const hit = cache.get(id);
    if (hit) out.set(id, hit);
    else missing.push(id);
  }
  if (missing.length === 0) return out;
  const mark = cache.mark();
  const byOwner = new Map<number, ExclusionRow[]>();
  for (const r of await exclusionRowsOfMany(ctx.db, missing)) {
    const list = byOwner.get(r.owner) ?? [];
    list.push(r);
    byOwner.set(r.owner, list);
  }
  for (const id of missing) {
    const ex = fromRows(byOwner.get(id) ?? []);
    cache.fill(mark, id, ex);
    out.set(id, ex);
  }
  return out;
}

/** Once `db`'s transaction commits, these accounts' exclusions are read afresh here and in every other process. */
export function exclusionsChanged(db: Executor, accountIds: Iterable<number>): void {
  changed(db, 'exclusions', accountIds);
}

/** When the first of the reader's mutes still running at `now` ends (Infinity: none ends). */
export function muteEnds(ex: Exclusions, now: number): number {
  let first = Number.POSITIVE_INFINITY;
  for (const m of ex.muting.values()) if (m.expiresAt !== null && m.expiresAt > now) first = Math.min(first, m.expiresAt);
  return first;
}

function muteApplies(m: { expiresAt: number | null } | undefined, now: number): boolean {
  return m !== undefined && (m.expiresAt === null || m.expiresAt > now);
}

/** Whether the reader mutes the account at `now` (an ended mute does not count). */
export function mutes(ex: Exclusions, accountId: number, now: number): boolean {
  return !ex.empty && muteApplies(ex.muting.get(accountId), now);
}

/**
 * THE predicate: whether the reader gets nothing of this account in
 * timelines, contexts, streams, searches and account lists — they block it, it
 * blocks them, they mute it (mute not ended), or they block its domain.
 */
export function excludesAccount(ex: Exclusions, accountId: number, now: number, domain: string | null = null): boolean {
  if (ex.empty) return false;
  return ex.blocking.has(accountId) || ex.blockedBy.has(accountId) || muteApplies(ex.muting.get(accountId), now) || (domain !== null && ex.domains.has(domain));
}

/** A status as the predicates need it: its author, and for a reblog the original's author. */
export interface StatusAuthors {
  authorId: number;
  reblogAuthorId?: number | null;
}

/** Whether the reader gets nothing of this status (its author, or the author of what it reblogs, is excluded). */
export function excludesStatus(ex: Exclusions, s: StatusAuthors, now: number): boolean {
  if (ex.empty) return false;
  return excludesAccount(ex, s.authorId, now) || (s.reblogAuthorId != null && excludesAccount(ex, s.reblogAuthorId, now));
}

/** Whether `fromId`'s acts do not notify the reader: blocked either way, or muted with notifications hidden (not ended). */
export function silencesNotificationsFrom(ex: Exclusions, fromId: number, now: number): boolean {
  if (ex.empty) return false;
  const m = ex.muting.get(fromId);
  return ex.blocking.has(fromId) || ex.blockedBy.has(fromId) || (muteApplies(m, now) && m?.notifications === true);
}

/** The excluded account ids at `now`, for a query's `not in` (few: a reader's blocks and mutes). */
export function excludedAccountIds(ex: Exclusions, now: number): number[] {
  if (ex.empty) return [];
  const out = new Set<number>([...ex.blocking, ...ex.blockedBy]);
  for (const [id, m] of ex.muting) if (muteApplies(m, now)) out.add(id);
  return [...out];
}

/** The condition that leaves excluded authors out of a query over statuses `alias` (where the page is cut); null when there are none. */
export function excludedAuthorsSql(ex: Exclusions, now: number, alias = 'statuses'): RawBuilder<SqlBool> | null {
  const ids = excludedAccountIds(ex, now);
  const author = sql.ref(`${alias}.account_id`);
  const byId = ids.length > 0 ? sql<SqlBool>`${author} not in (${sql.join(ids)})` : null;
  // The accounts of the domains the reader blocks (remote accounts carry their domain).
  const byDomain = ex.domains.size > 0 ? sql<SqlBool>`${author} not in (select accounts.id from accounts where accounts.domain in (${sql.join([...ex.domains])}))` : null;
  if (byId && byDomain) return sql<SqlBool>`(${byId} and ${byDomain})`;
  return byId ?? byDomain;
}

/** The block facts between a reader and another account, as the reader's cached exclusions have them (src/moderation/blocks.policy.ts takes them). */
export async function blockFactsFor(ctx: Context, actorId: number, otherId: number): Promise<{ actorBlocks: boolean; blocksActor: boolean }> {
  if (actorId === otherId) return { actorBlocks: false, blocksActor: false };
  const ex = await exclusionsFor(ctx, actorId);
  return { actorBlocks: ex.blocking.has(otherId), blocksActor: ex.blockedBy.has(otherId) };
}
