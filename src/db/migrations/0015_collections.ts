import type { Kysely } from 'kysely';
import { idColumn } from './helpers.js';

// Frozen: never edit a migration that has shipped; add a new one.
// What a reader keeps and an author shows: bookmarks (private to the reader),
// pinned statuses (on the author's profile), and link preview cards, fetched
// once per URL and shared by every status that links it.

export async function up(db: Kysely<any>): Promise<void> {
  await idColumn(db, db.schema.createTable('bookmarks'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('status_id', 'bigint', (c) => c.notNull().references('statuses.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // The reader's list is read by (account_id, id); the unique pair keeps a second bookmark out.
  await db.schema.createIndex('bookmarks_account_status').unique().on('bookmarks').columns(['account_id', 'status_id']).execute();
  await db.schema.createIndex('bookmarks_account_id').on('bookmarks').columns(['account_id', 'id']).execute();

  await idColumn(db, db.schema.createTable('status_pins'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('status_id', 'bigint', (c) => c.notNull().references('statuses.id').onDelete('cascade'))
    // The operator who pinned it for an organ; null when the account holder did.
    .addColumn('operator_id', 'bigint')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('status_pins_account_status').unique().on('status_pins').columns(['account_id', 'status_id']).execute();

  await idColumn(db, db.schema.createTable('preview_cards'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('author_url', 'text', (c) => c.notNull())
    .addColumn('provider_name', 'text', (c) => c.notNull())
    .addColumn('provider_url', 'text', (c) => c.notNull())
    .addColumn('language', 'text')
    .addColumn('published_at', 'text')
    // The preview image as this provider stores it (never the remote URL: readers' browsers do not call the linked site).
    .addColumn('image_key', 'text')
    .addColumn('image_description', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('blurhash', 'text')
    // 1 when the page gave something to show; 0 when it was fetched and gave nothing (kept so that it is not fetched again at once).
    .addColumn('usable', 'integer', (c) => c.notNull())
    .addColumn('fetched_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('preview_cards_url').unique().on('preview_cards').column('url').execute();

  await db.schema
    .createTable('status_cards')
    .addColumn('status_id', 'bigint', (c) => c.primaryKey().references('statuses.id').onDelete('cascade'))
    .addColumn('preview_card_id', 'bigint', (c) => c.notNull().references('preview_cards.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('status_cards_card').on('status_cards').column('preview_card_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('status_cards').execute();
  await db.schema.dropTable('preview_cards').execute();
  await db.schema.dropTable('status_pins').execute();
  await db.schema.dropTable('bookmarks').execute();
}
