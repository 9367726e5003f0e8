import type { Kysely } from 'kysely';
import { idColumn } from './helpers.js';

// Frozen: never edit a migration that has shipped; add a new one.
// Media attachments (images uploaded by an account, attached to at most one status), and the
// uploaded avatar and header of an account (null: the provider's default picture); a status's `sensitive` mark.

export async function up(db: Kysely<any>): Promise<void> {
  await idColumn(db, db.schema.createTable('media_attachments'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('status_id', 'bigint', (c) => c.references('statuses.id'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('file_key', 'text', (c) => c.notNull().unique())
    .addColumn('preview_key', 'text', (c) => c.notNull().unique())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('file_size', 'integer', (c) => c.notNull())
    .addColumn('meta', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('blurhash', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('media_attachments_status').on('media_attachments').columns(['status_id', 'position']).execute();
  await db.schema.createIndex('media_attachments_unattached').on('media_attachments').columns(['status_id', 'updated_at']).execute();
  await db.schema.createIndex('media_attachments_account').on('media_attachments').column('account_id').execute();
  // Mastodon's `sensitive`: the poster marked the media as sensitive (a content warning implies it as well).
  await db.schema.alterTable('statuses').addColumn('sensitive', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  for (const column of ['avatar_key', 'avatar_static_key', 'header_key', 'header_static_key']) {
    await db.schema.alterTable('accounts').addColumn(column, 'text').execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['header_static_key', 'header_key', 'avatar_static_key', 'avatar_key']) {
    await db.schema.alterTable('accounts').dropColumn(column).execute();
  }
  await db.schema.alterTable('statuses').dropColumn('sensitive').execute();
  await db.schema.dropTable('media_attachments').execute();
}
