import type { Insertable, Selectable } from 'kysely';
import { changed } from '../app/transaction.js';
import type { Executor } from '../db/database.js';
import type { GovProfilesTable } from './verification.table.js';
import { indexAccounts } from '../search/search-index.repository.js';

export type GovProfileRow = Selectable<GovProfilesTable>;

/** The government profiles of these accounts, keyed by account id (absent: not government). */
export async function loadGovProfiles(db: Executor, accountIds: readonly number[]): Promise<Map<number, GovProfileRow>> {
  if (accountIds.length === 0) return new Map();
  const rows = await db.selectFrom('gov_profiles').selectAll().where('account_id', 'in', [...new Set(accountIds)]).execute();
  return new Map(rows.map((r) => [Number(r.account_id), r]));
}

export async function upsertGovProfile(db: Executor, row: Insertable<GovProfilesTable>): Promise<void> {
  await db.deleteFrom('gov_profiles').where('account_id', '=', row.account_id).execute();
  await db.insertInto('gov_profiles').values(row).execute();
  changed(db, 'accounts', [Number(row.account_id)]);
  // The verification text becomes searchable, and the account ranks as verified.
  await indexAccounts(db, [Number(row.account_id)]);
}

export async function deleteGovProfile(db: Executor, accountId: number): Promise<void> {
  await db.deleteFrom('gov_profiles').where('account_id', '=', accountId).execute();
  changed(db, 'accounts', [accountId]);
  await indexAccounts(db, [accountId]);
}
