import type { AccountRow } from '../accounts/accounts.repository.js';
import type { Executor } from '../db/database.js';
import { recordAudit } from './audit.repository.js';

/** Who calls a use case: the account acted as, and the staff member behind an operator's token. */
export interface ActingCaller {
  account: AccountRow;
  operator: AccountRow | null;
}

/** What an operator did, as the organ's audit log names it. */
export interface OperatorAct {
  action: string;
  subjectType: string;
  subjectId: number | string;
  data?: unknown;
}

/**
 * Records an act done for an organ through an operator's token, inside the
 * transaction of the act itself: the change and its record commit together or
 * not at all. Nothing is recorded when nobody acts through an operator.
 */
export async function recordOperatorAct(trx: Executor, caller: ActingCaller, act: OperatorAct, at: string): Promise<void> {
  if (!caller.operator) return;
  await recordAudit(trx, { actorId: caller.account.id, operatorId: caller.operator.id, ...act, at });
}
