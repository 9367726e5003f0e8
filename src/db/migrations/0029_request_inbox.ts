import { type Kysely, sql } from 'kysely';
import { isPostgres } from './helpers.js';

// Frozen: never edit a migration that has shipped; add a new one.
// The press officer's inbox of service requests (issue 15):
// - service_requests.due_at: when the organ should have resolved the request,
//   its creation plus the time limit of its category. Stored rather than
//   computed so that `overdue` and `sort=due` filter and page in SQL. The
//   requests that exist get the limits as they stand today (the copy below is
//   frozen with this migration; src/domain/service-request.ts holds the live ones);
// - service_requests.assignee_id / assigned_at: the operator (or the organ
//   account) a request is given to;
// - notifications.request_step: which step a `gov.request_update` tells of.

const HOURS_AT_0029: Record<string, number> = { inquiry: 72, help: 48, complaint: 360, report: 360 };

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('service_requests')
    .addColumn('due_at', 'text')
    .execute();
  await db.schema.alterTable('service_requests').addColumn('assignee_id', 'integer').execute();
  await db.schema.alterTable('service_requests').addColumn('assigned_at', 'text').execute();
  await db.schema.alterTable('notifications').addColumn('request_step', 'text').execute();
  for (const [category, hours] of Object.entries(HOURS_AT_0029)) {
    // Both spell the timestamp as JavaScript's toISOString does, so text order stays time order.
    const due = isPostgres(db)
      ? sql`to_char((created_at::timestamptz + make_interval(hours => ${hours})) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
      : sql`strftime('%Y-%m-%dT%H:%M:%fZ', created_at, ${`+${hours} hours`})`;
    await db.updateTable('service_requests').set({ due_at: due }).where('category', '=', category).execute();
  }
  await db.schema.createIndex('service_requests_organ_due').on('service_requests').columns(['organ_account_id', 'due_at', 'id']).execute();
  await db.schema.createIndex('service_requests_organ_assignee').on('service_requests').columns(['organ_account_id', 'assignee_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('service_requests_organ_assignee').execute();
  await db.schema.dropIndex('service_requests_organ_due').execute();
  await db.schema.alterTable('notifications').dropColumn('request_step').execute();
  await db.schema.alterTable('service_requests').dropColumn('assigned_at').execute();
  await db.schema.alterTable('service_requests').dropColumn('assignee_id').execute();
  await db.schema.alterTable('service_requests').dropColumn('due_at').execute();
}
