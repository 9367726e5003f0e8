import { type FormEvent, useId, useState } from 'react';
import { POLL_LIMITS } from '../../../src/domain/limits';
import { formatNumber, useI18n } from '../i18n';
import { useSession } from '../session';
import type { Poll } from '../types';
import { ErrorBox, Time } from './ui';

/** A poll as a status carries it: choices to vote on while open and not yet voted, otherwise the results. */
export function PollView({ poll, own = false, onChange }: { poll: Poll; own?: boolean; onChange: (p: Poll) => void }) {
  const { t, lang } = useI18n();
  const { api, me } = useSession();
  const [picked, setPicked] = useState<number[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  // One's own poll shows its results: its author does not vote (a poll heard on the stream may come without `voted`).
  const showResults = !me || own || poll.voted === true || poll.expired;
  const mine = new Set(poll.own_votes ?? []);
  const total = poll.multiple ? (poll.voters_count ?? poll.votes_count) : poll.votes_count;

  const vote = async (e: FormEvent) => {
    e.preventDefault();
    if (picked.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      onChange(await api.post<Poll>(`/api/v1/polls/${poll.id}/votes`, { choices: picked }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const refresh = async () => {
    setError(null);
    try {
      onChange(await api.get<Poll>(`/api/v1/polls/${poll.id}`));
    } catch (err) {
      setError(err);
    }
  };

  const footer = (
    <p className="poll-meta muted">
      {t('poll.votes', { n: poll.voters_count ?? poll.votes_count })} ·{' '}
      {poll.expired ? t('poll.closed') : poll.expires_at ? <>{t('poll.endsAt')}<Time iso={poll.expires_at} /></> : null}
      {poll.voted && !own && <> · {t('poll.voted')}</>}
      {showResults && !poll.expired && (
        <>
          {' '}
          <button type="button" className="link" onClick={() => void refresh()}>
            {t('poll.refresh')}
          </button>
        </>
      )}
    </p>
  );

  if (showResults)
    return (
      <div className="poll" role="group" aria-label={t('poll.label')} data-testid="poll-results">
        <ul className="poll-results">
          {poll.options.map((o, i) => {
            const share = o.votes_count === null ? null : total === 0 ? 0 : o.votes_count / total;
            return (
              <li key={i} className={mine.has(i) ? 'own' : undefined}>
                <span className="poll-bar" style={{ width: `${Math.round((share ?? 0) * 100)}%` }} aria-hidden="true" />
                <span className="poll-title">
                  {o.title}
                  {mine.has(i) && t('poll.yourChoice')}
                </span>
                <span className="poll-share">{share === null ? '—' : `${Math.round(share * 100)}%`}</span>
              </li>
            );
          })}
        </ul>
        {footer}
        <ErrorBox error={error} />
      </div>
    );
  return (
    <form className="poll" onSubmit={(e) => void vote(e)}>
      <fieldset>
        <legend className="visually-hidden">{t('poll.label')}</legend>
        {poll.options.map((o, i) => (
          <label key={i} className="poll-choice">
            <input
              type={poll.multiple ? 'checkbox' : 'radio'}
              name={`${id}-choice`}
              checked={picked.includes(i)}
              onChange={(e) => setPicked((old) => (poll.multiple ? (e.target.checked ? [...old, i] : old.filter((x) => x !== i)) : [i]))}
            />
            <span>{o.title}</span>
          </label>
        ))}
      </fieldset>
      <button type="submit" className="small" disabled={busy || picked.length === 0}>
        {t('poll.vote')}
      </button>
      {footer}
      <ErrorBox error={error} />
    </form>
  );
}

/** What the composer's poll section holds: Mastodon's `poll[options][]`, `poll[expires_in]` (seconds), `poll[multiple]`. */
export interface PollDraft {
  options: string[];
  expires_in: number;
  multiple: boolean;
}

export const POLL_DURATIONS = [
  [300, 'poll.minutes5'],
  [3600, 'poll.hour1'],
  [86400, 'poll.day1'],
  [259200, 'poll.days3'],
  [604800, 'poll.days7'],
] as const;

/** The composer's poll: two to four options, one or several choices, a length. */
export function PollEditor({ draft, onChange }: { draft: PollDraft; onChange: (d: PollDraft) => void }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <fieldset className="poll-editor">
      <legend>{t('poll.label')}</legend>
      {draft.options.map((o, i) => (
        <div key={i} className="poll-option-row">
          <label htmlFor={`${id}-o${i}`} className="visually-hidden">
            {t('poll.option', { n: i + 1 })}
          </label>
          <input
            id={`${id}-o${i}`}
            type="text"
            maxLength={POLL_LIMITS.maxCharactersPerOption}
            placeholder={t('poll.option', { n: i + 1 })}
            value={o}
            onChange={(e) => onChange({ ...draft, options: draft.options.map((x, j) => (j === i ? e.target.value : x)) })}
          />
          {draft.options.length > 2 && (
            <button type="button" className="link" aria-label={t('poll.removeOption', { n: i + 1 })} onClick={() => onChange({ ...draft, options: draft.options.filter((_x, j) => j !== i) })}>
              ✕
            </button>
          )}
        </div>
      ))}
      <div className="row">
        {draft.options.length < POLL_LIMITS.maxOptions && (
          <button type="button" className="secondary small" onClick={() => onChange({ ...draft, options: [...draft.options, ''] })}>
            ＋ {t('poll.addOption')}
          </button>
        )}
        <label className="inline">
          <input type="checkbox" checked={draft.multiple} onChange={(e) => onChange({ ...draft, multiple: e.target.checked })} />
          <span>{t('poll.multiple')}</span>
        </label>
        <label className="inline">
          <span>{t('poll.duration')}</span>
          <select value={draft.expires_in} onChange={(e) => onChange({ ...draft, expires_in: Number(e.target.value) })}>
            {POLL_DURATIONS.map(([s, key]) => (
              <option key={s} value={s}>
                {t(key)}
              </option>
            ))}
          </select>
        </label>
      </div>
    </fieldset>
  );
}
