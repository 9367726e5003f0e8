import type { Context } from '../app/context.js';
import { notFound } from '../app/errors.js';
import { type AccountRow, findAccountById } from '../accounts/accounts.repository.js';
import { type StatusRow, findStatus } from './statuses.repository.js';
import { visibleOne } from './visibility.js';
import { blockFactsFor } from '../social/exclusions.js';
import { maySeeAuthorsStatuses } from '../moderation/blocks.policy.js';

/** GET /api/v1/statuses/:id: a status the viewer may see, or 404 (a hidden status does not exist, nor one whose author blocks the viewer). */
export async function getStatus(ctx: Context, viewer: AccountRow | null, id: number): Promise<StatusRow> {
  const s = await visibleOne(ctx.db, viewer, await findStatus(ctx.db, id));
  if (!s || !(await authorIsOpen(ctx, s)) || !(await notBlockedByAuthor(ctx, viewer, s))) throw notFound('Status');
  return s;
}

/** Mastodon's StatusPolicy#show?: an author who blocks the viewer has no statuses for them. */
export async function notBlockedByAuthor(ctx: Context, viewer: AccountRow | null, s: StatusRow): Promise<boolean> {
  if (!viewer) return true;
  return maySeeAuthorsStatuses(await blockFactsFor(ctx, Number(viewer.id), Number(s.account_id)));
}

/** A suspended (closed) account's statuses are taken down with it (src/moderation/). */
async function authorIsOpen(ctx: Context, s: StatusRow): Promise<boolean> {
  const author = await findAccountById(ctx.db, Number(s.account_id));
  return !!author && !author.closed_at;
}

/** A status the viewer may see that is not itself a reblog (what favourites point at), or 404. */
export async function getPostedStatus(ctx: Context, viewer: AccountRow | null, id: number): Promise<StatusRow> {
  const s = await getStatus(ctx, viewer, id);
  if (s.reblog_of_id !== null) throw notFound('Status');
  return s;
}

/** The original a reblog points at, as the viewer may see it: a route's id may name either the original or a reblog of it. */
export async function getReblogTarget(ctx: Context, viewer: AccountRow, id: number): Promise<StatusRow> {
  let s = await visibleOne(ctx.db, viewer, await findStatus(ctx.db, id));
  if (s && s.reblog_of_id !== null) s = await visibleOne(ctx.db, viewer, await findStatus(ctx.db, Number(s.reblog_of_id)));
  if (!s || !(await authorIsOpen(ctx, s)) || !(await notBlockedByAuthor(ctx, viewer, s))) throw notFound('Status');
  return s;
}
