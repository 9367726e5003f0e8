import type { Generated } from 'kysely';

/** What an attachment is, as Mastodon names it; this provider stores images only (README: Media). */
export type MediaType = 'image';

/** An uploaded file, the account's until it is attached to one of its statuses. */
export interface MediaAttachmentsTable {
  id: Generated<number>;
  /** The owner: the organ when an operator uploaded it for one. */
  account_id: number;
  /** The status it is attached to; null while unattached (swept after a day). */
  status_id: number | null;
  /** Its place among the status's attachments, as the poster listed them. */
  position: Generated<number>;
  type: MediaType;
  /** Media store keys: the processed original and its thumbnail (random, unguessable). */
  file_key: string;
  preview_key: string;
  /** Of the stored original. */
  content_type: string;
  file_size: number;
  /** JSON text: Mastodon's `meta` ({original, small, focus?}). */
  meta: string;
  /** Alt text. */
  description: string | null;
  blurhash: string | null;
  created_at: string;
  updated_at: string;
  /** A remote status's attachment: where its server keeps it (file_key and preview_key are '' until a copy is stored here). */
  remote_url: string | null;
}
