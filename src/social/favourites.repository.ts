import type { AccountRow } from '../accounts/accounts.repository.js';
import type { Executor } from '../db/database.js';

/** Records a favourite; false when the account had favourited the status already. Counters are the caller's business. */
export async function insertFavourite(db: Executor, accountId: number, statusId: number, at: string): Promise<boolean> {
  const row = await db
    .insertInto('favourites')
    .values({ account_id: accountId, status_id: statusId, created_at: at })
    .onConflict((oc) => oc.columns(['account_id', 'status_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Removes a favourite; false when there was none. */
export async function deleteFavourite(db: Executor, accountId: number, statusId: number): Promise<boolean> {
  const gone = await db.deleteFrom('favourites').where('account_id', '=', accountId).where('status_id', '=', statusId).executeTakeFirst();
  return Number(gone.numDeletedRows) > 0;
}

/** The accounts that favourited the status, latest favourite first. */
export async function favouritersOf(db: Executor, statusId: number, limit: number, excludedIds: readonly number[] = []): Promise<AccountRow[]> {
  let q = db
    .selectFrom('favourites')
    .innerJoin('accounts', 'accounts.id', 'favourites.account_id')
    .selectAll('accounts')
    .where('favourites.status_id', '=', statusId);
  // Those the viewer blocks, mutes or is blocked by (src/social/exclusions.ts), left out where the page is cut.
  if (excludedIds.length > 0) q = q.where('accounts.id', 'not in', [...excludedIds]);
  return q
    .orderBy('favourites.id', 'desc')
    .limit(limit)
    .execute();
}
