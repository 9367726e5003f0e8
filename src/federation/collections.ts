import type { Context as FedContext, PageItems } from '@fedify/fedify';
import { Create, Note, PUBLIC_COLLECTION } from '@fedify/vocab';
import { instant } from './temporal.js';
import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { Selectable } from 'kysely';
import type { StatusesTable } from '../statuses/statuses.table.js';

/** Items per collection page (Mastodon pages its outbox by 20, its follow lists by 12; one size here). */
export const COLLECTION_PAGE = 20;

/** Statuses the outbox shows: the account's own posts that anyone may see (public and unlisted), not reblogs, not deleted. */
const SHOWN = ['public', 'unlisted'] as const;

/** A page cursor: null for the first page ('' or none), the id below which the page starts, or undefined when it is no cursor of ours. */
const cursorId = (cursor: string | null): number | null | undefined => (cursor === null || cursor === '' ? null : /^[1-9]\d{0,14}$/.test(cursor) ? Number(cursor) : undefined);

/** A local status as a Note (ids as Mastodon's: /users/{username}/statuses/{id}). */
export function noteOf(ctx: Context, fctx: FedContext<void>, a: Pick<AccountRow, 'username'>, s: Selectable<StatusesTable>): Note {
  const followers = fctx.getFollowersUri(a.username);
  const isPublic = s.visibility === 'public';
  return new Note({
    id: new URL(`${ctx.config.publicUrl}/users/${a.username}/statuses/${s.id}`),
    attribution: fctx.getActorUri(a.username),
    content: s.content,
    summary: s.spoiler_text === '' ? null : s.spoiler_text,
    sensitive: Number(s.sensitive) === 1 || s.spoiler_text !== '',
    published: instant(s.created_at),
    ...(s.edited_at ? { updated: instant(s.edited_at) } : {}),
    url: new URL(`${ctx.config.publicUrl}/@${a.username}/${s.id}`),
    to: isPublic ? PUBLIC_COLLECTION : followers,
    cc: isPublic ? followers : PUBLIC_COLLECTION,
  });
}

/** The Create of a local status, as the outbox lists it and deliveries carry it. */
export function createOf(ctx: Context, fctx: FedContext<void>, a: Pick<AccountRow, 'username'>, s: Selectable<StatusesTable>): Create {
  const note = noteOf(ctx, fctx, a, s);
  return new Create({
    id: new URL(`${ctx.config.publicUrl}/users/${a.username}/statuses/${s.id}/activity`),
    actor: fctx.getActorUri(a.username),
    object: note,
    published: instant(s.created_at),
    tos: note.toIds,
    ccs: note.ccIds,
  });
}

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
  return {
    items: page.map((s) => createOf(ctx, fctx, a, s)),
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
export async function featuredNotes(ctx: Context, fctx: FedContext<void>, a: AccountRow): Promise<Note[]> {
  const rows = await ctx.db
    .selectFrom('status_pins')
    .innerJoin('statuses', 'statuses.id', 'status_pins.status_id')
    .selectAll('statuses')
    .where('status_pins.account_id', '=', a.id)
    .where('statuses.visibility', 'in', [...SHOWN])
    .where('statuses.deleted_at', 'is', null)
    .orderBy('status_pins.id', 'desc')
    .execute();
  return rows.map((s) => noteOf(ctx, fctx, a, s));
}

/**
 * Followers or followees of a local account, a page at a time, newest
 * first, as usernames (the cursor is the follow row's id). Local accounts
 * only for now; round 2 maps remote ones to their own actor ids and inboxes
 * (migration 0026). A closed or suspended account is left out, as Mastodon does.
 */
export async function followPage(ctx: Context, a: AccountRow, side: 'followers' | 'following', cursor: string | null, limit = COLLECTION_PAGE): Promise<PageItems<string> | null> {
  const [mine, theirs] = side === 'followers' ? (['target_account_id', 'account_id'] as const) : (['account_id', 'target_account_id'] as const);
  let q = ctx.db
    .selectFrom('follows')
    .innerJoin('accounts', 'accounts.id', `follows.${theirs}`)
    .select(['follows.id as follow_id', 'accounts.username'])
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
  return { items: page.map((r) => r.username), nextCursor: rows.length > limit ? String(page.at(-1)?.follow_id) : null };
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
