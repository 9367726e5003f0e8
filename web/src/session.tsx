import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Api, ApiError } from './api';
import { base64url, pkceChallenge } from './pkce';
import type { AppCredentials, CredentialAccount, Token } from './types';

/**
 * The signed-in session: the OAuth app this browser registered, the access
 * token, and the account it belongs to. Tokens live in localStorage so a
 * reload keeps the session; signing out revokes the token at the provider.
 */
const APP_KEY = 'govblog.app';
const TOKEN_KEY = 'govblog.token';
/** While an operator acts as an organ: the operator's own token, restored on return. */
const OWN_TOKEN_KEY = 'govblog.own_token';
const PKCE_KEY = 'govblog.pkce';
/** What a new account's token carries (sign-up inherits the app token's scopes). */
export const SCOPES = 'read write follow';
/**
 * What signing in asks for, and so what the app registers: the admin scopes
 * too, which reviewers' pages need (deciding is admin:write:accounts, the
 * queue admin:read:accounts, as in Mastodon's admin API). The provider still
 * checks the role: a citizen's token with them decides nothing.
 */
export const SIGN_IN_SCOPES = `${SCOPES} admin:read admin:write`;

interface StoredApp extends AppCredentials {
  redirect_uri: string;
  /** The scopes it was registered with: an app from before a change of SIGN_IN_SCOPES is registered afresh. */
  scopes?: string;
}

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Storage refused (private mode): the session lasts as long as the page.
  }
}

const redirectUri = () => `${location.origin}/web/callback`;

function storedApp(): StoredApp | null {
  try {
    const app = JSON.parse(read(APP_KEY) ?? 'null') as StoredApp | null;
    return app && app.redirect_uri === redirectUri() && app.scopes === SIGN_IN_SCOPES ? app : null;
  } catch {
    return null;
  }
}

async function registerApp(api: Api): Promise<StoredApp> {
  const res = await api.request<AppCredentials>('POST', '/api/v1/apps', {
    token: null,
    body: { client_name: 'govblog web', redirect_uris: redirectUri(), scopes: SIGN_IN_SCOPES, website: location.origin },
  });
  const app = { client_id: res.client_id, client_secret: res.client_secret, redirect_uri: redirectUri(), scopes: SIGN_IN_SCOPES };
  write(APP_KEY, JSON.stringify(app));
  return app;
}

/**
 * The app's credentials and an app-only token. The token proves the stored
 * app still exists (a provider whose database was reset forgets it): an
 * unknown client is registered afresh, once.
 */
export async function appToken(): Promise<{ app: StoredApp; token: string }> {
  const api = new Api(null);
  let app = storedApp() ?? (await registerApp(api));
  const grant = (a: StoredApp) =>
    api.request<Token>('POST', '/oauth/token', { token: null, body: { grant_type: 'client_credentials', client_id: a.client_id, client_secret: a.client_secret, scope: SCOPES } });
  try {
    return { app, token: (await grant(app)).access_token };
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401) throw err;
    app = await registerApp(api);
    return { app, token: (await grant(app)).access_token };
  }
}

function randomString(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** Sends the browser to the provider's sign-in page (authorization code with PKCE S256 and a state). */
export async function startSignIn(): Promise<void> {
  const { app } = await appToken();
  const verifier = randomString(48);
  const state = randomString(16);
  const { challenge, method } = await pkceChallenge(verifier);
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: app.client_id,
    redirect_uri: app.redirect_uri,
    scope: SIGN_IN_SCOPES,
    state,
    code_challenge: challenge,
    code_challenge_method: method,
  });
  location.assign(`/oauth/authorize?${q.toString()}`);
}

/** At /web/callback: checks the state and exchanges the code for a token. */
export async function finishSignIn(params: URLSearchParams): Promise<string> {
  const saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? 'null') as { verifier: string; state: string } | null;
  sessionStorage.removeItem(PKCE_KEY);
  const app = storedApp();
  const code = params.get('code');
  if (!saved || !app || !code || params.get('state') !== saved.state) throw new ApiError(400, 'state', 'bad_state', null);
  const token = await new Api(null).request<Token>('POST', '/oauth/token', {
    token: null,
    body: { grant_type: 'authorization_code', code, client_id: app.client_id, client_secret: app.client_secret, redirect_uri: app.redirect_uri, code_verifier: saved.verifier },
  });
  return token.access_token;
}

/** Sign-up: an app-only token creates the account, whose token is usable at once. */
export async function signUp(input: { username: string; email: string; password: string; agreement: boolean; locale: string }): Promise<string> {
  const { token } = await appToken();
  const res = await new Api(token).post<Token>('/api/v1/accounts', input);
  return res.access_token;
}

async function revoke(token: string): Promise<void> {
  const app = storedApp();
  if (!app) return;
  await new Api(null).request('POST', '/oauth/revoke', { token: null, body: { client_id: app.client_id, client_secret: app.client_secret, token } }).catch(() => {
    // A token the provider no longer knows is as good as revoked.
  });
}

export interface Session {
  token: string | null;
  me: CredentialAccount | null;
  /** True until the first verify_credentials answers. */
  loading: boolean;
  api: Api;
  /** The operator's own account while acting as an organ. */
  acting: boolean;
  setToken: (token: string | null) => void;
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
  /** An operator takes the organ's token (the provider records both in the audit log). */
  actAs: (organId: string) => Promise<void>;
  stopActing: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setTokenState] = useState<string | null>(() => read(TOKEN_KEY));
  const [me, setMe] = useState<CredentialAccount | null>(null);
  const [loading, setLoading] = useState<boolean>(() => read(TOKEN_KEY) !== null);
  const [acting, setActing] = useState<boolean>(() => read(OWN_TOKEN_KEY) !== null);
  const api = useMemo(() => new Api(token), [token]);

  const setToken = useCallback((t: string | null) => {
    write(TOKEN_KEY, t);
    setTokenState(t);
  }, []);

  const refresh = useCallback(async () => {
    if (!token) {
      setMe(null);
      setLoading(false);
      return;
    }
    try {
      setMe(await api.get<CredentialAccount>('/api/v1/accounts/verify_credentials'));
    } catch (err) {
      // A revoked or unknown token ends the session; other failures keep it for a retry.
      if (err instanceof ApiError && err.status === 401) {
        setToken(null);
        setMe(null);
      }
    } finally {
      setLoading(false);
    }
  }, [api, token, setToken]);

  useEffect(() => {
    setLoading(token !== null);
    void refresh();
  }, [refresh, token]);

  const signOut = useCallback(async () => {
    const own = read(OWN_TOKEN_KEY);
    if (token) await revoke(token);
    if (own) await revoke(own);
    write(OWN_TOKEN_KEY, null);
    setActing(false);
    setToken(null);
  }, [token, setToken]);

  const actAs = useCallback(
    async (organId: string) => {
      if (!token) return;
      const organ = await api.post<Token>(`/api/v1/gov/accounts/${encodeURIComponent(organId)}/operator_token`);
      write(OWN_TOKEN_KEY, token);
      setActing(true);
      setToken(organ.access_token);
    },
    [api, token, setToken],
  );

  const stopActing = useCallback(async () => {
    const own = read(OWN_TOKEN_KEY);
    if (token) await revoke(token);
    write(OWN_TOKEN_KEY, null);
    setActing(false);
    setToken(own);
  }, [token, setToken]);

  const value = useMemo<Session>(
    () => ({ token, me, loading, api, acting, setToken, refresh, signOut, actAs, stopActing }),
    [token, me, loading, api, acting, setToken, refresh, signOut, actAs, stopActing],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** Reviewers and admins decide verification applications. */
export function isReviewer(me: CredentialAccount | null): boolean {
  return me?.role?.name === 'reviewer' || me?.role?.name === 'admin';
}
