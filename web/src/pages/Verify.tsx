import { type FormEvent, useEffect, useRef, useState } from 'react';
import { LIMITS } from '../../../src/domain/limits';
import { LEVELS, ORGAN_KINDS, RANKS } from '../../../src/domain/taxonomy';
import { ApiError } from '../api';
import { ErrorBox, Field, GovProfile, Loading, PageTitle, StatePill, Time } from '../components/ui';
import { EvidencePicker, type PickedEvidence, asEvidenceError, keptEvidence, uploadPicked } from '../components/EvidenceFiles';
import { useLoad, useTitle } from '../hooks';
import { label, provinceName, useI18n } from '../i18n';
import { Link } from '../router';
import { useSession } from '../session';
import type { Account, Verification } from '../types';

const EMPTY = {
  kind: 'institutional' as 'institutional' | 'individual',
  organ_name: '',
  account_name: '',
  organ: 'government',
  public_security: false,
  level: 'provincial',
  region_code: '',
  credit_code: '',
  position: '',
  rank: '',
  organ_account: '',
  verification: '',
  evidence: '',
};

/** The form as the applicant filled it for an earlier application, to amend and send again. */
function formOf(v: Verification, organAccount: string): typeof EMPTY {
  return {
    kind: v.kind,
    organ_name: v.organ_name,
    // An approved application's name is the one the reviewer gave.
    account_name: (v.state === 'approved' ? v.display_name : null) ?? v.account_name ?? '',
    organ: v.organ,
    public_security: v.public_security,
    level: v.level,
    region_code: v.region_code ?? '',
    credit_code: v.credit_code ?? '',
    position: v.position ?? '',
    rank: v.rank ?? '',
    organ_account: organAccount,
    verification: v.verification,
    evidence: v.evidence,
  };
}

/** The applications this account made, newest first, with the reviewers' reasons. */
function MyApplications({ list }: { list: Verification[] }) {
  const { t, lang } = useI18n();
  if (list.length === 0) return null;
  return (
    <section className="card">
      <h2>{t('verify.mine')}</h2>
      <ul className="plain-list">
        {list.map((v) => (
          <li key={v.id} className="application-row">
            <StatePill state={v.state} text={label(t, 'state', v.state)} /> <strong>{v.organ_name}</strong> · {label(t, 'kind', v.kind)} · {label(t, 'level', v.level)} ·{' '}
            {provinceName(lang, v.province)} · <Time iso={v.created_at} />
            {v.display_name && (
              <>
                {' '}
                · {t('verify.displayName')}：{v.display_name}
              </>
            )}
            {v.reason && (
              <p className="muted">
                {t('verify.reason')}：{v.reason}
              </p>
            )}
            {v.evidence_files.length > 0 && (
              <p className="muted">
                {t('verify.evidenceSent')}：{v.evidence_files.map((f) => f.filename).join('、')}
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Verify() {
  const { t } = useI18n();
  const { api, me, loading, refresh } = useSession();
  const [form, setForm] = useState(EMPTY);
  const [evidence, setEvidence] = useState<PickedEvidence[]>([]);
  const [uploading, setUploading] = useState<{ done: number; count: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useTitle(t('verify.title'));
  const mine = useLoad(() => (me ? api.get<Verification[]>('/api/v1/gov/verifications') : Promise.resolve([])), [api, me?.id]);
  // Newest first: the last application decides what the page offers.
  const last = mine.data?.[0];
  const rejected = last?.state === 'rejected' ? last : undefined;
  // A rejected applicant amends what they sent rather than typing it all again, and a verified account that applies
  // anew (to change its name) starts from what was approved: the form is filled once per such application.
  const prefillFrom = rejected ?? (me?.gov && last?.state === 'approved' ? last : undefined);
  const prefilledFor = useRef<string | null>(null);
  useEffect(() => {
    if (!prefillFrom || prefilledFor.current === prefillFrom.id) return;
    prefilledFor.current = prefillFrom.id;
    let live = true;
    const organ = prefillFrom.organ_account_id
      ? api.get<Account>(`/api/v1/accounts/${prefillFrom.organ_account_id}`).then(
          (a) => a.acct,
          () => '',
        )
      : Promise.resolve('');
    void organ.then((acct) => {
      if (!live) return;
      setForm(formOf(prefillFrom, acct));
      // A re-application carries the earlier files unless the applicant removes them.
      setEvidence(keptEvidence(prefillFrom.evidence_files));
    });
    return () => {
      live = false;
    };
  }, [api, prefillFrom]);

  if (loading) return <Loading />;
  if (!me)
    return (
      <div className="card">
        <h1 tabIndex={-1}>{t('verify.title')}</h1>
        <p>
          {t('common.signinNeeded')} <Link to="/web/signin">{t('nav.signin')}</Link>
        </p>
      </div>
    );

  const pending = mine.data?.find((v) => v.state === 'pending');
  const individual = form.kind === 'individual';
  const set =
    (k: keyof typeof EMPTY) =>
    (e: { target: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement }) => {
      const v = e.target instanceof HTMLInputElement && e.target.type === 'checkbox' ? e.target.checked : e.target.value;
      setForm((f) => ({ ...f, [k]: v }));
    };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      let organAccountId: string | undefined;
      if (individual && form.organ_account.trim()) {
        // The form asks for a name people know; the API wants the account's id.
        try {
          organAccountId = (await api.get<Account>('/api/v1/accounts/lookup', { acct: form.organ_account.trim() })).id;
        } catch {
          throw new ApiError(422, t('verify.organUnknown'), 'validation_failed', { organ_account: [{ error: 'ERR_NOT_FOUND', description: t('verify.organUnknown') }] });
        }
      }
      const toUpload = evidence.filter((p) => !p.uploaded).length;
      if (toUpload > 0) setUploading({ done: 0, count: toUpload });
      const evidenceIds = await uploadPicked(api, evidence, (next, done) => {
        setEvidence(next);
        setUploading({ done, count: toUpload });
      });
      setUploading(null);
      await api.post<Verification>('/api/v1/gov/verifications', {
        kind: form.kind,
        organ_name: form.organ_name,
        ...(form.account_name.trim() ? { account_name: form.account_name.trim() } : {}),
        organ: form.organ,
        public_security: form.public_security,
        level: form.level,
        region_code: form.region_code || undefined,
        verification: form.verification,
        evidence: form.evidence,
        ...(evidenceIds.length ? { evidence_file_ids: evidenceIds } : {}),
        ...(individual
          ? { position: form.position, rank: form.rank || undefined, ...(organAccountId ? { organ_account_id: organAccountId } : {}), ...(form.credit_code ? { credit_code: form.credit_code } : {}) }
          : { credit_code: form.credit_code }),
      });
      setForm(EMPTY);
      setEvidence([]);
      mine.reload();
      await refresh();
    } catch (err) {
      setError(asEvidenceError(err));
    } finally {
      setUploading(null);
      setBusy(false);
    }
  };

  const FIELDS = ['kind', 'organ_name', 'account_name', 'organ', 'public_security', 'level', 'region_code', 'credit_code', 'position', 'rank', 'organ_account', 'organ_account_id', 'verification', 'evidence', 'evidence_files'];
  const applicationForm = (
    <form className="card form" onSubmit={(e) => void submit(e)} noValidate aria-label={t('verify.title')}>
      <fieldset className="choice">
        <legend>{t('verify.kind')}</legend>
        {(['institutional', 'individual'] as const).map((k) => (
          <label key={k} className="radio">
            <input type="radio" name="kind" value={k} checked={form.kind === k} onChange={() => setForm((f) => ({ ...f, kind: k }))} />
            {t(`verify.kind.${k}`)}
          </label>
        ))}
      </fieldset>
      <div className="grid-2">
        <Field label={t('verify.organName')} name="organ_name" error={error}>
          {(p) => <input {...p} type="text" required maxLength={LIMITS.organNameMax} value={form.organ_name} onChange={set('organ_name')} />}
        </Field>
        <Field label={t('verify.organ')} name="organ" error={error}>
          {(p) => (
            <select {...p} value={form.organ} onChange={set('organ')}>
              {ORGAN_KINDS.map((o) => (
                <option key={o} value={o}>
                  {label(t, 'organ', o)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('verify.level')} name="level" error={error}>
          {(p) => (
            <select {...p} value={form.level} onChange={set('level')}>
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {label(t, 'level', l)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('verify.regionCode')} hint={t('verify.regionHint')} name="region_code" error={error}>
          {(p) => <input {...p} type="text" inputMode="numeric" maxLength={6} value={form.region_code} onChange={set('region_code')} />}
        </Field>
      </div>
      <Field label={t('verify.publicSecurity')} name="public_security" error={error} inline>
        {(p) => <input {...p} type="checkbox" checked={form.public_security} onChange={set('public_security')} />}
      </Field>
      {!individual && (
        <Field label={t('verify.creditCode')} hint={t('verify.creditHint')} name="credit_code" error={error}>
          {(p) => <input {...p} type="text" required maxLength={18} autoCapitalize="characters" value={form.credit_code} onChange={set('credit_code')} />}
        </Field>
      )}
      {individual && (
        <div className="grid-2">
          <Field label={t('verify.position')} name="position" error={error}>
            {(p) => <input {...p} type="text" required maxLength={LIMITS.positionMax} value={form.position} onChange={set('position')} />}
          </Field>
          <Field label={t('verify.rank')} name="rank" error={error}>
            {(p) => (
              <select {...p} value={form.rank} onChange={set('rank')} required>
                <option value="">{t('verify.choose')}</option>
                {RANKS.map((r) => (
                  <option key={r} value={r}>
                    {label(t, 'rank', r)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('verify.organAccount')} hint={t('verify.organAccountHint')} name="organ_account" error={error}>
            {(p) => <input {...p} type="text" value={form.organ_account} onChange={set('organ_account')} />}
          </Field>
        </div>
      )}
      <Field label={t('verify.verification')} name="verification" error={error}>
        {(p) => <input {...p} type="text" required maxLength={LIMITS.verificationTextMax} value={form.verification} onChange={set('verification')} />}
      </Field>
      <Field label={t('verify.evidence')} hint={t('verify.evidenceHint')} name="evidence" error={error}>
        {(p) => <textarea {...p} rows={3} required maxLength={LIMITS.evidenceMax} value={form.evidence} onChange={set('evidence')} />}
      </Field>
      <EvidencePicker picked={evidence} onChange={setEvidence} error={error} />
      <ErrorBox error={error} shownFields={FIELDS} />
      {uploading && (
        <p className="muted" role="status">
          {t('verify.uploading', uploading)}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {t('verify.submit')}
      </button>
    </form>
  );
  return (
    <>
      <PageTitle>{t('verify.title')}</PageTitle>
      <p className="lead">{t('verify.intro')}</p>
      {me.gov && (
        <div className="notice success" role="status">
          {t('verify.verified')}
        </div>
      )}
      {me.gov && <GovProfile gov={me.gov} />}
      {pending && (
        <div className="notice" role="status" data-testid="pending-notice">
          <StatePill state="pending" text={t('state.pending')} /> {t('verify.submitted')}
        </div>
      )}
      {!pending && rejected && (
        <div className="notice warning" role="status" data-testid="rejected-notice">
          <p>
            <StatePill state="rejected" text={t('state.rejected')} /> <strong>{t('verify.rejectedTitle')}</strong>
          </p>
          {rejected.reason && (
            <p>
              {t('verify.reason')}：{rejected.reason}
            </p>
          )}
          <p className="muted">{t('verify.prefilled')}</p>
        </div>
      )}
      {!pending && me.gov && (
        <details className="card reapply">
          <summary>{t('verify.reapply')}</summary>
          {applicationForm}
        </details>
      )}
      {!pending && !me.gov && applicationForm}
      <ErrorBox error={mine.error} />
      {mine.data && <MyApplications list={mine.data} />}
    </>
  );
}
