import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { Context } from '../app/context.js';
import type { Executor } from '../db/database.js';
import { forgetSubscriptionsOfTokens } from '../push/unsubscribe.js';
import { publishAfterCommit } from '../streaming/streaming.js';
import { liveTokenIdsOfAccount, revokeTokensAndChildren } from '../oauth/oauth.repository.js';
import { backfillFeed, fansOutOnWrite } from '../timelines/fan-out.js';

/**
 * What moderation does to an account's standing elsewhere: sign-in, its
 * tokens, its streams, and where its statuses may appear.
 */

/** Mastodon's answer to a token or a sign-in of an account that may not sign in now; null when it may. */
export function loginRefusal(account: Pick<AccountRow, 'disabled_at' | 'suspended_at'>): string | null {
  return account.suspended_at !== null || account.disabled_at !== null ? 'Your login is currently disabled' : null;
}

/**
 * A suspension ends every session: the account's tokens, those its staff
 * hold for it as an organ, and those through which it acted for organs
 * (with the tokens taken from them), their push subscriptions, their streams.
 */
export async function endSessionsOf(trx: Executor, accountId: number, at: string): Promise<void> {
  const ended = await revokeTokensAndChildren(trx, await liveTokenIdsOfAccount(trx, accountId), at);
  await forgetSubscriptionsOfTokens(trx, ended);
  if (ended.length > 0) publishAfterCommit(trx, { t: 'kill', tokens: ended });
}

/** Disabling keeps the tokens (enabling restores them, as Mastodon) but closes the streams open with them. */
export async function closeStreamsOf(db: Executor, accountId: number): Promise<void> {
  const ids = await liveTokenIdsOfAccount(db, accountId);
  if (ids.length > 0) publishAfterCommit(db, { t: 'kill', tokens: ids });
}

/** A suspended account's statuses leave the home feeds they were written to (as Mastodon unmerges them). */
export async function removeAccountFromFeeds(trx: Executor, accountId: number): Promise<void> {
  await trx
    .deleteFrom('feeds')
    .where('status_id', 'in', (eb) => eb.selectFrom('statuses').select('id').where('account_id', '=', accountId))
    .execute();
}

/**
 * An unsuspended account's recent statuses return to its own and its
 * followers' home feeds (as Mastodon merges them back). An account too large
 * to fan out on write is merged on read, so has nothing to return.
 */
export async function restoreAccountToFeeds(trx: Executor, account: Pick<AccountRow, 'id' | 'followers_count'>): Promise<void> {
  const authorId = Number(account.id);
  if (!fansOutOnWrite(Number(account.followers_count))) return;
  const followers = await trx.selectFrom('follows').select('account_id').where('target_account_id', '=', authorId).execute();
  for (const reader of [authorId, ...followers.map((f) => Number(f.account_id))]) await backfillFeed(trx, reader, authorId);
}

/** The accounts whose statuses leave the public timelines, as last read: closed (suspended) and silenced. */
interface ModeratedAccounts {
  /** The accounts cache's mark when it was read: any account forgotten since (here or, through the bus, elsewhere) makes it stale. */
  mark: number;
  readAt: number;
  closed: number[];
  silenced: number[];
}

const moderatedByCache = new WeakMap<object, ModeratedAccounts>();

/**
 * The closed and the silenced accounts, read through the partial indexes
 * `accounts_closed` and `accounts_silenced` (few accounts each) and kept for
 * as long as no account changes and the cache's time to live allows: a
 * moderation act changes the account, whose forget (in every process) makes
 * the set stale, so the public timelines cost nothing for it while nothing
 * changes and one small query when something did.
 */
async function moderatedAccounts(ctx: Context): Promise<ModeratedAccounts> {
  const key = ctx.cache.accounts;
  const mark = key.mark();
  const now = ctx.clock.now().getTime();
  const hit = moderatedByCache.get(key);
  if (hit && hit.mark === mark && now - hit.readAt < ctx.config.cacheTtl * 1000) return hit;
  const { rows } = await sql<{ id: number; closed: number }>`
    select id, 1 as closed from accounts where closed_at is not null
    union all
    select id, 0 as closed from accounts where silenced_at is not null`.execute(ctx.db);
  const fresh: ModeratedAccounts = {
    mark,
    readAt: now,
    closed: rows.filter((r) => Number(r.closed) === 1).map((r) => Number(r.id)),
    silenced: rows.filter((r) => Number(r.closed) === 0).map((r) => Number(r.id)),
  };
  moderatedByCache.set(key, fresh);
  return fresh;
}

/** The authors the public and hashtag timelines leave out, and those they leave out unless the viewer follows them. */
export interface HiddenAuthors {
  /** Closed (suspended): hidden from everyone. */
  closed: readonly number[];
  /** Silenced (Mastodon's `limited`), the viewer itself aside: hidden from those who do not follow them. */
  silenced: readonly number[];
  viewerId: number | null;
}

/** For this viewer: the moderated accounts as last read, with the viewer's own account taken out of the silenced. */
export async function hiddenAuthorsFor(ctx: Context, viewerId: number | null): Promise<HiddenAuthors> {
  const { closed, silenced } = await moderatedAccounts(ctx);
  return { closed, silenced: viewerId === null ? silenced : silenced.filter((id) => id !== viewerId), viewerId };
}

/**
 * The condition on the statuses row `alias` that leaves those authors out,
 * in the query that cuts the page; null when there are none (the usual case:
 * then no condition at all). The follows of the viewer are looked at only
 * for a silenced author's status. Looked up for every status of the page
 * instead (an `exists` on accounts), the condition cost the page cut 1.8
 * times on SQLite and 3.4 times on PostgreSQL, mostly in planning
 * (bench/public-timeline.ts).
 */
export function moderationVisibleSql(hidden: HiddenAuthors | undefined, alias = 'statuses'): RawBuilder<SqlBool> | null {
  if (!hidden || (hidden.closed.length === 0 && hidden.silenced.length === 0)) return null;
  const author = sql.ref(`${alias}.account_id`);
  const open = hidden.closed.length ? sql`${author} not in (${sql.join([...hidden.closed])})` : sql`1 = 1`;
  if (hidden.silenced.length === 0) return sql<SqlBool>`${open}`;
  const loud = sql`${author} not in (${sql.join([...hidden.silenced])})`;
  const followed =
    hidden.viewerId === null ? sql`1 = 0` : sql`exists (select 1 from follows mf where mf.account_id = ${hidden.viewerId} and mf.target_account_id = ${author})`;
  return sql<SqlBool>`(${open} and (${loud} or ${followed}))`;
}
