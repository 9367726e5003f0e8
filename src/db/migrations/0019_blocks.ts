import type { Kysely } from 'kysely';
import { idColumn } from './helpers.js';

// Frozen: never edit a migration that has shipped; add a new one.
// Account blocks, account mutes (with their notification flag and expiry)
// and the domains a user blocks (Mastodon's blocks, mutes, account_domain_blocks).

export async function up(db: Kysely<any>): Promise<void> {
  await idColumn(db, db.schema.createTable('blocks'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('target_account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('blocks_account_target').unique().on('blocks').columns(['account_id', 'target_account_id']).execute();
  // Who blocks an account (blocked_by, fan-out's skip).
  await db.schema.createIndex('blocks_target_account').on('blocks').columns(['target_account_id', 'account_id']).execute();

  await idColumn(db, db.schema.createTable('mutes'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('target_account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    // 0/1: the muted account's notifications are dropped too.
    .addColumn('hide_notifications', 'integer', (c) => c.notNull().defaultTo(1))
    // ISO time the mute ends; null for ever.
    .addColumn('expires_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mutes_account_target').unique().on('mutes').columns(['account_id', 'target_account_id']).execute();
  await db.schema.createIndex('mutes_target_account').on('mutes').columns(['target_account_id', 'account_id']).execute();

  await idColumn(db, db.schema.createTable('account_domain_blocks'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    // Normalised: lower case, ASCII (punycode), no trailing dot.
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('account_domain_blocks_account_domain').unique().on('account_domain_blocks').columns(['account_id', 'domain']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('account_domain_blocks').execute();
  await db.schema.dropTable('mutes').execute();
  await db.schema.dropTable('blocks').execute();
}
