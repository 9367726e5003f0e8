import type { Insertable, Selectable } from 'kysely';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { Executor } from '../db/database.js';
import type { OperatorsTable } from './operators.table.js';

export type OperatorRow = Selectable<OperatorsTable>;

/** Whether the account is currently an operator of the organ. */
export async function isLiveOperator(db: Executor, organAccountId: number, operatorAccountId: number): Promise<boolean> {
  const row = await db
    .selectFrom('operators')
    .select('id')
    .where('organ_account_id', '=', organAccountId)
    .where('operator_account_id', '=', operatorAccountId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

/** The open account of a verified institution (an organ), or undefined: anything else is no organ. */
export async function findOrgan(db: Executor, accountId: number): Promise<AccountRow | undefined> {
  return db
    .selectFrom('accounts')
    .innerJoin('gov_profiles', 'gov_profiles.account_id', 'accounts.id')
    .selectAll('accounts')
    .where('accounts.id', '=', accountId)
    .where('accounts.closed_at', 'is', null)
    .where('gov_profiles.kind', '=', 'institutional')
    .executeTakeFirst();
}

export async function findLiveOperator(db: Executor, organAccountId: number, operatorAccountId: number): Promise<OperatorRow | undefined> {
  return db
    .selectFrom('operators')
    .selectAll()
    .where('organ_account_id', '=', organAccountId)
    .where('operator_account_id', '=', operatorAccountId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
}

export async function insertOperator(db: Executor, row: Insertable<OperatorsTable>): Promise<OperatorRow> {
  return db.insertInto('operators').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Ends a live operator row; undefined when there was none (already removed, or never added). */
export async function markOperatorRemoved(db: Executor, id: number, at: string): Promise<OperatorRow | undefined> {
  return db.updateTable('operators').set({ removed_at: at }).where('id', '=', id).where('removed_at', 'is', null).returningAll().executeTakeFirst();
}

/** The organ's live operators, earliest added first. */
export async function listLiveOperators(db: Executor, organAccountId: number): Promise<OperatorRow[]> {
  return db.selectFrom('operators').selectAll().where('organ_account_id', '=', organAccountId).where('removed_at', 'is', null).orderBy('id', 'asc').execute();
}

/** Revokes every token through which this operator acts for the organ; their own tokens stay. */
export async function revokeOperatorTokens(db: Executor, organAccountId: number, operatorAccountId: number, at: string): Promise<void> {
  await db
    .updateTable('oauth_tokens')
    .set({ revoked_at: at })
    .where('account_id', '=', organAccountId)
    .where('operator_id', '=', operatorAccountId)
    .where('revoked_at', 'is', null)
    .execute();
}
