import type { Context } from '../app/context.js';
import { notFound } from '../app/errors.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { type StatusRow, findStatus, statusesInConversation } from './statuses.repository.js';
import { visibleOne, visibleTo } from './visibility.js';

/**
 * GET /api/v1/statuses/:id/context: the ancestors up the reply chain, oldest
 * first, and the descendants as a depth-first walk of the reply tree — all
 * read from the thread in one query, then filtered by what the viewer may see.
 */
export async function statusContext(ctx: Context, viewer: AccountRow | null, id: number): Promise<{ ancestors: StatusRow[]; descendants: StatusRow[] }> {
  const status = await visibleOne(ctx.db, viewer, await findStatus(ctx.db, id));
  if (!status || status.reblog_of_id !== null) throw notFound('Status');
  const thread = await statusesInConversation(ctx.db, Number(status.conversation_id ?? status.id));
  const byId = new Map(thread.map((s) => [Number(s.id), s]));
  const children = new Map<number, StatusRow[]>();
  for (const s of thread) {
    if (s.in_reply_to_id === null) continue;
    const list = children.get(Number(s.in_reply_to_id)) ?? [];
    list.push(s);
    children.set(Number(s.in_reply_to_id), list);
  }
  const ancestors: StatusRow[] = [];
  for (let p = status.in_reply_to_id; p !== null; ) {
    const parent = byId.get(Number(p));
    if (!parent || ancestors.length > 4000) break;
    ancestors.unshift(parent);
    p = parent.in_reply_to_id;
  }
  const descendants: StatusRow[] = [];
  const walk = (sid: number) => {
    for (const c of children.get(sid) ?? []) {
      descendants.push(c);
      walk(Number(c.id));
    }
  };
  walk(Number(status.id));
  return { ancestors: await visibleTo(ctx.db, viewer, ancestors), descendants: await visibleTo(ctx.db, viewer, descendants) };
}
