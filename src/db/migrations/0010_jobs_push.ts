import type { Kysely } from 'kysely';
import { idColumn } from './helpers.js';

// Frozen: never edit a migration that has shipped; add a new one.
// The durable job queue that background work runs from (src/jobs/), Web Push
// subscriptions (one per access token) and the provider's VAPID key pair.

export async function up(db: Kysely<any>): Promise<void> {
  await idColumn(db, db.schema.createTable('jobs'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    // queued | running | dead (a job that succeeds is deleted)
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    // A queued job is due at run_at; a running one's lease ends at run_at.
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('claim', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('jobs_due').on('jobs').columns(['state', 'run_at']).execute();

  await idColumn(db, db.schema.createTable('push_subscriptions'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('token_id', 'bigint', (c) => c.notNull().references('oauth_tokens.id').onDelete('cascade'))
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('key_p256dh', 'text', (c) => c.notNull())
    .addColumn('key_auth', 'text', (c) => c.notNull())
    .addColumn('standard', 'integer', (c) => c.notNull())
    // JSON object: alert type -> boolean
    .addColumn('alerts', 'text', (c) => c.notNull())
    .addColumn('policy', 'text', (c) => c.notNull())
    // The subscribing access token, sealed (src/push/seal.ts): the push payload carries it, as Mastodon's does.
    .addColumn('sealed_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('push_subscriptions_token').unique().on('push_subscriptions').column('token_id').execute();
  await db.schema.createIndex('push_subscriptions_account').on('push_subscriptions').column('account_id').execute();

  // One row (id 1): the key pair generated on first use when none is configured.
  await db.schema
    .createTable('vapid_keys')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('private_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('vapid_keys').execute();
  await db.schema.dropTable('push_subscriptions').execute();
  await db.schema.dropTable('jobs').execute();
}
