import type { Context } from '../app/context.js';
import { COLLECTION_LIMITS } from '../domain/limits.js';
import { idsAsked } from '../statuses/get-statuses.js';
import { type AccountRow, findAccountsByIds } from './accounts.repository.js';

/** GET /api/v1/accounts?id[]=…: the open accounts among those asked, in the order asked; closed and unknown ones are left out. */
export async function getAccountsByIds(ctx: Context, raw: readonly string[]): Promise<AccountRow[]> {
  const ids = idsAsked(raw, COLLECTION_LIMITS.accountsByIdMax);
  const byId = new Map((await findAccountsByIds(ctx.db, ids)).filter((a) => !a.closed_at).map((a) => [Number(a.id), a]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
