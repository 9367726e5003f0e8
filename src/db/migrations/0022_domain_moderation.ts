import type { Kysely } from 'kysely';
import { idColumn } from './helpers.js';

// Frozen: never edit a migration that has shipped; add a new one.
// Server-wide domain moderation, as Mastodon's admin keeps it: the domains the
// provider blocks (silence, suspend or noop, with media and reports refused or
// not) and the domains it allows in limited-federation mode.

export async function up(db: Kysely<any>): Promise<void> {
  await idColumn(db, db.schema.createTable('domain_blocks'))
    // Lower-case ASCII host name (IDN in punycode); a block covers its subdomains.
    .addColumn('domain', 'text', (c) => c.notNull().unique())
    .addColumn('severity', 'text', (c) => c.notNull().defaultTo('silence'))
    .addColumn('reject_media', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reject_reports', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('private_comment', 'text')
    .addColumn('public_comment', 'text')
    .addColumn('obfuscate', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await idColumn(db, db.schema.createTable('domain_allows'))
    .addColumn('domain', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('domain_allows').execute();
  await db.schema.dropTable('domain_blocks').execute();
}
