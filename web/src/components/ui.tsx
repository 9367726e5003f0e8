import { type ReactNode, useId } from 'react';
import { ApiError } from '../api';
import { errorText, fieldProblemText, problemText } from '../errors';
import { formatDate, label, provinceName, useI18n } from '../i18n';
import { Link } from 'react-router';
import type { Account, Gov } from '../types';

/** What went wrong, in the user's language, and each field's problems that no form field shows. */
export function ErrorBox({ error, shownFields = [] }: { error: unknown; shownFields?: readonly string[] }) {
  const { t, lang } = useI18n();
  if (!error) return null;
  const message = errorText(lang, error);
  const details = error instanceof ApiError && error.details ? Object.entries(error.details).filter(([f]) => !shownFields.includes(f)) : [];
  return (
    <div className="error" role="alert">
      <strong>{t('common.error')}：</strong>
      {message}
      {details.length > 0 && (
        <ul>
          {details.flatMap(([field, list]) =>
            list.map((d, i) => (
              <li key={`${field}-${i}`} data-field={field}>
                {fieldProblemText(lang, t, field, d)}
              </li>
            )),
          )}
        </ul>
      )}
    </div>
  );
}

/** A labelled form control with its hint and the API's problems for that field. */
export function Field({
  label: text,
  hint,
  error,
  name,
  inline = false,
  children,
}: {
  label: string;
  /** A checkbox or radio: the control before its label, on one line. */
  inline?: boolean;
  hint?: string | undefined;
  error?: unknown;
  name: string;
  children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean; name: string }) => ReactNode;
}) {
  const id = useId();
  const { t, lang } = useI18n();
  const problems = error instanceof ApiError ? error.field(name).map((p) => problemText(lang, t, p)) : [];
  const hintId = hint ? `${id}-hint` : undefined;
  const errId = problems.length ? `${id}-err` : undefined;
  const describedBy = [hintId, errId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${inline ? ' inline-field' : ''}${problems.length ? ' invalid' : ''}`}>
      {!inline && <label htmlFor={id}>{text}</label>}
      {children({ id, name, ...(describedBy ? { 'aria-describedby': describedBy } : {}), ...(problems.length ? { 'aria-invalid': true } : {}) })}
      {inline && <label htmlFor={id}>{text}</label>}
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      {problems.length > 0 && (
        <p className="field-error" id={errId} data-field={name}>
          {problems.join('; ')}
        </p>
      )}
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      {t('common.loading')}
    </p>
  );
}

/** "Load more" while the Link header names an older page. */
export function LoadMore({ hasMore, loading, onMore, count }: { hasMore: boolean; loading: boolean; onMore: () => void; count: number }) {
  const { t } = useI18n();
  if (loading) return <Loading />;
  if (hasMore)
    return (
      <div className="load-more">
        <button type="button" className="secondary" onClick={onMore}>
          {t('common.loadMore')}
        </button>
      </div>
    );
  return <p className="muted center">{count === 0 ? t('common.empty') : t('common.end')}</p>;
}

/** The verification badge: red for an organ, blue for an official. */
export function Badge({ gov }: { gov: Gov | null | undefined }) {
  const { t } = useI18n();
  if (!gov) return null;
  const text = gov.kind === 'institutional' ? t('badge.institutional') : t('badge.individual');
  return (
    <span className={`badge badge-${gov.kind}`} title={gov.verification}>
      <svg aria-hidden="true" viewBox="0 0 16 16" width="12" height="12">
        <path d="M8 1l1.9 1.4 2.3-.2.8 2.2 2 1.2-.7 2.2.7 2.2-2 1.2-.8 2.2-2.3-.2L8 15l-1.9-1.4-2.3.2-.8-2.2-2-1.2.7-2.2L1 6l2-1.2.8-2.2 2.3.2z" fill="currentColor" opacity=".35" />
        <path d="M5 8.2l2 2 4-4.2" stroke="currentColor" strokeWidth="1.8" fill="none" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      {text}
    </span>
  );
}

export function Avatar({ account, size = 44 }: { account: Account; size?: number }) {
  return <img className="avatar" src={account.avatar} alt="" width={size} height={size} loading="lazy" />;
}

/** Where an account's profile opens in the UI: its acct, so that an account of another server (`name@host`) opens too. */
export function profilePath(account: Pick<Account, 'acct'>): string {
  return `/web/@${account.acct}`;
}

/** The server an account lives on when it is not this one (`host` of `name@host`); null for a local account. */
export function homeServer(account: Pick<Account, 'acct'>): string | null {
  const at = account.acct.indexOf('@');
  return at < 0 ? null : account.acct.slice(at + 1);
}

/** A name linking to the account's profile in the UI, with its badge. */
export function AccountName({ account, badge = true }: { account: Account; badge?: boolean }) {
  return (
    <span className="account-name">
      <Link to={profilePath(account)} className="display-name">
        {account.display_name || account.username}
      </Link>
      {badge && <Badge gov={account.gov} />}
      <span className="handle">@{account.acct}</span>
    </span>
  );
}

/** The government profile an approved application fills in. */
export function GovProfile({ gov }: { gov: Gov }) {
  const { t, lang } = useI18n();
  const rows: [string, string][] = [
    [t('gov.verification'), gov.verification],
    [t('gov.kind'), label(t, 'kind', gov.kind)],
    [t('gov.organName'), gov.organ_name],
    [t('gov.organ'), label(t, 'organ', gov.organ)],
    [t('gov.level'), label(t, 'level', gov.level)],
    [t('gov.province'), provinceName(lang, gov.province)],
  ];
  if (gov.position) rows.push([t('gov.position'), gov.position]);
  if (gov.rank) rows.push([t('gov.rank'), label(t, 'rank', gov.rank)]);
  if (gov.public_security) rows.push([t('gov.publicSecurity'), t('yes')]);
  rows.push([t('gov.verifiedAt'), formatDate(lang, gov.verified_at, false)]);
  return (
    <section className={`gov-profile gov-${gov.kind}`} aria-label={t('gov.title')}>
      <h2>{t('gov.title')}</h2>
      <dl>
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
        {/* The provider that checked the organ's identity: its home server, for an account of another (it vouches only for its own). */}
        <div>
          <dt>{t('gov.verifiedBy')}</dt>
          <dd data-testid="gov-verified-by">{gov.verified_by}</dd>
        </div>
      </dl>
    </section>
  );
}

/** A small pill naming a state. */
export function StatePill({ state, text }: { state: string; text: string }) {
  return <span className={`pill pill-${state}`}>{text}</span>;
}

export function Time({ iso, withTime = true }: { iso: string; withTime?: boolean }) {
  const { lang } = useI18n();
  return <time dateTime={iso}>{formatDate(lang, iso, withTime)}</time>;
}

export function PageTitle({ children, actions }: { children: ReactNode; actions?: ReactNode }) {
  return (
    <div className="page-title">
      <h1 tabIndex={-1}>{children}</h1>
      {actions && <div className="page-actions">{actions}</div>}
    </div>
  );
}
