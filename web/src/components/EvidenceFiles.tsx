import { useEffect, useId, useRef, useState } from 'react';
import { EVIDENCE_LIMITS } from '../../../src/domain/limits';
import { ApiError, type Api, type FieldErrors } from '../api';
import { problemText } from '../errors';
import { useI18n } from '../i18n';
import type { EvidenceFile } from '../types';

/** A file on the application form: one picked from the disk (not yet uploaded), or one already on the server (kept from an earlier application, or uploaded by an earlier try). */
export interface PickedEvidence {
  key: string;
  name: string;
  size: number;
  file: File | null;
  uploaded: EvidenceFile | null;
}

/** Files the form carries from an earlier application, to send again. */
export function keptEvidence(files: readonly EvidenceFile[]): PickedEvidence[] {
  return files.map((f) => ({ key: `kept-${f.id}`, name: f.filename, size: f.size, file: null, uploaded: f }));
}

const MB = 1024 * 1024;

function sizeText(lang: string, bytes: number): string {
  const nf = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  return bytes >= MB / 10 ? `${nf.format(bytes / MB)} MB` : `${nf.format(Math.max(1, Math.round(bytes / 1024)))} KB`;
}

/** A field problem the UI finds itself, shaped as the server's, so that it reads as the server's would (messages-errors.ts). */
function problem(reason: 'evidence_type' | 'evidence_too_large' | 'evidence_too_many', count?: number) {
  return { error: reason === 'evidence_too_many' ? 'ERR_TOO_MANY' : reason === 'evidence_too_large' ? 'ERR_TOO_LARGE' : 'ERR_INVALID', description: reason, reason, ...(count !== undefined ? { params: { count } } : {}) };
}

/**
 * The server's word on an upload (`file`) or on the application's list
 * (`evidence_file_ids`), moved to the picker's own field, so that it is shown
 * beside it; anything else as it came.
 */
export function asEvidenceError(err: unknown): unknown {
  if (!(err instanceof ApiError) || !err.details) return err;
  const problems = [...err.field('file'), ...err.field('evidence_file_ids')];
  if (problems.length === 0) return err;
  const details: FieldErrors = { ...err.details, evidence_files: problems };
  delete details.file;
  delete details.evidence_file_ids;
  return new ApiError(err.status, err.message, err.code, details, err.resource);
}

/**
 * The picker of evidence files: a labelled file input (several at once), the
 * list of what was chosen with a button to remove each, and the problems in
 * the user's language, from the shared limits before anything is sent (the
 * server checks the bytes again: the browser's word on a type is a hint only).
 */
export function EvidencePicker({ picked, onChange, error }: { picked: PickedEvidence[]; onChange: (next: PickedEvidence[]) => void; error: unknown }) {
  const { t, lang } = useI18n();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [refused, setRefused] = useState<{ name: string; text: string }[]>([]);
  const serverProblems = error instanceof ApiError ? error.field('evidence_files') : [];
  const problems = [...refused.map((r) => t('verify.evidenceRefused', { name: r.name, problem: r.text })), ...serverProblems.map((p) => problemText(lang, t, p))];
  const hintId = `${id}-hint`;
  const errId = `${id}-err`;
  const mb = EVIDENCE_LIMITS.fileBytesMax / MB;

  const pick = (files: FileList | null) => {
    if (!files) return;
    const next = [...picked];
    const no: { name: string; text: string }[] = [];
    for (const f of Array.from(files)) {
      const why = !(EVIDENCE_LIMITS.types as readonly string[]).includes(f.type)
        ? problem('evidence_type')
        : f.size > EVIDENCE_LIMITS.fileBytesMax
          ? problem('evidence_too_large', mb)
          : next.length >= EVIDENCE_LIMITS.filesMax
            ? problem('evidence_too_many', EVIDENCE_LIMITS.filesMax)
            : null;
      if (why) no.push({ name: f.name, text: problemText(lang, t, why) });
      else next.push({ key: `new-${f.name}-${f.size}-${f.lastModified}-${Math.random().toString(36).slice(2)}`, name: f.name, size: f.size, file: f, uploaded: null });
    }
    setRefused(no);
    onChange(next);
    // The same file may be chosen again after it was removed.
    if (input.current) input.current.value = '';
  };

  return (
    <div className={`field evidence-picker${problems.length ? ' invalid' : ''}`}>
      <label htmlFor={id}>{t('verify.evidenceFiles')}</label>
      <input
        ref={input}
        id={id}
        name="evidence_files"
        type="file"
        multiple
        accept={EVIDENCE_LIMITS.types.join(',')}
        aria-describedby={problems.length ? `${hintId} ${errId}` : hintId}
        {...(problems.length ? { 'aria-invalid': true } : {})}
        disabled={picked.length >= EVIDENCE_LIMITS.filesMax}
        onChange={(e) => pick(e.target.files)}
      />
      <p className="hint" id={hintId}>
        {t('verify.evidenceFilesHint', { count: EVIDENCE_LIMITS.filesMax, mb })}
      </p>
      {problems.length > 0 && (
        <p className="field-error" id={errId} data-field="evidence_files" role="alert">
          {problems.join('；')}
        </p>
      )}
      {picked.length > 0 && (
        <ul className="evidence-picked" aria-label={t('verify.evidencePicked')}>
          {picked.map((p) => (
            <li key={p.key}>
              <span className="evidence-name">{p.name}</span> <span className="muted">{sizeText(lang, p.size)}</span>
              {p.file === null && <span className="muted"> · {t('verify.evidenceKept')}</span>}{' '}
              <button
                type="button"
                className="secondary small"
                aria-label={t('verify.evidenceRemove', { name: p.name })}
                onClick={() => {
                  setRefused([]);
                  onChange(picked.filter((x) => x.key !== p.key));
                }}
              >
                {t('verify.evidenceRemoveShort')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Uploads what is not on the server yet, one at a time, keeping each answer so that a failed try does not send a file twice; returns the ids in order. */
export async function uploadPicked(api: Api, picked: PickedEvidence[], onProgress: (next: PickedEvidence[], done: number) => void): Promise<string[]> {
  const out = [...picked];
  for (let i = 0; i < out.length; i++) {
    const p = out[i] as PickedEvidence;
    if (p.uploaded || !p.file) continue;
    const form = new FormData();
    form.append('file', p.file, p.file.name);
    try {
      out[i] = { ...p, uploaded: await api.send<EvidenceFile>('POST', '/api/v1/gov/verifications/evidence', form) };
    } catch (err) {
      onProgress([...out], i);
      throw asEvidenceError(err);
    }
    onProgress([...out], i + 1);
  }
  return out.map((p) => (p.uploaded as EvidenceFile).id);
}

/** The path of an evidence URL, for the API client (the file is read with the bearer token, same origin as the API). */
function pathOf(url: string): string {
  const u = new URL(url, window.location.origin);
  return u.pathname + u.search;
}

/**
 * One file for a reviewer: fetched with the bearer token (an <img src> cannot
 * send it) into a blob URL, revoked when the view goes; an image as a
 * thumbnail that opens the full picture, a PDF as a download link.
 */
function EvidenceItem({ api, file }: { api: Api; file: EvidenceFile }) {
  const { t } = useI18n();
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    let made: string | null = null;
    api
      .raw('GET', pathOf(file.url))
      .then((res) => res.blob())
      .then((blob) => {
        // The type the server sniffed, never one the blob guessed.
        made = URL.createObjectURL(new Blob([blob], { type: file.content_type }));
        if (live) setUrl(made);
        else URL.revokeObjectURL(made);
      })
      .catch(() => {
        if (live) setFailed(true);
      });
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [api, file.url, file.content_type]);
  if (failed)
    return (
      <li className="evidence-item error" role="alert">
        {t('review.evidenceFailed', { name: file.filename })}
      </li>
    );
  if (!url)
    return (
      <li className="evidence-item muted" aria-busy="true">
        {t('review.evidenceLoading', { name: file.filename })}
      </li>
    );
  if (file.content_type === 'application/pdf')
    return (
      <li className="evidence-item">
        <a href={url} download={file.filename} data-testid="evidence-pdf">
          {t('review.evidenceDownload', { name: file.filename })}
        </a>
      </li>
    );
  return (
    <li className="evidence-item">
      <a href={url} target="_blank" rel="noopener noreferrer" aria-label={t('review.evidenceOpen', { name: file.filename })}>
        <img src={url} alt={file.filename} className="evidence-thumb" data-testid="evidence-image" />
      </a>
      <span className="evidence-name">{file.filename}</span>
    </li>
  );
}

/** The evidence files of an application, as a reviewer looks at them. */
export function EvidenceList({ api, files }: { api: Api; files: readonly EvidenceFile[] }) {
  const { t } = useI18n();
  if (files.length === 0) return <p className="muted">{t('review.evidenceNone')}</p>;
  return (
    <ul className="evidence-files" aria-label={t('review.evidenceFiles')}>
      {files.map((f) => (
        <EvidenceItem key={f.id} api={api} file={f} />
      ))}
    </ul>
  );
}
