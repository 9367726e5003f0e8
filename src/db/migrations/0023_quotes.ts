import type { Kysely } from 'kysely';
import { idColumn } from './helpers.js';

// Frozen: never edit a migration that has shipped; add a new one.
// Quote posts (Mastodon 4.5): one quote per quoting status, its state, and on
// statuses the count of accepted quotes and who may quote them.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('statuses').addColumn('quotes_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  // 'public' | 'followers' | 'nobody' (Mastodon's quote_approval_policy, automatic approval).
  await db.schema.alterTable('statuses').addColumn('quote_approval_policy', 'text', (c) => c.notNull().defaultTo('public')).execute();
  // 1 on a status that quotes another: a page of statuses looks quotes up only when one of them is such (most pages: never).
  await db.schema.alterTable('statuses').addColumn('quoting', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await idColumn(db, db.schema.createTable('quotes'))
    .addColumn('status_id', 'bigint', (c) => c.notNull().unique())
    .addColumn('quoted_status_id', 'bigint')
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('quoted_account_id', 'bigint')
    // pending | accepted | rejected | revoked | deleted
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('quotes_quoted_status_id_index').on('quotes').columns(['quoted_status_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('quotes').execute();
  await db.schema.alterTable('statuses').dropColumn('quoting').execute();
  await db.schema.alterTable('statuses').dropColumn('quote_approval_policy').execute();
  await db.schema.alterTable('statuses').dropColumn('quotes_count').execute();
}
