import type { Context } from '../app/context.js';
import { notFound } from '../app/errors.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { loadStatuses } from './status-cache.js';
import { getStatus } from './get-status.js';
import { type StatusRow, ancestorIds, descendantRows } from './statuses.repository.js';
import { visibleTo } from './visibility.js';
import { exclusionsFor } from '../social/exclusions.js';
import { withoutExcluded } from '../timelines/without-excluded.js';
import { hiddenBy, viewerFilters } from '../filters/apply-filters.js';

/**
 * Mastodon's bounds on a thread's context (Api::V1::Statuses::ContextsController):
 * quasi-unlimited for a signed-in reader, much smaller for anonymous ones, who
 * cost the most and may be many.
 */
export const CONTEXT_LIMITS = {
  signedIn: { ancestors: 4096, descendants: 4096, depth: 4096 },
  anonymous: { ancestors: 40, descendants: 60, depth: 20 },
} as const;

/** Rows by id in the given order (through the cache). */
async function inOrder(ctx: Context, ids: readonly number[]): Promise<StatusRow[]> {
  const byId = new Map((await loadStatuses(ctx, ids)).map((r) => [Number(r.id), r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * GET /api/v1/statuses/:id/context: the ancestors up the reply chain, oldest
 * first, and the descendants as a depth-first walk of the reply tree, each
 * found by walking in_reply_to_id (so any reply's ancestors are found however
 * large its thread), bounded as Mastodon bounds them, then filtered by what
 * the viewer may see, less those by accounts the viewer blocks, mutes or is
 * blocked by (Mastodon's StatusFilter) and those their filters hide.
 */
export async function getStatusContext(ctx: Context, viewer: AccountRow | null, id: number): Promise<{ ancestors: StatusRow[]; descendants: StatusRow[] }> {
  const status = await getStatus(ctx, viewer, id);
  if (status.reblog_of_id !== null) throw notFound('Status');
  const limits = viewer ? CONTEXT_LIMITS.signedIn : CONTEXT_LIMITS.anonymous;

  const up = status.in_reply_to_id === null ? [] : await ancestorIds(ctx.db, Number(status.in_reply_to_id), limits.ancestors);
  const ancestors = await inOrder(ctx, up.reverse());

  const found = await descendantRows(ctx.db, Number(status.id), limits.descendants, limits.depth);
  const children = new Map<number, number[]>();
  for (const r of found) children.set(r.in_reply_to_id, [...(children.get(r.in_reply_to_id) ?? []), r.id]);
  const order: number[] = [];
  // Iterative, so that a chain thousands deep does not exhaust the stack.
  const stack = [...(children.get(Number(status.id)) ?? [])].sort((a, b) => b - a);
  while (stack.length > 0) {
    const next = stack.pop() as number;
    order.push(next);
    stack.push(...[...(children.get(next) ?? [])].sort((a, b) => b - a));
  }
  const descendants = await inOrder(ctx, order);
  const ex = await exclusionsFor(ctx, viewer ? Number(viewer.id) : null);
  // The viewer's `hide` filters of the `thread` context take what they match out of the thread (never the status asked for).
  const hiding = (await viewerFilters(ctx, viewer))?.filter((f) => f.action === 'hide' && f.contexts.has('thread')) ?? [];
  const shown = async (rows: StatusRow[]) => {
    const kept = await withoutExcluded(ctx, ex, rows);
    return hiding.length === 0 ? kept : kept.filter((r) => !hiddenBy(hiding, 'thread', r, r));
  };
  return { ancestors: await shown(await visibleTo(ctx.db, viewer, ancestors)), descendants: await shown(await visibleTo(ctx.db, viewer, descendants)) };
}
