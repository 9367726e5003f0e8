import type { Generated } from 'kysely';

/** An evidence file an account uploaded for its verification application: private, never in the public media store. */
export interface VerificationEvidenceFilesTable {
  id: Generated<number>;
  /** The uploader: only this account (and reviewers, once an application carries the file) may read it. */
  account_id: number;
  /** The client's file name, sanitised, for display only: never a path. */
  filename: string;
  /** What the server found the bytes to be (image/jpeg, image/png, image/webp, application/pdf). */
  content_type: string;
  file_size: number;
  /** The bytes as stored: an image re-encoded by the server, a PDF as checked. */
  data: Buffer;
  created_at: string;
}

/** Which evidence files an application carries, in order. */
export interface VerificationEvidenceTable {
  verification_id: number;
  file_id: number;
  position: number;
}
