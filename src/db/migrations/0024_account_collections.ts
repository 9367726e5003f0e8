import type { Kysely } from 'kysely';
import { idColumn } from './helpers.js';

// Frozen: never edit a migration that has shipped; add a new one.
// Collections (Mastodon 4.6): an account's curated, public lists of accounts it
// features, and their items. An item is accepted when added (every account is
// local) and revoked when the featured account takes itself out.

export async function up(db: Kysely<any>): Promise<void> {
  await idColumn(db, db.schema.createTable('account_collections'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('language', 'text')
    .addColumn('sensitive', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('discoverable', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('tag_id', 'bigint', (c) => c.references('tags.id').onDelete('set null'))
    // Accepted items: kept with every change of an item, read by every list.
    .addColumn('item_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('account_collections_account').on('account_collections').columns(['account_id', 'id']).execute();

  await idColumn(db, db.schema.createTable('account_collection_items'))
    .addColumn('collection_id', 'bigint', (c) => c.notNull().references('account_collections.id').onDelete('cascade'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    // accepted | revoked
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('accepted'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('account_collection_items_pair').unique().on('account_collection_items').columns(['collection_id', 'account_id']).execute();
  // "In which collections am I?" reads by the featured account.
  await db.schema.createIndex('account_collection_items_account').on('account_collection_items').columns(['account_id', 'collection_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('account_collection_items').execute();
  await db.schema.dropTable('account_collections').execute();
}
