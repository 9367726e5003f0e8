import type { AuditEntry } from '../http/schemas/gov.js';
import type { AuditRow } from './audit.repository.js';

export function presentAudit(r: AuditRow): AuditEntry {
  return {
    id: String(r.id),
    action: r.action,
    actor_id: r.actor_id === null ? null : String(r.actor_id),
    operator_id: r.operator_id === null ? null : String(r.operator_id),
    subject_type: r.subject_type,
    subject_id: r.subject_id,
    reason: r.reason,
    data: r.data === null ? null : (JSON.parse(r.data) as unknown),
    created_at: r.created_at,
  };
}
