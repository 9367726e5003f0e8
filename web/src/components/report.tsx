import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { LIMITS } from '../../../src/domain/limits';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import type { Account, Report, ReportCategory, Rule, Status } from '../types';
import { Dialog } from './dialog';
import { ErrorBox, Loading, Time } from './ui';

const CATEGORIES: ReportCategory[] = ['spam', 'legal', 'violation', 'other'];

/** Plain text of a status's HTML, for a one-line summary in a list of choices. */
function textOf(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return doc.body.textContent ?? '';
}

/**
 * Reporting an account to the provider's moderators: the category, the rules
 * it breaks (as /api/v1/instance/rules numbers them), the posts concerned
 * (the one it was opened from already ticked) and a comment.
 */
export function ReportDialog({ account, status, onClose }: { account: Account; status?: Status; onClose: () => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const id = useId();
  const rules = useQuery({ queryKey: ['instance-rules'], queryFn: () => api.get<Rule[]>('/api/v1/instance/rules') });
  const statuses = useQuery({ queryKey: ['report-statuses', account.id], queryFn: () => api.get<Status[]>(`/api/v1/accounts/${account.id}/statuses`, { limit: 20, exclude_reblogs: true }) });
  const [category, setCategory] = useState<ReportCategory>('other');
  const [ruleIds, setRuleIds] = useState<string[]>([]);
  const [statusIds, setStatusIds] = useState<string[]>(status ? [status.id] : []);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<Report | null>(null);

  // The status it was opened from leads the choices even when it is older than the account's latest twenty.
  const choices = [...(status ? [status] : []), ...(statuses.data ?? []).filter((s) => s.id !== status?.id)];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setSent(
        await api.post<Report>('/api/v1/reports', {
          account_id: account.id,
          status_ids: statusIds,
          comment: comment.trim(),
          category,
          ...(category === 'violation' ? { rule_ids: ruleIds } : {}),
        }),
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const toggle = (list: string[], value: string, on: boolean) => (on ? [...list, value] : list.filter((x) => x !== value));

  return (
    <Dialog title={t('report.title', { name: account.acct })} onClose={onClose} wide>
      {sent ? (
        <div role="status">
          <p className="notice">{t('report.done')}</p>
          <button type="button" onClick={onClose}>
            {t('status.close')}
          </button>
        </div>
      ) : (
        <form className="form report-form" onSubmit={(e) => void submit(e)}>
          <p className="muted">{t('report.intro')}</p>
          <fieldset>
            <legend>{t('report.category')}</legend>
            {CATEGORIES.map((c) => (
              <label key={c} className="inline">
                <input type="radio" name={`${id}-category`} value={c} checked={category === c} onChange={() => setCategory(c)} />
                <span>{t(`report.cat.${c}`)}</span>
              </label>
            ))}
          </fieldset>
          {category === 'violation' && (
            <fieldset>
              <legend>{t('report.rules')}</legend>
              {rules.isPending && <Loading />}
              {rules.data?.length === 0 && <p className="muted">{t('report.noRules')}</p>}
              <ol className="report-rules">
                {rules.data?.map((r) => (
                  <li key={r.id}>
                    <label className="inline">
                      <input type="checkbox" checked={ruleIds.includes(r.id)} onChange={(e) => setRuleIds((l) => toggle(l, r.id, e.target.checked))} />
                      <span>
                        {r.text}
                        {r.hint && <small className="muted"> {r.hint}</small>}
                      </span>
                    </label>
                  </li>
                ))}
              </ol>
            </fieldset>
          )}
          <fieldset>
            <legend>{t('report.statuses')}</legend>
            {statuses.isPending && <Loading />}
            {!statuses.isPending && choices.length === 0 && <p className="muted">{t('report.noStatuses')}</p>}
            <ul className="report-statuses">
              {choices.map((s) => (
                <li key={s.id}>
                  <label className="inline">
                    <input type="checkbox" checked={statusIds.includes(s.id)} onChange={(e) => setStatusIds((l) => toggle(l, s.id, e.target.checked))} />
                    <span>
                      <Time iso={s.created_at} /> {textOf(s.content).slice(0, 80) || '—'}
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <label htmlFor={`${id}-comment`}>{t('report.comment')}</label>
          <textarea id={`${id}-comment`} rows={3} maxLength={LIMITS.reportCommentMax} value={comment} onChange={(e) => setComment(e.target.value)} />
          <ErrorBox error={error} />
          <div className="row">
            <button type="submit" disabled={busy}>
              {t('report.submit')}
            </button>
            <button type="button" className="secondary" onClick={onClose}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
