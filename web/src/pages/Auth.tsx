import { type FormEvent, useEffect, useRef, useState } from 'react';
import { LIMITS } from '../../../src/domain/limits';
import { ApiError } from '../api';
import { errorText } from '../errors';
import { ErrorBox, Field, PageTitle } from '../components/ui';
import { useTitle } from '../hooks';
import { useI18n } from '../i18n';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { finishSignIn, signUp, startSignIn, useSession } from '../session';

/** Sign-in goes through the provider's OAuth page: the UI never sees the password. */
export function SignIn() {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useTitle(t('signin.title'));
  return (
    <section className="card narrow">
      <PageTitle>{t('signin.title')}</PageTitle>
      <p>{t('signin.explain')}</p>
      <ErrorBox error={error} />
      <button
        type="button"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          startSignIn().catch((e: unknown) => {
            setError(e);
            setBusy(false);
          });
        }}
      >
        {t('signin.button')}
      </button>
      <p className="muted">
        {t('signin.noAccount')} <Link to="/web/signup">{t('nav.signup')}</Link>
      </p>
    </section>
  );
}

/** The OAuth redirect target: exchanges the code (with the PKCE verifier) for a token. */
export function Callback() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { setToken } = useSession();
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);
  useTitle(t('signin.title'));
  useEffect(() => {
    // Codes are single-use: StrictMode's second effect run must not spend it again.
    if (started.current) return;
    started.current = true;
    const denied = params.get('error');
    if (denied) {
      setError(t('callback.denied', { error: params.get('error_description') ?? denied }));
      return;
    }
    finishSignIn(params).then(
      (token) => {
        setToken(token);
        navigate('/web/', { replace: true });
      },
      (e: unknown) => setError(e instanceof ApiError && e.code === 'bad_state' ? t('callback.badState') : errorText(lang, e)),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <section className="card narrow">
      <PageTitle>{t('signin.title')}</PageTitle>
      {error ? (
        <>
          <div className="error" role="alert">
            {error}
          </div>
          <Link to="/web/signin">{t('signin.button')}</Link>
        </>
      ) : (
        <p role="status">{t('callback.working')}</p>
      )}
    </section>
  );
}

export function SignUp() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const { setToken } = useSession();
  const [form, setForm] = useState({ username: '', email: '', password: '', agreement: false });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useTitle(t('signup.title'));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setToken(await signUp({ ...form, locale: lang }));
      navigate('/web/');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const set = (k: keyof typeof form) => (e: { target: HTMLInputElement }) => setForm((f) => ({ ...f, [k]: k === 'agreement' ? e.target.checked : e.target.value }));
  return (
    <section className="card narrow">
      <PageTitle>{t('signup.title')}</PageTitle>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field label={t('signup.username')} hint={t('signup.usernameHint', { max: LIMITS.usernameMax })} name="username" error={error}>
          {(p) => <input {...p} type="text" autoComplete="username" required maxLength={LIMITS.usernameMax} pattern="[A-Za-z0-9_]+" value={form.username} onChange={set('username')} />}
        </Field>
        <Field label={t('signup.email')} name="email" error={error}>
          {(p) => <input {...p} type="email" autoComplete="email" required value={form.email} onChange={set('email')} />}
        </Field>
        <Field label={t('signup.password')} hint={t('signup.passwordHint', { min: LIMITS.passwordMin })} name="password" error={error}>
          {(p) => <input {...p} type="password" autoComplete="new-password" required minLength={LIMITS.passwordMin} maxLength={LIMITS.passwordMax} value={form.password} onChange={set('password')} />}
        </Field>
        <Field label={t('signup.agreement')} name="agreement" error={error} inline>
          {(p) => <input {...p} type="checkbox" className="checkbox-field" checked={form.agreement} onChange={set('agreement')} />}
        </Field>
        <ErrorBox error={error} shownFields={['username', 'email', 'password', 'agreement']} />
        <button type="submit" disabled={busy}>
          {busy ? t('common.loading') : t('signup.submit')}
        </button>
      </form>
      <p className="muted">
        {t('signup.haveAccount')} <Link to="/web/signin">{t('nav.signin')}</Link>
      </p>
    </section>
  );
}

