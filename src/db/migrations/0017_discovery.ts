import type { Kysely } from 'kysely';
import { idColumn } from './helpers.js';

// Frozen: never edit a migration that has shipped; add a new one.
// Discovery: an account's private notes on others and the accounts it endorses
// (features on its profile), suggestions it dismissed, the admins'
// announcements with who read and reacted to them, the custom emojis, and
// Mastodon 4.3's notification policy with the requests it holds back.

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

  // Mastodon 4.3's notification policy: one row per account that changed it from accept-all.
  await db.schema
    .createTable('notification_policies')
    .addColumn('account_id', 'bigint', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
    .addColumn('for_not_following', 'text', (c) => c.notNull())
    .addColumn('for_not_followers', 'text', (c) => c.notNull())
    .addColumn('for_new_accounts', 'text', (c) => c.notNull())
    .addColumn('for_private_mentions', 'text', (c) => c.notNull())
    .addColumn('for_limited_accounts', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Senders whose notifications the account let through (an accepted request).
  await idColumn(db, db.schema.createTable('notification_permissions'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('from_account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notification_permissions_pair').unique().on('notification_permissions').columns(['account_id', 'from_account_id']).execute();
  await idColumn(db, db.schema.createTable('notification_requests'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('from_account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('last_status_id', 'bigint')
    .addColumn('notifications_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notification_requests_pair').unique().on('notification_requests').columns(['account_id', 'from_account_id']).execute();
  // Notifications held back by the policy, apart from `notifications` so that no reader of that table must know of them; accepted, they move there.
  await idColumn(db, db.schema.createTable('filtered_notifications'))
    .addColumn('notification_request_id', 'bigint', (c) => c.notNull().references('notification_requests.id').onDelete('cascade'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('from_account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('status_id', 'bigint')
    .addColumn('request_id', 'bigint')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('filtered_notifications_request').on('filtered_notifications').columns(['notification_request_id', 'id']).execute();

  // Trends read the recent public statuses by time (src/trends/).
  await db.schema.createIndex('statuses_created').on('statuses').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('statuses_created').execute();
  await db.schema.dropTable('filtered_notifications').execute();
  await db.schema.dropTable('notification_requests').execute();
  await db.schema.dropTable('notification_permissions').execute();
  await db.schema.dropTable('notification_policies').execute();
  await db.schema.dropTable('custom_emojis').execute();
  await db.schema.dropTable('announcement_reactions').execute();
  await db.schema.dropTable('announcement_reads').execute();
  await db.schema.dropTable('announcements').execute();
  await db.schema.dropTable('suggestion_dismissals').execute();
  await db.schema.dropTable('account_pins').execute();
  await db.schema.dropTable('account_notes').execute();
}
