import { useId, useState } from 'react';
import { LIMITS } from '../../../src/domain/limits';
import { ApiError } from '../api';
import { AccountName, Avatar, ErrorBox, LoadMore, Loading, PageTitle, StatePill, Time } from '../components/ui';
import { EvidenceList } from '../components/EvidenceFiles';
import { usePaged, useTitle } from '../hooks';
import { type MessageKey, isMessageKey, label, provinceName, useI18n } from '../i18n';
import { isReviewer, useSession } from '../session';
import type { Verification, VerificationState } from '../types';

/** A session from before reviewers needed admin scopes answers insufficient_scope: say how to get them. */
function ScopeAwareError({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (error instanceof ApiError && error.code === 'insufficient_scope') return <div className="error" role="alert">{t('review.needsAdminScopes')}</div>;
  return <ErrorBox error={error} />;
}

const STATES: VerificationState[] = ['pending', 'approved', 'rejected', 'revoked'];

/** `130123 正定县（河北省石家庄市）`: the code with the division's names the API gives, or with the province alone when it knows none. */
function divisionText(t: ReturnType<typeof useI18n>['t'], lang: ReturnType<typeof useI18n>['lang'], v: Verification): string {
  if (!v.region_code) return provinceName(lang, null);
  if (v.division_name && v.division_within) return t('review.divisionWithin', { code: v.region_code, name: v.division_name, within: v.division_within });
  if (v.division_name) return t('review.division', { code: v.region_code, name: v.division_name });
  return `${v.region_code}（${provinceName(lang, v.province)}）`;
}

type NameChoice = 'organ' | 'account' | 'current' | 'edited';

/** The names a reviewer may give the account on approval, the first being the default. */
function nameChoices(v: Verification): { choice: Exclude<NameChoice, 'edited'>; name: string }[] {
  const out: { choice: Exclude<NameChoice, 'edited'>; name: string }[] = [];
  // As the API without a choice: the name applied for, else the one the account already shows, else the organ's.
  if (v.account_name) out.push({ choice: 'account', name: v.account_name });
  const current = v.account?.display_name.trim();
  if (current && !out.some((o) => o.name === current)) out.push({ choice: 'current', name: current });
  // An official's application names the organ they serve in, not them.
  if (v.kind === 'institutional' && [...v.organ_name].length <= LIMITS.displayNameMax && !out.some((o) => o.name === v.organ_name)) out.push({ choice: 'organ', name: v.organ_name });
  return out;
}

/** Whether this reviewer may still undo the decision on `v` (their own, within the window the API states). */
function undoable(v: Verification, meId: string | undefined): boolean {
  return !!v.undo_until && v.reviewer_id === meId && Date.parse(v.undo_until) > Date.now();
}

/** Takes back one's own approval or rejection while the API allows it. */
function UndoButton({ v, onUndone }: { v: Verification; onUndone: (v: Verification) => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (!v.undo_until) return null;
  const undo = async () => {
    setBusy(true);
    setError(null);
    try {
      onUndone(await api.post<Verification>(`/api/v1/gov/verifications/${v.id}/undo`, {}));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="undo">
      <button type="button" className="secondary" disabled={busy} onClick={() => void undo()} data-testid="undo-decision">
        {t('review.undo')}
      </button>{' '}
      <span className="muted small">{t('review.undoUntil', { time: new Date(v.undo_until).toLocaleTimeString() })}</span>
      <ScopeAwareError error={error} />
    </span>
  );
}

/** One application as a reviewer weighs it: who applied, for what, the evidence and the organ's vouches. */
function ApplicationCard({ v, onDecided }: { v: Verification; onDecided: (v: Verification) => void }) {
  const { t, lang } = useI18n();
  const { api, me } = useSession();
  const choices = nameChoices(v);
  const [nameChoice, setNameChoice] = useState<NameChoice>(choices[0]?.choice ?? 'edited');
  const [editedName, setEditedName] = useState(choices[0]?.name ?? '');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  const decide = async (decision: 'approve' | 'reject' | 'revoke') => {
    setBusy(true);
    setError(null);
    try {
      // With nothing to choose from (an official without a name of their own) and nothing written, the account keeps its name.
      const chosen = nameChoice === 'edited' ? (editedName.trim() === '' && choices.length === 0 ? undefined : editedName.trim()) : choices.find((c) => c.choice === nameChoice)?.name;
      onDecided(
        await api.post<Verification>(`/api/v1/gov/verifications/${v.id}/${decision}`, {
          ...(reason.trim() ? { reason: reason.trim() } : {}),
          ...(decision === 'approve' && chosen !== undefined ? { display_name: chosen } : {}),
        }),
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const rows: [string, string][] = [
    [t('verify.kind'), label(t, 'kind', v.kind)],
    [t('verify.organName'), v.organ_name],
    [t('verify.organ'), label(t, 'organ', v.organ)],
    [t('verify.level'), label(t, 'level', v.level)],
    [t('verify.regionCode'), divisionText(t, lang, v)],
  ];
  if (v.account_name) rows.splice(2, 0, [t('review.accountName'), v.account_name]);
  if (v.display_name) rows.push([t('verify.displayName'), v.display_name]);
  if (v.credit_code) rows.push([t('verify.creditCode'), v.credit_code]);
  if (v.position) rows.push([t('verify.position'), v.position]);
  if (v.rank) rows.push([t('verify.rank'), label(t, 'rank', v.rank)]);
  if (v.public_security) rows.push([t('gov.publicSecurity'), t('yes')]);
  rows.push([t('verify.verification'), v.verification]);

  return (
    <article className="card application" aria-labelledby={`${id}-title`} data-testid="application">
      <header className="application-head">
        {v.account && <Avatar account={v.account} />}
        <div>
          <h2 id={`${id}-title`}>
            {v.organ_name} <StatePill state={v.state} text={label(t, 'state', v.state)} />
          </h2>
          <p className="muted">
            {t('review.applicant')}：{v.account ? <AccountName account={v.account} /> : `#${v.account_id}`} · {t('review.submittedAt')}
            <Time iso={v.created_at} />
          </p>
        </div>
      </header>
      <dl className="facts">
        {rows.map(([k, val]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{val}</dd>
          </div>
        ))}
      </dl>
      {v.flags.map((f) => (
        <p key={f} className="notice warning" role="note" data-testid="application-flag">
          {isMessageKey(`review.flag.${f}`) ? t(`review.flag.${f}` as MessageKey) : f}
        </p>
      ))}
      {v.duplicates.map((d) => (
        <p key={`${d.field}-${d.account_id}`} className="notice warning" role="note" data-testid="application-duplicate">
          {t(`review.duplicate.${d.field}`, { value: (d.field === 'organ_name' ? v.organ_name : v.credit_code) ?? '', account: `${d.display_name || d.acct}（@${d.acct}）` })}
        </p>
      ))}
      <h3>{t('review.evidence')}</h3>
      <p className="evidence">{v.evidence}</p>
      <h3>{t('review.evidenceFiles')}</h3>
      <EvidenceList api={api} files={v.evidence_files} />
      {v.kind === 'individual' && (
        <>
          <h3>{t('review.vouches')}</h3>
          {v.vouches.length === 0 ? (
            <p className="muted">{t('review.noVouches')}</p>
          ) : (
            <ul>
              {v.vouches.map((w) => (
                <li key={`${w.organ_account_id}-${w.created_at}`}>
                  {t('review.vouchBy', { organ: `#${w.organ_account_id}` })}
                  {w.operator_id && t('review.vouchOperator', { op: `#${w.operator_id}` })} · <Time iso={w.created_at} />
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {v.reason && (
        <p>
          {t('verify.reason')}：{v.reason}
        </p>
      )}
      {v.state === 'rejected' && undoable(v, me?.id) && (
        <div className="decision">
          <UndoButton v={v} onUndone={onDecided} />
        </div>
      )}
      {(v.state === 'pending' || v.state === 'approved') && (
        <div className="decision">
          <label htmlFor={`${id}-reason`}>{t('review.reason')}</label>
          <textarea id={`${id}-reason`} rows={2} maxLength={LIMITS.reasonMax} value={reason} onChange={(e) => setReason(e.target.value)} />
          {v.state === 'pending' && (
            <fieldset className="choice display-name-choice">
              <legend>{t('review.displayName')}</legend>
              {choices.map((c) => (
                <label key={c.choice} className="radio">
                  <input type="radio" name={`${id}-name`} value={c.choice} checked={nameChoice === c.choice} onChange={() => setNameChoice(c.choice)} />
                  {t(`review.displayName.${c.choice}`, { name: c.name })}
                </label>
              ))}
              <label className="radio">
                <input type="radio" name={`${id}-name`} value="edited" checked={nameChoice === 'edited'} onChange={() => setNameChoice('edited')} />
                {t('review.displayName.edited')}
              </label>
              {nameChoice === 'edited' && (
                <label className="stacked">
                  <span>{t('review.displayName.editedLabel')}</span>
                  <input type="text" maxLength={LIMITS.displayNameMax} value={editedName} onChange={(e) => setEditedName(e.target.value)} aria-invalid={!!error && error instanceof ApiError && !!error.details?.display_name} />
                </label>
              )}
            </fieldset>
          )}
          <ScopeAwareError error={error} />
          <div className="row">
            {v.state === 'pending' && (
              <>
                <button type="button" disabled={busy} onClick={() => void decide('approve')}>
                  {t('review.approve')}
                </button>
                <button type="button" className="danger" disabled={busy} onClick={() => void decide('reject')}>
                  {t('review.reject')}
                </button>
              </>
            )}
            {v.state === 'approved' && (
              <button type="button" className="danger" disabled={busy} onClick={() => void decide('revoke')}>
                {t('review.revoke')}
              </button>
            )}
            {undoable(v, me?.id) && <UndoButton v={v} onUndone={onDecided} />}
          </div>
        </div>
      )}
    </article>
  );
}

/** The reviewer queue: pending applications oldest first, and the decided ones by state. */
export function Review() {
  const { t } = useI18n();
  const { api, me, loading } = useSession();
  const [state, setState] = useState<VerificationState>('pending');
  const [decided, setDecided] = useState<Verification[]>([]);
  useTitle(t('review.title'));
  const list = usePaged<Verification>(api, isReviewer(me) ? '/api/v1/gov/verifications' : null, { state }, [me?.id]);
  if (loading) return <Loading />;
  if (!isReviewer(me))
    return (
      <div className="card">
        <h1 tabIndex={-1}>{t('review.title')}</h1>
        <p>{t('review.forbidden')}</p>
      </div>
    );
  return (
    <>
      <PageTitle
        actions={
          <label className="inline">
            <span>{t('review.state')}</span>
            <select value={state} onChange={(e) => setState(e.target.value as VerificationState)}>
              {STATES.map((s) => (
                <option key={s} value={s}>
                  {label(t, 'state', s)}
                </option>
              ))}
            </select>
          </label>
        }
      >
        {t('review.title')}
      </PageTitle>
      {decided.length > 0 && (
        <ul className="notice plain-list" role="status" aria-live="polite">
          {decided.map((v) => (
            <li key={v.id}>
              {v.organ_name}：{v.state === 'pending' ? t('review.undone') : t('review.decided', { state: label(t, 'state', v.state) })}{' '}
              {undoable(v, me?.id) && (
                <UndoButton
                  v={v}
                  onUndone={(u) => {
                    setDecided((d) => d.map((x) => (x.id === u.id ? u : x)));
                    // Pending again: it returns to the queue.
                    if (state === 'pending') list.reload();
                  }}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      <ScopeAwareError error={list.error} />
      {!list.loading && list.items.length === 0 && <p className="card muted">{t('review.empty')}</p>}
      {list.items.map((v) => (
        <ApplicationCard
          key={v.id}
          v={v}
          onDecided={(u) => {
            setDecided((d) => [u, ...d.filter((x) => x.id !== u.id)]);
            // A decided application leaves the list of its old state.
            list.update((x) => x.id === v.id, () => (u.state === state ? u : null));
          }}
        />
      ))}
      {list.items.length > 0 && <LoadMore hasMore={list.hasMore} loading={list.loading} onMore={list.loadMore} count={list.items.length} />}
    </>
  );
}
