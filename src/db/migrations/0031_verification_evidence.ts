import type { Kysely } from 'kysely';
import { idColumn, isPostgres } from './helpers.js';

// Frozen: never edit a migration that has shipped; add a new one.
// Issue 15, evidence files of verification applications (scans of the official
// letter or certificate). They are private, so they live in the database and
// never in the media store, whose files are public by URL (and public-read in a
// bucket):
// - verification_evidence_files: one uploaded file of an account, its bytes as
//   checked and re-encoded by the server, the type the server sniffed, and the
//   client's file name kept only as display text;
// - verification_evidence: which files an application carries, in order; a
//   re-application after a rejection may carry the earlier files again.

export async function up(db: Kysely<any>): Promise<void> {
  await idColumn(db, db.schema.createTable('verification_evidence_files'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('file_size', 'integer', (c) => c.notNull())
    .addColumn('data', isPostgres(db) ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('verification_evidence_files_account').on('verification_evidence_files').column('account_id').execute();
  await db.schema
    .createTable('verification_evidence')
    .addColumn('verification_id', 'bigint', (c) => c.notNull().references('verifications.id'))
    .addColumn('file_id', 'bigint', (c) => c.notNull().references('verification_evidence_files.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('verification_evidence_pkey', ['verification_id', 'file_id'])
    .execute();
  await db.schema.createIndex('verification_evidence_file').on('verification_evidence').column('file_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('verification_evidence').execute();
  await db.schema.dropTable('verification_evidence_files').execute();
}
