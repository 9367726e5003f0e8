import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// Federation's own storage (src/federation/): the key pairs an actor signs
// with, made once and kept (an actor whose key changed would be refused by
// every server that cached the old one), and the key-value store Fedify keeps
// its caches, idempotence records and circuit state in. Timestamps are ISO
// text, as everywhere.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('actor_keys')
    // A local account's id; 0 for the provider's instance actor (no account row).
    .addColumn('account_id', 'integer', (c) => c.notNull())
    // 'RSASSA-PKCS1-v1_5' (Mastodon's draft-cavage signatures) or 'Ed25519' (object integrity proofs).
    .addColumn('algorithm', 'text', (c) => c.notNull())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('private_jwk', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('actor_keys_pkey', ['account_id', 'algorithm'])
    .execute();
  await db.schema
    .createTable('federation_kv')
    // The Fedify key (an array of strings) as JSON text.
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    // null: kept until deleted.
    .addColumn('expires_at', 'text')
    .execute();
  await db.schema.createIndex('federation_kv_expires_at').on('federation_kv').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('federation_kv').execute();
  await db.schema.dropTable('actor_keys').execute();
}
