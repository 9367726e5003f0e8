import type { AccountJson } from '../accounts/accounts.presenter.js';
import type { Operator } from '../http/schemas/gov.js';
import type { OperatorRow } from './operators.repository.js';

/** An organ's operator, as the organ's side and reviewers see it. */
export function presentOperator(o: OperatorRow, account: AccountJson | null): Operator {
  return {
    id: String(o.id),
    organ_account_id: String(o.organ_account_id),
    account_id: String(o.operator_account_id),
    added_by: String(o.added_by),
    created_at: o.created_at,
    removed_at: o.removed_at,
    account,
  };
}

export type OperatorJson = Operator;
