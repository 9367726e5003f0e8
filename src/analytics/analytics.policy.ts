import { type Caller, maySeeOrganInternals } from '../operators/operators.policy.js';

/** An organ's analytics are for its own side (the organ, its live operators) and the provider's reviewers and admins. */
export function maySeeAnalytics(caller: Caller, organId: number, callerIsLiveOperator: boolean): boolean {
  return maySeeOrganInternals(caller, organId, callerIsLiveOperator);
}
