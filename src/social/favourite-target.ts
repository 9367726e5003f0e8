import type { Context } from '../app/context.js';
import { notFound } from '../app/errors.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { type StatusRow, findStatus } from '../statuses/statuses.repository.js';
import { visibleOne } from '../statuses/visibility.js';

/** A status the viewer may see, or 404; a reblog is favourited through its original, so it is not found either when `original` is asked. */
export async function visibleStatusOr404(ctx: Context, viewer: AccountRow | null, id: number, original: boolean): Promise<StatusRow> {
  const s = await visibleOne(ctx.db, viewer, await findStatus(ctx.db, id));
  if (!s || (original && s.reblog_of_id !== null)) throw notFound('Status');
  return s;
}
