import type { Kysely } from 'kysely';
import { idColumn } from './helpers.js';

// Frozen: never edit a migration that has shipped; add a new one.
// Status edits (each version kept, as Mastodon's status_edits) and polls with
// their votes (tallies kept on the poll, as Mastodon's cached_tallies).

export async function up(db: Kysely<any>): Promise<void> {
  await idColumn(db, db.schema.createTable('polls'))
    .addColumn('status_id', 'bigint', (c) => c.notNull().references('statuses.id').onDelete('cascade'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    // JSON arrays: the option titles, and the votes each has had.
    .addColumn('options', 'text', (c) => c.notNull())
    .addColumn('tallies', 'text', (c) => c.notNull())
    .addColumn('multiple', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hide_totals', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('votes_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('voters_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('polls_status').unique().on('polls').column('status_id').execute();

  await idColumn(db, db.schema.createTable('poll_votes'))
    .addColumn('poll_id', 'bigint', (c) => c.notNull().references('polls.id').onDelete('cascade'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('choice', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // One vote per choice per voter; the prefix serves "has this account voted".
  await db.schema.createIndex('poll_votes_poll_account_choice').unique().on('poll_votes').columns(['poll_id', 'account_id', 'choice']).execute();

  await idColumn(db, db.schema.createTable('status_edits'))
    .addColumn('status_id', 'bigint', (c) => c.notNull().references('statuses.id').onDelete('cascade'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    // The staff operator who made this version for an organ; null otherwise.
    .addColumn('operator_id', 'bigint')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('spoiler_text', 'text', (c) => c.notNull())
    .addColumn('sensitive', 'integer', (c) => c.notNull().defaultTo(0))
    // JSON: the media attachments as presented then; the poll's option titles (null: no poll).
    .addColumn('media', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('poll_options', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('status_edits_status').on('status_edits').columns(['status_id', 'id']).execute();

  // Which statuses carry a poll, known from the row: a page without polls asks for none.
  await db.schema.alterTable('statuses').addColumn('poll_id', 'bigint').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('statuses').dropColumn('poll_id').execute();
  await db.schema.dropTable('status_edits').execute();
  await db.schema.dropTable('poll_votes').execute();
  await db.schema.dropTable('polls').execute();
}
