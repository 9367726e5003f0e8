import type { Context } from '../app/context.js';
import { type AppError, fieldError, notFound } from '../app/errors.js';
import { transaction } from '../app/transaction.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { recordAudit } from '../audit/audit.repository.js';
import { hasInvisibleControls } from '../domain/invisible.js';
import { EVIDENCE_LIMITS } from '../domain/limits.js';
import { processEvidenceImage, sniff } from '../media/process-image.js';
import { type EvidenceFileRow, countUnattachedEvidence, deleteStaleUnattachedEvidence, insertEvidenceFile, readAttachedEvidence, readOwnEvidence } from './evidence.repository.js';
import type { VerificationReader } from './list-verifications.js';
import { mayReadEvidence } from './verification.policy.js';
import { findVerification } from './verifications.repository.js';

/** The extension each accepted type is named with when downloaded. */
export const EVIDENCE_EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'application/pdf': 'pdf' };

const MB = 1024 * 1024;

/** Why a file over the size limit is refused, as the client says it: the limit in MB. */
export const EVIDENCE_TOO_LARGE = { reason: 'evidence_too_large', params: { count: EVIDENCE_LIMITS.fileBytesMax / MB } } as const;

const notAccepted = (field: string) => fieldError(field, 'ERR_INVALID', 'is not a JPEG, PNG, WebP or PDF file', 'evidence_type');

/**
 * A PDF as far as the server can tell without parsing it: the `%PDF-1.x` or
 * `%PDF-2.x` header at the very first byte (a file that opens as HTML and
 * carries a PDF further on is refused: a browser sniffing it would see the
 * page), and the `%%EOF` marker in its last kilobyte, so that a truncated
 * upload is not kept as evidence.
 */
export function checkPdf(data: Buffer, field: string): void {
  if (!/^%PDF-[12]\.\d/.test(data.subarray(0, 8).toString('latin1'))) throw notAccepted(field);
  if (!data.subarray(Math.max(0, data.length - 1024)).includes('%%EOF', 0, 'latin1')) throw fieldError(field, 'ERR_INVALID', 'is not a complete PDF file (no %%EOF)', 'evidence_pdf');
}

// C0 and C1 controls, path separators and the characters Windows refuses in names; invisible controls are dropped apart.
const UNSAFE = /[\u0000-\u001F\u007F-\u009F/\\:*?"<>|]/gu;

/**
 * The client's file name as display text: its last path segment only, without
 * control, invisible or path characters, at most EVIDENCE_LIMITS.filenameMax
 * characters, ending in the extension of what the server found the bytes to
 * be (`letter.html` that is a PDF is shown and downloaded as `letter.html.pdf`).
 */
export function displayFilename(clientName: string | undefined, contentType: string): string {
  const ext = EVIDENCE_EXTENSIONS[contentType] ?? 'bin';
  const last = (clientName ?? '').split(/[/\\]/).pop() ?? '';
  let name = [...last.replace(UNSAFE, '')].filter((c) => !hasInvisibleControls(c)).join('').replace(/\s+/gu, ' ').trim().replace(/^\.+/, '');
  const hasExt = new RegExp(`\\.${ext === 'jpg' ? '(jpe?g)' : ext}$`, 'i').test(name);
  const suffix = hasExt ? '' : `.${ext}`;
  const room = EVIDENCE_LIMITS.filenameMax - suffix.length;
  if ([...name].length > room) {
    const chars = [...name];
    // Keep the extension when cutting a long name: it says what the file is.
    name = hasExt ? chars.slice(0, room - ext.length - 1).join('') + name.slice(name.lastIndexOf('.')) : chars.slice(0, room).join('');
  }
  if (name === '' || name === `.${ext}`) name = `evidence`;
  return name + suffix;
}

/** What the bytes are and what is kept of them: an image re-encoded by the image pipeline, a PDF as sent once checked. */
export async function checkEvidenceFile(data: Buffer, field: string): Promise<{ data: Buffer; contentType: string }> {
  if (data.length === 0) throw fieldError(field, 'ERR_BLANK', 'is empty');
  if (data.length > EVIDENCE_LIMITS.fileBytesMax) throw fieldError(field, 'ERR_TOO_LARGE', `is too large (at most ${EVIDENCE_LIMITS.fileBytesMax} bytes)`, EVIDENCE_TOO_LARGE);
  if (data.subarray(0, 5).toString('latin1') === '%PDF-') {
    checkPdf(data, field);
    return { data, contentType: 'application/pdf' };
  }
  const format = sniff(data);
  if (format === null || format === 'gif') throw notAccepted(field);
  try {
    const image = await processEvidenceImage(data, field);
    return { data: image.data, contentType: image.contentType };
  } catch (err) {
    // The pipeline's own reason lists GIF, which evidence does not take; its other reasons (corrupt, too many pixels) stand.
    const e = err as AppError;
    if (e.details?.[field]?.[0]?.reason === 'image_type') throw notAccepted(field);
    throw err;
  }
}

/**
 * POST /api/v1/gov/verifications/evidence: a file the account will name in
 * its application (`evidence_file_ids[]`), checked by its bytes and kept in
 * the database, apart from the public media. Only the uploader reads it until
 * an application carries it; then the reviewers too.
 */
export async function uploadEvidence(ctx: Context, actor: AccountRow, input: { file: Buffer; filename?: string | undefined }): Promise<EvidenceFileRow> {
  const checked = await checkEvidenceFile(input.file, 'file');
  const now = ctx.clock.now().toISOString();
  return transaction(ctx, async (trx) => {
    if ((await countUnattachedEvidence(trx, Number(actor.id))) >= EVIDENCE_LIMITS.unattachedMax)
      throw fieldError('file', 'ERR_TOO_MANY', `at most ${EVIDENCE_LIMITS.unattachedMax} uploads may wait for an application`, { reason: 'evidence_too_many', params: { count: EVIDENCE_LIMITS.unattachedMax } });
    const row = await insertEvidenceFile(trx, {
      account_id: Number(actor.id),
      filename: displayFilename(input.filename, checked.contentType),
      content_type: checked.contentType,
      file_size: checked.data.length,
      data: checked.data,
      created_at: now,
    });
    await recordAudit(trx, { actorId: actor.id, action: 'verification.evidence_upload', subjectType: 'verification_evidence', subjectId: row.id, at: now });
    return row;
  });
}

/** Removes uploads that no application took within EVIDENCE_LIMITS.unattachedHours, in batches; returns how many went. */
export async function sweepUnattachedEvidence(ctx: Context, batch = 200): Promise<number> {
  const before = new Date(ctx.clock.now().getTime() - EVIDENCE_LIMITS.unattachedHours * 3_600_000).toISOString();
  let total = 0;
  for (;;) {
    const gone = await transaction(ctx, (trx) => deleteStaleUnattachedEvidence(trx, before, batch));
    total += gone;
    if (gone < batch) return total;
  }
}

/** Sweeps every `everyMs` while the provider runs (with the rest of the background work). Runs never overlap. */
export function startEvidenceSweeper(ctx: Context, everyMs = 10 * 60_000): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweepUnattachedEvidence(ctx)
      .catch((err: unknown) => ctx.log.error({ err }, 'unattached evidence files could not be swept'))
      .finally(() => {
        running = false;
      });
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** A file as served: its bytes, the type the server found, and its display name. */
export interface EvidenceDownload {
  filename: string;
  content_type: string;
  data: Buffer;
}

/**
 * GET /api/v1/gov/verifications/:id/evidence/:file_id: for whoever may see the
 * application (its applicant account; reviewers with `admin:read:accounts`),
 * and only a file it carries. To anyone else, as to a file it does not carry,
 * it is not there: a 404 that says nothing of whether it exists.
 */
export async function readApplicationEvidence(ctx: Context, caller: VerificationReader, verificationId: number, fileId: number): Promise<EvidenceDownload> {
  const application = await findVerification(ctx.db, verificationId);
  const file = application && mayReadEvidence(caller, application) ? await readAttachedEvidence(ctx.db, Number(application.id), fileId) : undefined;
  if (!file) throw notFound('Evidence file');
  return file;
}

/** GET /api/v1/gov/verifications/evidence/:file_id: an uploader reads back its own file (before or after applying); to anyone else it is not there. */
export async function readOwnEvidenceFile(ctx: Context, actor: AccountRow, fileId: number): Promise<EvidenceDownload> {
  const file = await readOwnEvidence(ctx.db, Number(actor.id), fileId);
  if (!file) throw notFound('Evidence file');
  return file;
}
