import { type Kysely, sql } from 'kysely';
import { idColumn } from './helpers.js';

// Frozen: never edit a migration that has shipped; add a new one.
// Statuses, the social graph, feeds, notifications, operators, service requests, analytics.

export async function up(db: Kysely<any>): Promise<void> {
  await idColumn(db, db.schema.createTable('statuses'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('operator_id', 'bigint')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('spoiler_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('language', 'text')
    .addColumn('in_reply_to_id', 'bigint')
    .addColumn('in_reply_to_account_id', 'bigint')
    .addColumn('reblog_of_id', 'bigint')
    .addColumn('conversation_id', 'bigint')
    .addColumn('application_name', 'text')
    .addColumn('fanned_out', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('replies_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reblogs_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('favourites_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'text')
    .addColumn('deleted_at', 'text')
    .execute();
  await db.schema.createIndex('statuses_account').on('statuses').columns(['account_id', 'id']).execute();
  await db.schema.createIndex('statuses_reply').on('statuses').columns(['in_reply_to_id']).execute();
  await db.schema.createIndex('statuses_conversation').on('statuses').columns(['conversation_id']).execute();
  await db.schema.createIndex('statuses_reblog').on('statuses').columns(['reblog_of_id', 'account_id']).execute();
  // Merge on read: the statuses of very large accounts that were not written to every follower's feed.
  await db.schema.createIndex('statuses_unfanned').on('statuses').columns(['fanned_out', 'account_id', 'id']).execute();
  await db.schema.createIndex('statuses_public').on('statuses').columns(['visibility', 'id']).execute();

  await db.schema
    .createTable('mentions')
    .addColumn('status_id', 'bigint', (c) => c.notNull().references('statuses.id').onDelete('cascade'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('mentions_pk', ['status_id', 'account_id'])
    .execute();
  await db.schema.createIndex('mentions_account').on('mentions').columns(['account_id', 'status_id']).execute();

  await idColumn(db, db.schema.createTable('tags'))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('display', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('status_tags')
    .addColumn('status_id', 'bigint', (c) => c.notNull().references('statuses.id').onDelete('cascade'))
    .addColumn('tag_id', 'bigint', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('status_tags_pk', ['status_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('status_tags_tag').on('status_tags').columns(['tag_id', 'status_id']).execute();

  await idColumn(db, db.schema.createTable('scheduled_statuses'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('operator_id', 'bigint')
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('scheduled_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('scheduled_statuses_due').on('scheduled_statuses').columns(['scheduled_at']).execute();

  await idColumn(db, db.schema.createTable('follows'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('target_account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('follows_pair', ['account_id', 'target_account_id'])
    .execute();
  await db.schema.createIndex('follows_target').on('follows').columns(['target_account_id', 'account_id']).execute();

  await idColumn(db, db.schema.createTable('favourites'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('status_id', 'bigint', (c) => c.notNull().references('statuses.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('favourites_pair', ['account_id', 'status_id'])
    .execute();
  await db.schema.createIndex('favourites_status').on('favourites').columns(['status_id']).execute();

  await db.schema
    .createTable('feeds')
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('status_id', 'bigint', (c) => c.notNull())
    .addColumn('author_id', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('feeds_pk', ['account_id', 'status_id'])
    .execute();
  await db.schema.createIndex('feeds_author').on('feeds').columns(['account_id', 'author_id']).execute();

  await db.schema
    .createTable('conversation_members')
    .addColumn('conversation_id', 'bigint', (c) => c.notNull())
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('last_status_id', 'bigint', (c) => c.notNull())
    .addColumn('unread', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('conversation_members_pk', ['conversation_id', 'account_id'])
    .execute();
  await db.schema.createIndex('conversation_members_account').on('conversation_members').columns(['account_id', 'last_status_id']).execute();

  await idColumn(db, db.schema.createTable('notifications'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('from_account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('status_id', 'bigint', (c) => c.references('statuses.id').onDelete('cascade'))
    .addColumn('request_id', 'bigint')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('dismissed_at', 'text')
    .execute();
  await db.schema.createIndex('notifications_account').on('notifications').columns(['account_id', 'id']).execute();

  await idColumn(db, db.schema.createTable('operators'))
    .addColumn('organ_account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('operator_account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('added_by', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('removed_at', 'text')
    .execute();
  await db.schema.createIndex('operators_organ').on('operators').columns(['organ_account_id', 'operator_account_id']).execute();
  // One live row per organ and operator, even when two adds race; removed rows stay as history.
  await db.schema
    .createIndex('operators_live')
    .on('operators')
    .columns(['organ_account_id', 'operator_account_id'])
    .unique()
    .where(sql.ref('removed_at'), 'is', null)
    .execute();
  await db.schema.createIndex('operators_operator').on('operators').columns(['operator_account_id']).execute();

  await db.schema.alterTable('oauth_tokens').addColumn('operator_id', 'bigint').execute();

  await idColumn(db, db.schema.createTable('vouches'))
    .addColumn('verification_id', 'bigint', (c) => c.notNull().references('verifications.id').onDelete('cascade'))
    .addColumn('organ_account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('operator_id', 'bigint')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('vouches_once', ['verification_id', 'organ_account_id'])
    .execute();

  await idColumn(db, db.schema.createTable('service_requests'))
    .addColumn('organ_account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('citizen_account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('response', 'text')
    .addColumn('accepted_at', 'text')
    .addColumn('first_response_at', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('rating', 'integer')
    .addColumn('rated_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('service_requests_organ').on('service_requests').columns(['organ_account_id', 'id']).execute();
  await db.schema.createIndex('service_requests_public').on('service_requests').columns(['organ_account_id', 'visibility', 'id']).execute();
  await db.schema.createIndex('service_requests_citizen').on('service_requests').columns(['citizen_account_id', 'id']).execute();

  await idColumn(db, db.schema.createTable('request_events'))
    .addColumn('request_id', 'bigint', (c) => c.notNull().references('service_requests.id').onDelete('cascade'))
    .addColumn('actor_id', 'bigint', (c) => c.notNull())
    .addColumn('operator_id', 'bigint')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('text', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('vouches_organ').on('vouches').columns(['organ_account_id']).execute();
  await db.schema.createIndex('request_events_request').on('request_events').columns(['request_id', 'id']).execute();

  await db.schema
    .createTable('account_daily_stats')
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('followers_gained', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('followers_lost', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('posts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('replies_received', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('favourites_received', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reblogs_received', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('account_daily_stats_pk', ['account_id', 'day'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'account_daily_stats',
    'request_events',
    'service_requests',
    'vouches',
    'operators',
    'notifications',
    'conversation_members',
    'feeds',
    'favourites',
    'follows',
    'scheduled_statuses',
    'status_tags',
    'tags',
    'mentions',
    'statuses',
  ]) {
    await db.schema.dropTable(t).execute();
  }
  await db.schema.alterTable('oauth_tokens').dropColumn('operator_id').execute();
}
