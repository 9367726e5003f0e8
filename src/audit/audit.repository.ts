import type { Selectable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { AuditLogTable } from './audit.table.js';

export type AuditRow = Selectable<AuditLogTable>;

export interface AuditEntry {
  actorId: number | null;
  operatorId?: number | null;
  action: string;
  subjectType: string;
  subjectId: number | string;
  reason?: string | null;
  data?: unknown;
  at: string;
}

/** Appends one entry; called inside the transaction of the act it records, so neither exists without the other. */
export async function recordAudit(db: Executor, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_id: e.actorId,
      operator_id: e.operatorId ?? null,
      action: e.action,
      subject_type: e.subjectType,
      subject_id: String(e.subjectId),
      reason: e.reason ?? null,
      data: e.data === undefined ? null : JSON.stringify(e.data),
      created_at: e.at,
    })
    .execute();
}

export interface AuditQuery {
  /** Only entries that concern this account: done by it, by its operators, or to it. */
  concerning?: number;
  maxId?: number;
  minId?: number;
  limit: number;
}

export async function listAudit(db: Executor, q: AuditQuery): Promise<AuditRow[]> {
  let query = db.selectFrom('audit_log').selectAll();
  if (q.concerning !== undefined) {
    const id = q.concerning;
    query = query.where((eb) =>
      eb.or([eb('actor_id', '=', id), eb.and([eb('subject_type', '=', 'account'), eb('subject_id', '=', String(id))])]),
    );
  }
  if (q.maxId !== undefined) query = query.where('id', '<', q.maxId);
  if (q.minId !== undefined) query = query.where('id', '>', q.minId);
  if (q.minId === undefined) return query.orderBy('id', 'desc').limit(q.limit).execute();
  // min_id takes the page just above the cursor (read upwards), shown newest first like every page.
  const rows = await query.orderBy('id', 'asc').limit(q.limit).execute();
  return rows.reverse();
}

/** The newest entry's id (0 for an empty log), and how many entries after `afterId` name this operator. */
export async function lastAuditId(db: Executor): Promise<number> {
  const row = await db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return Number(row?.id ?? 0);
}

export async function countOperatorEntriesSince(db: Executor, operatorId: number, afterId: number): Promise<number> {
  const row = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('operator_id', '=', operatorId)
    .where('id', '>', afterId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
