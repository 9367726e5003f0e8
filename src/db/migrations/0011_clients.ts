import type { Kysely } from 'kysely';
import { idColumn } from './helpers.js';

// Frozen: never edit a migration that has shipped; add a new one.
// What Mastodon apps rely on: profile fields, read markers, and Idempotency-Key
// records for POST /api/v1/statuses when no Redis is configured, and the direct
// messages that carry service requests to apps that know only Mastodon's notification types.

export async function up(db: Kysely<any>): Promise<void> {
  // Profile fields as a JSON array of {name, value}; '[]' for none.
  await db.schema.alterTable('accounts').addColumn('fields', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await idColumn(db, db.schema.createTable('markers'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('timeline', 'text', (c) => c.notNull())
    .addColumn('last_read_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('markers_account_timeline').unique().on('markers').columns(['account_id', 'timeline']).execute();
  await idColumn(db, db.schema.createTable('idempotency_keys'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    // 'status' or 'scheduled', and the id of what the first request made; null while it is being made.
    .addColumn('kind', 'text')
    .addColumn('result_id', 'bigint')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('idempotency_keys_account_key').unique().on('idempotency_keys').columns(['account_id', 'key']).execute();
  await db.schema.createIndex('idempotency_keys_created').on('idempotency_keys').column('created_at').execute();
  // The direct message each step of a service request posted to the other party, so that stock apps see it.
  await db.schema.alterTable('request_events').addColumn('status_id', 'bigint').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('request_events').dropColumn('status_id').execute();
  await db.schema.dropTable('idempotency_keys').execute();
  await db.schema.dropTable('markers').execute();
  await db.schema.alterTable('accounts').dropColumn('fields').execute();
}
