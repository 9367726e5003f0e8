import type { Kysely } from 'kysely';
import { idColumn } from './helpers.js';

// Frozen: never edit a migration that has shipped; add a new one.
// A follow of a locked account waits here until the account authorizes or rejects it (Mastodon's follow_requests).

export async function up(db: Kysely<any>): Promise<void> {
  await idColumn(db, db.schema.createTable('follow_requests'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('target_account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('follow_requests_pair', ['account_id', 'target_account_id'])
    .execute();
  // The locked account's list of pending requests, newest first.
  await db.schema.createIndex('follow_requests_target').on('follow_requests').columns(['target_account_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('follow_requests').execute();
}
