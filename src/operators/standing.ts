import type { AccountRow } from '../accounts/accounts.repository.js';
import { notFound } from '../app/errors.js';
import type { Executor } from '../db/database.js';
import { findOrgan, hasEverOperated, isLiveOperator } from './operators.repository.js';
import type { Caller } from './operators.policy.js';

/** The organ an /accounts/:id/… route names; 404 when the account is not a verified institution (organs are public, so this hides nothing). */
export async function requireOrgan(db: Executor, organId: number): Promise<AccountRow> {
  const organ = await findOrgan(db, organId);
  if (!organ) throw notFound('Organ');
  return organ;
}

/**
 * Whether the caller, signed in as themself, is a live operator of the organ:
 * the one database fact the organ policies need. A token already acting for
 * an account (an operator's token) never counts as its staff member personally.
 */
export async function callerIsLiveOperator(db: Executor, caller: Caller | null, organId: number): Promise<boolean> {
  if (!caller || caller.operator !== null || Number(caller.account.id) === organId) return false;
  return isLiveOperator(db, organId, Number(caller.account.id));
}

/**
 * Whether the caller is on the organ's side, now or before: the organ itself
 * (directly or through an operator's token), or an account that operates or
 * ever operated it, signed in as themself or behind an operator's token for
 * another organ. Such callers never deal with the organ as its public: its
 * service record must not be self-made, and an organ can remove and re-add an
 * operator at will, so a past appointment counts too.
 */
export async function callerIsOrganInsider(db: Executor, caller: Caller, organId: number): Promise<boolean> {
  if (Number(caller.account.id) === organId) return true;
  for (const person of [caller.account, caller.operator]) {
    if (person && (await hasEverOperated(db, organId, Number(person.id)))) return true;
  }
  return false;
}
