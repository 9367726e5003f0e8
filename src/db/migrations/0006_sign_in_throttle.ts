import type { Kysely } from 'kysely';
import { idColumn } from './helpers.js';

// Frozen: never edit a migration that has shipped; add a new one.
// Browsers that signed in to an account: they pass its sign-in throttle while a guesser is held.

export async function up(db: Kysely<any>): Promise<void> {
  await idColumn(db, db.schema.createTable('known_devices'))
    .addColumn('device_hash', 'text', (c) => c.notNull())
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('known_devices_device_account').unique().on('known_devices').columns(['device_hash', 'account_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('known_devices').execute();
}
