import type { Context as FedContext, PageItems } from '@fedify/fedify';
import type { Create, Note, Question } from '@fedify/vocab';
import { createOf, loadNoteParts, noteOf } from './notes.js';
import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { localActorUri } from '../accounts/local-uris.js';

/** Items per collection page (Mastodon pages its outbox by 20, its follow lists by 12; one size here). */
export const COLLECTION_PAGE = 20;

/** Statuses the outbox shows: the account's own posts that anyone may see (public and unlisted), not reblogs, not deleted. */
const SHOWN = ['public', 'unlisted'] as const;

/** A page cursor: null for the first page ('' or none), the id below which the page starts, or undefined when it is no cursor of ours. */
const cursorId = (cursor: string | null): number | null | undefined => (cursor === null || cursor === '' ? null : /^[1-9]\d{0,14}$/.test(cursor) ? Number(cursor) : undefined);

function shownStatuses(ctx: Context, accountId: number) {
  return ctx.db
    .selectFrom('statuses')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('visibility', 'in', [...SHOWN])
    .where('deleted_at', 'is', null)
    .where('reblog_of_id', 'is', null);
}

/** One page of the outbox, newest first; the cursor is the id below which the page starts. */
export async function outboxPage(ctx: Context, fctx: FedContext<void>, a: AccountRow, cursor: string | null): Promise<PageItems<Create> | null> {
  let q = shownStatuses(ctx, a.id).orderBy('id', 'desc').limit(COLLECTION_PAGE + 1);
  const below = cursorId(cursor);
  if (below === undefined) return null;
  if (below !== null) q = q.where('id', '<', below);
  const rows = await q.execute();
  const page = rows.slice(0, COLLECTION_PAGE);
  const parts = await loadNoteParts(ctx.db, page, ctx.config);
  return {
    items: page.map((s) => createOf(ctx, fctx, a, s, parts)),
    nextCursor: rows.length > COLLECTION_PAGE ? String(page.at(-1)?.id) : null,
  };
}

export async function countOutbox(ctx: Context, a: AccountRow): Promise<number> {
  const r = await ctx.db
    .selectFrom('statuses')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', a.id)
    .where('visibility', 'in', [...SHOWN])
    .where('deleted_at', 'is', null)
    .where('reblog_of_id', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Pinned statuses that anyone may see, in pin order (newest pin first, as Mastodon). */
export async function featuredNotes(ctx: Context, fctx: FedContext<void>, a: AccountRow): Promise<(Note | Question)[]> {
  const rows = await ctx.db
    .selectFrom('status_pins')
    .innerJoin('statuses', 'statuses.id', 'status_pins.status_id')
    .selectAll('statuses')
    .where('status_pins.account_id', '=', a.id)
    .where('statuses.visibility', 'in', [...SHOWN])
    .where('statuses.deleted_at', 'is', null)
    .orderBy('status_pins.id', 'desc')
    .execute();
  const parts = await loadNoteParts(ctx.db, rows, ctx.config);
  return rows.map((s) => noteOf(ctx, fctx, a, s, parts));
}

/** An account in a follow list: its actor id, and for a remote one where it takes deliveries. */
export interface FollowItem {
  id: string;
  /** Remote accounts only (null for local ones, which need no delivery). */
  inbox: string | null;
  sharedInbox: string | null;
}

/**
 * Followers or followees of a local account, a page at a time, newest
 * first, each by its own actor id (a remote account's `uri`, a local one's
 * derived id); the cursor is the follow row's id. A closed or suspended
 * account is left out, as Mastodon does.
 */
export async function followPage(ctx: Context, a: AccountRow, side: 'followers' | 'following', cursor: string | null, limit = COLLECTION_PAGE): Promise<PageItems<FollowItem> | null> {
  const [mine, theirs] = side === 'followers' ? (['target_account_id', 'account_id'] as const) : (['account_id', 'target_account_id'] as const);
  let q = ctx.db
    .selectFrom('follows')
    .innerJoin('accounts', 'accounts.id', `follows.${theirs}`)
    .select(['follows.id as follow_id', 'accounts.username', 'accounts.domain', 'accounts.uri', 'accounts.inbox_url', 'accounts.shared_inbox_url'])
    .where(`follows.${mine}`, '=', a.id)
    .where('accounts.closed_at', 'is', null)
    .where('accounts.suspended_at', 'is', null)
    .orderBy('follows.id', 'desc')
    .limit(limit + 1);
  const below = cursorId(cursor);
  if (below === undefined) return null;
  if (below !== null) q = q.where('follows.id', '<', below);
  const rows = await q.execute();
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) =>
      r.domain === null || r.uri === null
        ? { id: localActorUri(ctx.config, r.username), inbox: null, sharedInbox: null }
        : { id: r.uri, inbox: r.inbox_url, sharedInbox: r.shared_inbox_url },
    ),
    nextCursor: rows.length > limit ? String(page.at(-1)?.follow_id) : null,
  };
}

/**
 * Every remote follower of a local account that takes deliveries (its
 * inbox known), for `sendActivity(…, 'followers')`: Fedify sends one POST
 * per shared inbox. Local followers need no delivery and are not listed.
 */
export async function remoteFollowers(ctx: Pick<Context, 'db'>, accountId: number): Promise<{ id: string; inbox: string; sharedInbox: string | null }[]> {
  const rows = await ctx.db
    .selectFrom('follows')
    .innerJoin('accounts', 'accounts.id', 'follows.account_id')
    .select(['accounts.uri', 'accounts.inbox_url', 'accounts.shared_inbox_url'])
    .where('follows.target_account_id', '=', accountId)
    .where('follows.remote', '=', 1) // follows_remote_target: the local followers are never read
    .where('accounts.domain', 'is not', null)
    .where('accounts.inbox_url', 'is not', null)
    .where('accounts.uri', 'is not', null)
    .where('accounts.suspended_at', 'is', null)
    .execute();
  return rows.map((r) => ({ id: r.uri as string, inbox: r.inbox_url as string, sharedInbox: r.shared_inbox_url }));
}

export async function countFollows(ctx: Context, a: AccountRow, side: 'followers' | 'following'): Promise<number> {
  const mine = side === 'followers' ? 'target_account_id' : 'account_id';
  const theirs = side === 'followers' ? 'account_id' : 'target_account_id';
  const r = await ctx.db
    .selectFrom('follows')
    .innerJoin('accounts', 'accounts.id', `follows.${theirs}`)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(`follows.${mine}`, '=', a.id)
    .where('accounts.closed_at', 'is', null)
    .where('accounts.suspended_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
