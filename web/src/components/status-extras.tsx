import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { LIMITS, POLL_LIMITS } from '../../../src/domain/limits';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import type { Account, Relationship, Status, StatusEdit, StatusSource } from '../types';
import { Dialog } from './dialog';
import { ReportDialog } from './report';
import { ErrorBox, Loading, Time } from './ui';

/**
 * The "more" menu of a status: pin and edit for one's own, report, mute and
 * block the author for anyone else's. A disclosure of plain buttons, so
 * Tab and Enter reach every item; Escape closes it.
 */
export function StatusMenu({
  status,
  onChange,
  onEdit,
  onAuthorGone,
}: {
  status: Status;
  onChange: (s: Status) => void;
  onEdit: () => void;
  onAuthorGone?: (account: Account, how: 'mute' | 'block') => void;
}) {
  const { t } = useI18n();
  const { api, me } = useSession();
  const [open, setOpen] = useState(false);
  const [reporting, setReporting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const id = useId();
  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open]);
  if (!me) return null;
  const mine = status.account.id === me.id;
  const name = status.account.acct;
  const pinnable = status.visibility === 'public' || status.visibility === 'unlisted';

  const run = async (fn: () => Promise<void>) => {
    setError(null);
    setOpen(false);
    try {
      await fn();
    } catch (err) {
      setError(err);
    }
  };
  const pin = () => run(async () => onChange(await api.post<Status>(`/api/v1/statuses/${status.id}/${status.pinned ? 'unpin' : 'pin'}`)));
  const relate = (how: 'mute' | 'block') =>
    run(async () => {
      await api.post<Relationship>(`/api/v1/accounts/${status.account.id}/${how}`);
      setDone(t(how === 'mute' ? 'status.mutedDone' : 'status.blockedDone', { name }));
      onAuthorGone?.(status.account, how);
    });

  return (
    <div
      className="status-menu"
      ref={box}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          setOpen(false);
          box.current?.querySelector<HTMLButtonElement>('button')?.focus();
        }
      }}
    >
      <button type="button" className="action" aria-label={t('status.more')} aria-expanded={open} aria-controls={`${id}-menu`} onClick={() => setOpen((v) => !v)}>
        ⋯
      </button>
      {open && (
        <ul className="menu" id={`${id}-menu`} aria-label={t('status.more')}>
          {mine && pinnable && (
            <li>
              <button type="button" onClick={() => void pin()}>
                {status.pinned ? t('status.unpin') : t('status.pin')}
              </button>
            </li>
          )}
          {mine && (
            <li>
              <button
                type="button"
                onClick={() => {
                  setOpen(false);
                  onEdit();
                }}
              >
                {t('status.edit')}
              </button>
            </li>
          )}
          {!mine && (
            <>
              <li>
                <button
                  type="button"
                  onClick={() => {
                    setOpen(false);
                    setReporting(true);
                  }}
                >
                  {t('status.report')}
                </button>
              </li>
              <li>
                <button type="button" onClick={() => void relate('mute')}>
                  {t('status.muteAuthor', { name })}
                </button>
              </li>
              <li>
                <button type="button" className="danger" onClick={() => void relate('block')}>
                  {t('status.blockAuthor', { name })}
                </button>
              </li>
            </>
          )}
        </ul>
      )}
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      <ErrorBox error={error} />
      {reporting && <ReportDialog account={status.account} status={status} onClose={() => setReporting(false)} />}
    </div>
  );
}

/** A poll's remaining time, as an edit must send it again (the options unchanged keep their votes). */
function pollAgain(status: Status) {
  const poll = status.poll;
  if (!poll) return {};
  const left = poll.expires_at ? Math.round((Date.parse(poll.expires_at) - Date.now()) / 1000) : POLL_LIMITS.maxExpiration;
  return { poll: { options: poll.options.map((o) => o.title), multiple: poll.multiple, expires_in: Math.min(POLL_LIMITS.maxExpiration, Math.max(POLL_LIMITS.minExpiration, left)) } };
}

/** Editing one's own status in place: its source text and content warning, then PUT. */
export function EditStatus({ status, onSaved, onCancel }: { status: Status; onSaved: (s: Status) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const id = useId();
  const source = useQuery({ queryKey: ['status-source', status.id], queryFn: () => api.get<StatusSource>(`/api/v1/statuses/${status.id}/source`) });
  const [text, setText] = useState<string | null>(null);
  const [spoiler, setSpoiler] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (source.isPending && !source.data) return <Loading />;
  const body = text ?? source.data?.text ?? '';
  const cw = spoiler ?? source.data?.spoiler_text ?? '';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSaved(
        await api.put<Status>(`/api/v1/statuses/${status.id}`, {
          status: body,
          spoiler_text: cw,
          sensitive: status.sensitive,
          media_ids: status.media_attachments.map((m) => m.id),
          ...pollAgain(status),
        }),
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="compose compose-reply" onSubmit={(e) => void submit(e)}>
      <label htmlFor={`${id}-cw`} className="visually-hidden">
        {t('compose.spoiler')}
      </label>
      <input id={`${id}-cw`} type="text" className="cw" placeholder={t('compose.spoiler')} value={cw} onChange={(e) => setSpoiler(e.target.value)} />
      <label htmlFor={`${id}-text`} className="visually-hidden">
        {t('status.editLabel')}
      </label>
      <textarea id={`${id}-text`} rows={3} autoFocus maxLength={LIMITS.statusMax * 4} value={body} onChange={(e) => setText(e.target.value)} />
      <ErrorBox error={error ?? source.error} />
      <div className="compose-bar">
        <button type="button" className="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" disabled={busy || body.trim() === ''}>
          {t('status.saveEdit')}
        </button>
      </div>
    </form>
  );
}

/** Every version of an edited status, newest first, as /history gives them (oldest first). */
export function HistoryDialog({ status, onClose }: { status: Status; onClose: () => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const history = useQuery({ queryKey: ['status-history', status.id], queryFn: () => api.get<StatusEdit[]>(`/api/v1/statuses/${status.id}/history`) });
  const versions = (history.data ?? []).map((v, i) => ({ v, i })).reverse();
  return (
    <Dialog title={t('status.history')} onClose={onClose}>
      {history.isPending && <Loading />}
      <ErrorBox error={history.error} />
      <ol className="history" reversed>
        {versions.map(({ v, i }) => (
          <li key={i} className="history-version">
            <p className="muted">
              {i === 0 ? t('status.historyOriginal') : t('status.historyVersion', { n: i })} · <Time iso={v.created_at} />
            </p>
            {v.spoiler_text && <p className="spoiler"><strong>{v.spoiler_text}</strong></p>}
            {/* The server's sanitised HTML, as a status's content. */}
            <div className="status-content" dangerouslySetInnerHTML={{ __html: v.content }} />
            {v.poll && (
              <ul className="history-poll">
                {v.poll.options.map((o, j) => (
                  <li key={j}>{o.title}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </Dialog>
  );
}
