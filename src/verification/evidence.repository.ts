import { type Insertable, type Selectable, sql } from 'kysely';
import type { Executor } from '../db/database.js';
import type { VerificationEvidenceFilesTable } from './evidence.table.js';

/** An evidence file without its bytes: what lists and presenters need. */
export type EvidenceFileRow = Omit<Selectable<VerificationEvidenceFilesTable>, 'data'>;

const META = ['id', 'account_id', 'filename', 'content_type', 'file_size', 'created_at'] as const;

export async function insertEvidenceFile(db: Executor, row: Insertable<VerificationEvidenceFilesTable>): Promise<EvidenceFileRow> {
  return db.insertInto('verification_evidence_files').values(row).returning(META).executeTakeFirstOrThrow();
}

/** The files among `ids` that `accountId` uploaded (others' are left out, as if they did not exist). */
export async function findOwnEvidenceFiles(db: Executor, accountId: number, ids: readonly number[]): Promise<EvidenceFileRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('verification_evidence_files').select(META).where('account_id', '=', accountId).where('id', 'in', [...new Set(ids)]).execute();
}

/** Links the files to an application in the order given. */
export async function attachEvidence(db: Executor, verificationId: number, fileIds: readonly number[]): Promise<void> {
  if (fileIds.length === 0) return;
  await db
    .insertInto('verification_evidence')
    .values(fileIds.map((file_id, position) => ({ verification_id: verificationId, file_id, position })))
    .execute();
}

/** The files of these applications, keyed by application id, in their order: one query for a page. */
export async function loadEvidence(db: Executor, verificationIds: readonly number[]): Promise<Map<number, EvidenceFileRow[]>> {
  const out = new Map<number, EvidenceFileRow[]>();
  if (verificationIds.length === 0) return out;
  const rows = await db
    .selectFrom('verification_evidence as e')
    .innerJoin('verification_evidence_files as f', 'f.id', 'e.file_id')
    .select(['e.verification_id', 'f.id', 'f.account_id', 'f.filename', 'f.content_type', 'f.file_size', 'f.created_at'])
    .where('e.verification_id', 'in', [...new Set(verificationIds)])
    .orderBy('e.verification_id')
    .orderBy('e.position')
    .execute();
  for (const { verification_id, ...file } of rows) {
    const key = Number(verification_id);
    const list = out.get(key) ?? [];
    list.push(file);
    out.set(key, list);
  }
  return out;
}

/** The bytes and type of a file an application carries; undefined when it carries no such file. */
export async function readAttachedEvidence(db: Executor, verificationId: number, fileId: number) {
  return db
    .selectFrom('verification_evidence as e')
    .innerJoin('verification_evidence_files as f', 'f.id', 'e.file_id')
    .select(['f.id', 'f.filename', 'f.content_type', 'f.data'])
    .where('e.verification_id', '=', verificationId)
    .where('e.file_id', '=', fileId)
    .executeTakeFirst();
}

/** The bytes and type of a file its uploader reads; undefined when the account uploaded no such file. */
export async function readOwnEvidence(db: Executor, accountId: number, fileId: number) {
  return db
    .selectFrom('verification_evidence_files')
    .select(['id', 'filename', 'content_type', 'data'])
    .where('id', '=', fileId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}

const unattached = sql<boolean>`not exists (select 1 from verification_evidence e where e.file_id = verification_evidence_files.id)`;

/** How many of the account's uploads no application carries. */
export async function countUnattachedEvidence(db: Executor, accountId: number): Promise<number> {
  const row = await db.selectFrom('verification_evidence_files').select((eb) => eb.fn.countAll<string | number>().as('n')).where('account_id', '=', accountId).where(unattached).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Deletes up to `limit` uploads older than `before` that no application carries; returns how many went. */
export async function deleteStaleUnattachedEvidence(db: Executor, before: string, limit: number): Promise<number> {
  const ids = await db.selectFrom('verification_evidence_files').select('id').where('created_at', '<', before).where(unattached).orderBy('id').limit(limit).execute();
  if (ids.length === 0) return 0;
  // Checked again in the delete: a file an application took meanwhile stays.
  const gone = await db
    .deleteFrom('verification_evidence_files')
    .where('id', 'in', ids.map((r) => r.id))
    .where(unattached)
    .returning('id')
    .execute();
  return gone.length;
}
