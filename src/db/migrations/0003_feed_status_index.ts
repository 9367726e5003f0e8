import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// Deleting a status removes it from every feed: find those rows by status, not by scanning all feeds.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('feeds_status').on('feeds').column('status_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('feeds_status').execute();
}
