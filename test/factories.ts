import { type RemoteAccountInput, upsertRemoteAccount } from '../src/accounts/upsert-remote-account.js';
import { creditCodeCheckChar } from '../src/domain/credit-code.js';
import { createUser } from '../src/accounts/sign-up.js';
import type { Role } from '../src/accounts/accounts.table.js';
import { mintToken } from '../src/oauth/tokens.js';
import type { TestServer } from './http.js';

let seq = 0;
/** A unique suffix for usernames and e-mails within a run. */
export function unique(prefix = 'u'): string {
  seq += 1;
  return `${prefix}${process.pid}_${seq}`;
}

/** A valid unified social credit code for an organ in the region (registration authority 1, type 1: a Party or state organ). */
export function creditCodeFor(regionCode = '110000', serial = seq + 1): string {
  const org = String(serial).padStart(8, '0').slice(-8) + '0';
  const body = `11${regionCode}${org}`;
  return body + creditCodeCheckChar(body);
}

/** Registers an app and returns its credentials and an app-only token. */
export async function registerApp(s: TestServer, scopes = 'read write follow') {
  const app = await s.call('POST', '/api/v1/apps', { form: { client_name: 'Test app', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes } });
  if (app.status !== 200) throw new Error(`app: ${app.status} ${app.body}`);
  const tok = await s.call('POST', '/oauth/token', {
    body: { grant_type: 'client_credentials', client_id: app.json.client_id, client_secret: app.json.client_secret, scope: scopes },
  });
  if (tok.status !== 200) throw new Error(`token: ${tok.status} ${tok.body}`);
  return { clientId: app.json.client_id as string, clientSecret: app.json.client_secret as string, appToken: tok.json.access_token as string };
}

/** Signs a new user up through the API; returns its token and id. */
export async function signUpUser(s: TestServer, username = unique(), appToken?: string): Promise<{ token: string; id: string; username: string }> {
  const token = appToken ?? (await registerApp(s)).appToken;
  const res = await s.call('POST', '/api/v1/accounts', {
    token,
    body: { username, email: `${username}@example.cn`, password: 'correct horse 1', agreement: true, locale: 'zh-CN' },
  });
  if (res.status !== 200) throw new Error(`sign-up: ${res.status} ${res.body}`);
  const me = await s.call('GET', '/api/v1/accounts/verify_credentials', { token: res.json.access_token });
  return { token: res.json.access_token, id: me.json.id, username };
}

/** An account with a role, made as `govblog admin create-user` makes it. */
export async function staffUser(s: TestServer, role: Role, username = unique(role)) {
  const r = await createUser(s.ctx, { username, role });
  return { token: r.access_token, id: r.id, username };
}

export function institutionApplication(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'institutional',
    organ_name: '北京市公安局',
    organ: 'government',
    public_security: true,
    level: 'provincial',
    region_code: '110000',
    credit_code: creditCodeFor('110000'),
    verification: '北京市公安局官方微博',
    evidence: '京公函〔2012〕17号',
    ...overrides,
  };
}

export function officialApplication(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'individual',
    organ_name: '长沙市岳麓区人民政府',
    organ: 'government',
    public_security: false,
    level: 'county',
    region_code: '430104',
    position: '副区长',
    rank: 'division',
    verification: '湖南省长沙市岳麓区副区长',
    evidence: '岳麓区人民政府办公室证明',
    ...overrides,
  };
}

/** An account verified as an organ through the API; returns its token and id. */
export async function verifiedOrgan(s: TestServer, reviewerToken: string, overrides: Record<string, unknown> = {}) {
  const user = await signUpUser(s);
  const app = await s.call('POST', '/api/v1/gov/verifications', { token: user.token, body: institutionApplication(overrides) });
  if (app.status !== 201) throw new Error(`apply: ${app.status} ${app.body}`);
  const ok = await s.call('POST', `/api/v1/gov/verifications/${app.json.id}/approve`, { token: reviewerToken, body: {} });
  if (ok.status !== 200) throw new Error(`approve: ${ok.status} ${ok.body}`);
  return { ...user, verificationId: app.json.id as string };
}

/** A token for an existing account with exactly these scopes, minted as the OAuth flow would (no app). */
export async function tokenWithScopes(s: TestServer, accountId: string, scopes: string[]): Promise<string> {
  const t = await mintToken(s.ctx, s.ctx.db, { appId: null, accountId: Number(accountId), scopes });
  return t.access_token;
}

/** A citizen: a plain account with a full token, made without password hashing (fast). */
export async function citizen(s: TestServer, username = unique('c')) {
  return staffUser(s, 'user', username);
}

/** A body of more than `bytes` bytes in one field. */
export function oversized(bytes = 1024 * 1024 + 1): string {
  return 'x'.repeat(bytes + 16);
}

/** Posts a status as `user` (any of POST /api/v1/statuses' fields), expects it to be taken, and returns its id. */
export async function postStatus(s: TestServer, user: { token: string }, body: Record<string, unknown>): Promise<string> {
  const r = await s.call('POST', '/api/v1/statuses', { token: user.token, body });
  if (r.status !== 200) throw new Error(`posting failed: ${r.status} ${r.body}`);
  return r.json.id as string;
}

/** The ids of `user`'s home timeline, newest first (one page of `limit`). */
export async function homeIds(s: TestServer, user: { token: string }, limit = 40): Promise<string[]> {
  return ((await s.call('GET', `/api/v1/timelines/home?limit=${limit}`, { token: user.token })).json as { id: string }[]).map((x) => x.id);
}

/** Another server's account stored as the federation code stores one (upsertRemoteAccount); `name@domain` unless told. */
export async function remoteAccount(s: TestServer, overrides: Partial<RemoteAccountInput> = {}) {
  const username = overrides.username ?? unique('r');
  const domain = overrides.domain ?? 'remote.example';
  return upsertRemoteAccount(s.ctx, {
    uri: `https://${domain}/users/${username}`,
    username,
    domain,
    url: `https://${domain}/@${username}`,
    actorType: 'Person',
    displayName: `Remote ${username}`,
    noteHtml: '<p>from afar</p>',
    inboxUrl: `https://${domain}/users/${username}/inbox`,
    sharedInboxUrl: `https://${domain}/inbox`,
    followersUrl: `https://${domain}/users/${username}/followers`,
    ...overrides,
  });
}
