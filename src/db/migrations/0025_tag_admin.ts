import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// Mastodon's admin settings of a hashtag: whether new posts may use it
// (`usable`) and whether it is listed in search (`listable`). null: not set
// by staff, which counts as allowed (Mastodon's nil).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tags').addColumn('usable', 'integer').execute();
  await db.schema.alterTable('tags').addColumn('listable', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tags').dropColumn('listable').execute();
  await db.schema.alterTable('tags').dropColumn('usable').execute();
}
