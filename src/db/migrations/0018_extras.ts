import type { Kysely } from 'kysely';
import { idColumn } from './helpers.js';

// Frozen: never edit a migration that has shipped; add a new one.
// Conversation mutes, the admin's sign-up blocks (e-mail domains, canonical
// e-mail hashes, IP ranges) and the stored annual reports.

export async function up(db: Kysely<any>): Promise<void> {
  await idColumn(db, db.schema.createTable('conversation_mutes'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('conversation_id', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // How many threads the account muted: a page's flags look the mutes up only for readers who have any.
  await db.schema.alterTable('accounts').addColumn('muted_conversations', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('conversation_mutes_account_conversation').unique().on('conversation_mutes').columns(['account_id', 'conversation_id']).execute();

  await idColumn(db, db.schema.createTable('email_domain_blocks'))
    // Lower-cased host name; a block covers its subdomains too.
    .addColumn('domain', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Sign-ups refused by a block, for its history (uses per day, distinct addresses).
  await idColumn(db, db.schema.createTable('email_domain_block_attempts'))
    .addColumn('block_id', 'bigint', (c) => c.notNull().references('email_domain_blocks.id').onDelete('cascade'))
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('email_domain_block_attempts_block_created').on('email_domain_block_attempts').columns(['block_id', 'created_at']).execute();

  await idColumn(db, db.schema.createTable('canonical_email_blocks'))
    // SHA-256 hex of the canonical address; the address itself is never stored.
    .addColumn('canonical_email_hash', 'text', (c) => c.notNull().unique())
    .addColumn('reference_account_id', 'bigint', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await idColumn(db, db.schema.createTable('ip_blocks'))
    // The network in CIDR form with its host bits cleared: `65.10.51.0/24`, `2001:db8::/32`.
    .addColumn('ip', 'text', (c) => c.notNull().unique())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('expires_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await idColumn(db, db.schema.createTable('annual_reports'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('schema_version', 'integer', (c) => c.notNull())
    // JSON text of the report; null while its job is generating it.
    .addColumn('data', 'text')
    .addColumn('share_key', 'text', (c) => c.notNull())
    .addColumn('viewed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('annual_reports_account_year').unique().on('annual_reports').columns(['account_id', 'year']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('annual_reports').execute();
  await db.schema.dropTable('ip_blocks').execute();
  await db.schema.dropTable('canonical_email_blocks').execute();
  await db.schema.dropTable('email_domain_block_attempts').execute();
  await db.schema.dropTable('email_domain_blocks').execute();
  await db.schema.alterTable('accounts').dropColumn('muted_conversations').execute();
  await db.schema.dropTable('conversation_mutes').execute();
}
