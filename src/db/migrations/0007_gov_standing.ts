import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// An operator's token for an organ remembers the operator's own token it was taken with: it lives no longer than that one.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('oauth_tokens').addColumn('parent_token_id', 'bigint').execute();
  await db.schema.createIndex('oauth_tokens_parent').on('oauth_tokens').column('parent_token_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('oauth_tokens_parent').execute();
  await db.schema.alterTable('oauth_tokens').dropColumn('parent_token_id').execute();
}
