import type { Generated } from 'kysely';

export interface AuditLogTable {
  id: Generated<number>;
  /** The account in whose name the act was done (an organ, a reviewer…). */
  actor_id: number | null;
  /** The staff operator who actually did it, when acting for an organ. */
  operator_id: number | null;
  /** Dotted verb: `verification.approve`, `operator.add`… */
  action: string;
  subject_type: string;
  subject_id: string;
  reason: string | null;
  /** JSON text with whatever the action needs to be understood later. */
  data: string | null;
  created_at: string;
}
