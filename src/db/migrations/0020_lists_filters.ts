import type { Kysely } from 'kysely';
import { idColumn } from './helpers.js';

// Frozen: never edit a migration that has shipped; add a new one.
// Lists and their members, filters (v2: keywords and statuses), followed and
// featured hashtags, the follow options (notify, reblogs, languages) and the
// posting preferences of an account.

export async function up(db: Kysely<any>): Promise<void> {
  await idColumn(db, db.schema.createTable('lists'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    // followed | list | none
    .addColumn('replies_policy', 'text', (c) => c.notNull().defaultTo('list'))
    .addColumn('exclusive', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('lists_account').on('lists').columns(['account_id', 'id']).execute();
  await idColumn(db, db.schema.createTable('list_accounts'))
    .addColumn('list_id', 'bigint', (c) => c.notNull().references('lists.id').onDelete('cascade'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('list_accounts_pair').unique().on('list_accounts').columns(['list_id', 'account_id']).execute();
  await db.schema.createIndex('list_accounts_account').on('list_accounts').columns(['account_id', 'list_id']).execute();

  await idColumn(db, db.schema.createTable('custom_filters'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    // Comma-joined contexts: home,notifications,public,thread,account
    .addColumn('context', 'text', (c) => c.notNull())
    // warn | hide | blur
    .addColumn('action', 'text', (c) => c.notNull().defaultTo('warn'))
    .addColumn('expires_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('custom_filters_account').on('custom_filters').columns(['account_id', 'id']).execute();
  await idColumn(db, db.schema.createTable('custom_filter_keywords'))
    .addColumn('custom_filter_id', 'bigint', (c) => c.notNull().references('custom_filters.id').onDelete('cascade'))
    .addColumn('keyword', 'text', (c) => c.notNull())
    .addColumn('whole_word', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('custom_filter_keywords_filter').on('custom_filter_keywords').columns(['custom_filter_id', 'id']).execute();
  await idColumn(db, db.schema.createTable('custom_filter_statuses'))
    .addColumn('custom_filter_id', 'bigint', (c) => c.notNull().references('custom_filters.id').onDelete('cascade'))
    .addColumn('status_id', 'bigint', (c) => c.notNull().references('statuses.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('custom_filter_statuses_pair').unique().on('custom_filter_statuses').columns(['custom_filter_id', 'status_id']).execute();
  // How many filters the account has: pages and streams look filters up only for readers who have any.
  await db.schema.alterTable('accounts').addColumn('filters_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  await idColumn(db, db.schema.createTable('tag_follows'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('tag_id', 'bigint', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tag_follows_pair').unique().on('tag_follows').columns(['account_id', 'tag_id']).execute();
  await db.schema.createIndex('tag_follows_tag').on('tag_follows').columns(['tag_id', 'account_id']).execute();

  await idColumn(db, db.schema.createTable('featured_tags'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('tag_id', 'bigint', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('featured_tags_pair').unique().on('featured_tags').columns(['account_id', 'tag_id']).execute();

  // Follow options, as Mastodon's follows: a `status` notification on each post, their reblogs in home, only these languages (JSON list or null).
  await db.schema.alterTable('follows').addColumn('notify', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('follows').addColumn('show_reblogs', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('follows').addColumn('languages', 'text').execute();
  await db.schema.createIndex('follows_target_notify').on('follows').columns(['target_account_id', 'notify']).execute();
  // A request to follow a locked account keeps the options asked for until it is authorized.
  await db.schema.alterTable('follow_requests').addColumn('notify', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('follow_requests').addColumn('show_reblogs', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('follow_requests').addColumn('languages', 'text').execute();

  // Posting preferences (Mastodon's source[privacy], source[sensitive], source[language]).
  await db.schema.alterTable('accounts').addColumn('default_privacy', 'text', (c) => c.notNull().defaultTo('public')).execute();
  await db.schema.alterTable('accounts').addColumn('default_sensitive', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('accounts').addColumn('default_language', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('accounts').dropColumn('default_language').execute();
  await db.schema.alterTable('accounts').dropColumn('default_sensitive').execute();
  await db.schema.alterTable('accounts').dropColumn('default_privacy').execute();
  await db.schema.alterTable('follow_requests').dropColumn('languages').execute();
  await db.schema.alterTable('follow_requests').dropColumn('show_reblogs').execute();
  await db.schema.alterTable('follow_requests').dropColumn('notify').execute();
  await db.schema.dropIndex('follows_target_notify').execute();
  await db.schema.alterTable('follows').dropColumn('languages').execute();
  await db.schema.alterTable('follows').dropColumn('show_reblogs').execute();
  await db.schema.alterTable('follows').dropColumn('notify').execute();
  await db.schema.dropTable('featured_tags').execute();
  await db.schema.dropTable('tag_follows').execute();
  await db.schema.alterTable('accounts').dropColumn('filters_count').execute();
  await db.schema.dropTable('custom_filter_statuses').execute();
  await db.schema.dropTable('custom_filter_keywords').execute();
  await db.schema.dropTable('custom_filters').execute();
  await db.schema.dropTable('list_accounts').execute();
  await db.schema.dropTable('lists').execute();
}
