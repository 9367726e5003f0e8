import type { Kysely } from 'kysely';
import { idColumn } from './helpers.js';

// Frozen: never edit a migration that has shipped; add a new one.
// Discovery: an account's private notes on others and the accounts it endorses
// (features on its profile), suggestions it dismissed, the admins'
// announcements with who read and reacted to them, and the custom emojis.

export async function up(db: Kysely<any>): Promise<void> {
  await idColumn(db, db.schema.createTable('account_notes'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('target_account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('account_notes_pair').unique().on('account_notes').columns(['account_id', 'target_account_id']).execute();

  await idColumn(db, db.schema.createTable('account_pins'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('target_account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('account_pins_pair').unique().on('account_pins').columns(['account_id', 'target_account_id']).execute();
  await db.schema.createIndex('account_pins_target').on('account_pins').column('target_account_id').execute();

  await idColumn(db, db.schema.createTable('suggestion_dismissals'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('target_account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('suggestion_dismissals_pair').unique().on('suggestion_dismissals').columns(['account_id', 'target_account_id']).execute();

  await idColumn(db, db.schema.createTable('announcements'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text')
    .addColumn('ends_at', 'text')
    .addColumn('all_day', 'integer', (c) => c.notNull().defaultTo(0))
    // null while a draft: not shown to anyone but admins.
    .addColumn('published_at', 'text')
    .addColumn('created_by', 'bigint', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await idColumn(db, db.schema.createTable('announcement_reads'))
    .addColumn('announcement_id', 'bigint', (c) => c.notNull().references('announcements.id').onDelete('cascade'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('announcement_reads_pair').unique().on('announcement_reads').columns(['account_id', 'announcement_id']).execute();
  await idColumn(db, db.schema.createTable('announcement_reactions'))
    .addColumn('announcement_id', 'bigint', (c) => c.notNull().references('announcements.id').onDelete('cascade'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    // A unicode emoji, or a custom emoji's shortcode.
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('announcement_reactions_one').unique().on('announcement_reactions').columns(['announcement_id', 'account_id', 'name']).execute();

  await idColumn(db, db.schema.createTable('custom_emojis'))
    .addColumn('shortcode', 'text', (c) => c.notNull())
    .addColumn('image_key', 'text', (c) => c.notNull())
    .addColumn('static_key', 'text', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('visible_in_picker', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('custom_emojis_shortcode').unique().on('custom_emojis').column('shortcode').execute();

  // Trends read the recent public statuses by time (src/trends/).
  await db.schema.createIndex('statuses_created').on('statuses').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('statuses_created').execute();
  await db.schema.dropTable('custom_emojis').execute();
  await db.schema.dropTable('announcement_reactions').execute();
  await db.schema.dropTable('announcement_reads').execute();
  await db.schema.dropTable('announcements').execute();
  await db.schema.dropTable('suggestion_dismissals').execute();
  await db.schema.dropTable('account_pins').execute();
  await db.schema.dropTable('account_notes').execute();
}
