import type { Insertable, Selectable } from 'kysely';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { Executor } from '../db/database.js';
import type { OperatorsTable } from './operators.table.js';

export type OperatorRow = Selectable<OperatorsTable>;

/**
 * Whether the account stands as an operator of the organ now: its row is live
 * and the organ is still an organ (open, verified as an institution by an
 * approval in force). Asked on every act, so a revoked organ, or one verified
 * afresh as an individual, has no operators whatever rows remain.
 */
export async function isLiveOperator(db: Executor, organAccountId: number, operatorAccountId: number): Promise<boolean> {
  const row = await db
    .selectFrom('operators')
    .innerJoin('accounts', 'accounts.id', 'operators.organ_account_id')
    .innerJoin('gov_profiles', 'gov_profiles.account_id', 'operators.organ_account_id')
    .innerJoin('verifications', 'verifications.id', 'gov_profiles.verification_id')
    .select('operators.id')
    .where('operators.organ_account_id', '=', organAccountId)
    .where('operators.operator_account_id', '=', operatorAccountId)
    .where('operators.removed_at', 'is', null)
    .where('accounts.closed_at', 'is', null)
    .where('gov_profiles.kind', '=', 'institutional')
    .where('verifications.state', '=', 'approved')
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether the account operates or ever operated the organ, removed or not: such staff never deal with it from the outside. */
export async function hasEverOperated(db: Executor, organAccountId: number, accountId: number): Promise<boolean> {
  const row = await db
    .selectFrom('operators')
    .select('id')
    .where('organ_account_id', '=', organAccountId)
    .where('operator_account_id', '=', accountId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Of these organs, the ones the account operates or ever operated. */
export async function organsEverOperatedBy(db: Executor, accountId: number, organAccountIds: readonly number[]): Promise<Set<number>> {
  if (!organAccountIds.length) return new Set();
  const rows = await db
    .selectFrom('operators')
    .select('organ_account_id')
    .where('operator_account_id', '=', accountId)
    .where('organ_account_id', 'in', [...organAccountIds])
    .execute();
  return new Set(rows.map((r) => Number(r.organ_account_id)));
}

/** The open account of a verified institution (an organ), or undefined: anything else is no organ. */
export async function findOrgan(db: Executor, accountId: number): Promise<AccountRow | undefined> {
  return db
    .selectFrom('accounts')
    .innerJoin('gov_profiles', 'gov_profiles.account_id', 'accounts.id')
    .selectAll('accounts')
    .where('accounts.id', '=', accountId)
    .where('accounts.closed_at', 'is', null)
    .innerJoin('verifications', 'verifications.id', 'gov_profiles.verification_id')
    .where('verifications.state', '=', 'approved')
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
