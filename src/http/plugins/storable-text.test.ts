import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/dialects.js';
import { citizen, institutionApplication, registerApp, staffUser, verifiedOrgan } from '../../../test/factories.js';
import { multipartBody, type TestServer, testServer } from '../../../test/http.js';
import type { RouteEntry } from '../app.js';
import { findUnstorableText, unstorableReason } from './storable-text.js';

const NUL = 'a\u0000b';
/** Half of a surrogate pair: JSON can carry it, UTF-8 (and so neither database) cannot. */
const LONE = 'a\ud800b';

/** The keys a route's zod object schema declares, looking through preprocess, optional and default wrappers. */
function declaredKeys(schema: unknown): string[] {
  let s = schema as { shape?: Record<string, unknown>; _zod?: { def?: Record<string, unknown> } } | undefined;
  for (let depth = 0; s && depth < 6; depth += 1) {
    if (s.shape && typeof s.shape === 'object') return Object.keys(s.shape);
    const def = s._zod?.def;
    s = (def?.out ?? def?.innerType ?? def?.schema) as typeof s;
  }
  return [];
}

/** The names of a route's path parameters, from its URL (`:id`, `:id.svg`, `*`). */
function pathParams(url: string): string[] {
  return [...url.matchAll(/:([A-Za-z_]+)|\*/g)].map((m) => m[1] ?? '*');
}

interface Answer {
  status: number;
  json: any;
  body: string;
}

/** A 4xx whose answer names the field: Mastodon's `details`, or an OAuth `error_description`. */
function namesField(res: Answer, field: string): boolean {
  if (res.status < 400 || res.status >= 500) return false;
  if (res.json?.details && Object.prototype.hasOwnProperty.call(res.json.details, field)) return true;
  return typeof res.json?.error_description === 'string' && res.json.error_description.includes(field);
}

describe('findUnstorableText', () => {
  it('finds U+0000 and lone surrogates, named by their path as Rails writes it', () => {
    expect(findUnstorableText({ status: NUL })?.field).toBe('status');
    expect(findUnstorableText({ fields_attributes: { 0: { name: 'ok', value: NUL } } })?.field).toBe('fields_attributes[0][value]');
    expect(findUnstorableText({ fields_attributes: [{ name: 'ok' }, { value: LONE }] })?.field).toBe('fields_attributes[1][value]');
    expect(findUnstorableText({ redirect_uris: ['ok', NUL] })?.field).toBe('redirect_uris[1]');
    expect(findUnstorableText([NUL])?.field).toBe('[0]');
    expect(findUnstorableText(NUL)?.field).toBe('body');
    expect(findUnstorableText({ 'na\u0000me': 'fine' })?.field).toBe('na\\u0000me');
    expect(findUnstorableText({ ['x\ud800']: 'fine' })?.field).toBe('x\\ud800');
    expect(unstorableReason('a\udc00')).not.toBeNull();
    expect(unstorableReason('\ud800')).not.toBeNull();
  });

  it('does not refuse text a database holds: emoji (surrogate pairs), other control characters, U+FFFD, files', () => {
    expect(findUnstorableText({ status: '政务 😀 \t\u0001\u001f\u007f\ufffd', n: 1, b: true, x: null })).toBeNull();
    expect(findUnstorableText({ file: Buffer.from([0, 0xd8, 0]) })).toBeNull();
    expect(unstorableReason('\ud83d\ude00')).toBeNull();
  });

  it('walks input nested far deeper than the call stack goes, naming what it finds there', () => {
    let deep: unknown = 'a\u0000b';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findUnstorableText({ status: deep })?.field).toMatch(/^status(\[0\]){200000}$/);
    let clean: unknown = 'ok';
    for (let i = 0; i < 200_000; i++) clean = [clean];
    expect(findUnstorableText({ status: clean })).toBeNull();
  });
});

describe.each(DIALECTS)('text no database can hold, on every route (%s)', (dialect) => {
  let s: TestServer;
  let routes: RouteEntry[];
  let admin: Awaited<ReturnType<typeof staffUser>>;
  // Valid values for every other field, so that the one carrying the probe gets past validation to the use case.
  let ids: Record<string, string> & { accounts: string };
  let tokens: Record<string, string>;
  let bodies: Record<string, Record<string, string | number | boolean>>;
  let queries: Record<string, Record<string, string>>;

  beforeAll(async () => {
    s = await testServer(dialect);
    admin = await staffUser(s, 'admin');
    const app = await registerApp(s);
    const someone = await citizen(s);
    const applicant = await citizen(s);
    const organ = await verifiedOrgan(s, admin.token);
    const post = await s.call('POST', '/api/v1/statuses', { token: organ.token, body: { status: 'probe target' } });
    const req = await s.call('POST', '/api/v1/gov/requests', { token: someone.token, body: { account_id: organ.id, category: 'inquiry', text: '请问', visibility: 'public' } });
    await s.call('POST', `/api/v1/gov/requests/${req.json.id}/accept`, { token: organ.token });
    ids = { statuses: post.json.id, requests: req.json.id, verifications: organ.verificationId, accounts: organ.id };
    const client = { client_id: app.clientId, client_secret: app.clientSecret };
    const authorize = { response_type: 'code', client_id: app.clientId, redirect_uri: 'urn:ietf:wg:oauth:2.0:oob', scope: 'read' };
    tokens = {
      'POST /api/v1/accounts': app.appToken,
      'POST /api/v1/gov/requests': someone.token,
      'POST /api/v1/gov/requests/:id/rate': someone.token,
      'POST /api/v1/gov/requests/:id/respond': organ.token,
      'POST /api/v1/gov/verifications': applicant.token,
      'POST /api/v1/gov/accounts/:id/operators': organ.token,
    };
    bodies = {
      'POST /api/v1/apps': { client_name: 'x', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob' },
      'POST /oauth/token': { grant_type: 'client_credentials', ...client },
      'POST /oauth/revoke': { ...client, token: 'x' },
      'POST /oauth/authorize': { ...authorize, login: admin.username, password: 'x' },
      'POST /api/v1/accounts': { username: 'probe', email: 'probe@example.cn', password: 'correct horse 1', agreement: true, locale: 'zh-CN' },
      'POST /api/v1/statuses': { status: 'x' },
      'POST /api/v1/gov/verifications': institutionApplication(),
      'POST /api/v1/gov/requests': { account_id: organ.id, category: 'inquiry', text: 'x', visibility: 'public' },
      'POST /api/v1/gov/requests/:id/respond': { text: 'x' },
      'POST /api/v1/gov/requests/:id/rate': { score: 5 },
      'POST /api/v1/gov/accounts/:id/operators': { account_id: someone.id },
    };
    queries = {
      'GET /oauth/authorize': authorize,
      'GET /api/v1/accounts/lookup': { acct: admin.username },
      'GET /api/v1/accounts/relationships': { id: organ.id },
    };
    routes = s.app.routeTable.filter((r) => !r.url.startsWith('/docs'));
  });
  afterAll(async () => {
    await s?.close();
  });

  const inject = async (route: RouteEntry, opts: InjectOptions): Promise<Answer> => {
    const token = tokens[`${route.method} ${route.url}`] ?? admin.token;
    const res = await s.app.inject({ ...opts, headers: { authorization: `Bearer ${token}`, ...(opts.headers ?? {}) } });
    let json: unknown;
    try {
      json = JSON.parse(res.body);
    } catch {
      json = undefined;
    }
    return { status: res.statusCode, json, body: res.body };
  };

  /** The route's URL with every path parameter valid, except `bad` which carries `value`. */
  const urlOf = (route: RouteEntry, bad?: string, value = NUL) =>
    route.url.replace(/:([A-Za-z_]+)|\*/g, (_m, name: string | undefined) => {
      const param = name ?? '*';
      if (param === bad) return encodeURIComponent(value);
      if (param === 'handle') return admin.username;
      if (param === 'hashtag' || param === 'tag' || param === '*') return 'x';
      if (param === 'id') return ids[/^\/api\/v\d\/(?:gov\/)?(\w+)/.exec(route.url)?.[1] ?? ''] ?? ids.accounts;
      return ids.accounts;
    });

  /** Every place a route takes text: each path parameter, query parameter and body field (JSON, form, multipart), declared or not. */
  async function probes(route: RouteEntry, value: string, encodings: ('json' | 'form' | 'multipart')[], inUrl = true) {
    const key = `${route.method} ${route.url}`;
    const baseQuery = queries[key] ?? {};
    const qs = (extra: Record<string, string> = {}) => {
      const q = new URLSearchParams(Object.entries({ ...baseQuery, ...extra })).toString();
      return q ? `?${q}` : '';
    };
    const out: { where: string; field: string; res: Answer }[] = [];
    for (const p of inUrl ? pathParams(route.url) : []) {
      out.push({ where: `path ${p}`, field: p, res: await inject(route, { method: route.method as 'GET', url: urlOf(route, p, value) + qs() }) });
    }
    for (const q of inUrl ? [...declaredKeys(route.schema?.querystring), 'probe'] : []) {
      out.push({ where: `query ${q}`, field: q, res: await inject(route, { method: route.method as 'GET', url: urlOf(route) + qs({ [q]: value }) }) });
    }
    if (route.method === 'GET') return out;
    const base = bodies[key] ?? {};
    const send = async (enc: 'json' | 'form' | 'multipart', field: string, jsonBody: Record<string, unknown>) => {
      const flat = Object.fromEntries(Object.entries({ ...base, [field]: value }).map(([k, v]) => [k, String(v)]));
      let payload: string | Buffer;
      let type: string;
      if (enc === 'json') {
        payload = JSON.stringify({ ...base, ...jsonBody });
        type = 'application/json';
      } else if (enc === 'form') {
        payload = new URLSearchParams(Object.entries(flat)).toString();
        type = 'application/x-www-form-urlencoded';
      } else {
        const m = await multipartBody(flat);
        payload = m.payload;
        type = m.contentType;
      }
      out.push({ where: `${enc} body ${field}`, field, res: await inject(route, { method: route.method as 'POST', url: urlOf(route), payload, headers: { 'content-type': type } }) });
    };
    for (const f of [...declaredKeys(route.schema?.body), 'probe']) {
      for (const enc of encodings) await send(enc, f, { [f]: value });
    }
    // Nested fields, as Mastodon's profile fields arrive: named by their whole path.
    for (const enc of encodings) await send(enc, 'fields_attributes[0][value]', { fields_attributes: [{ name: 'x', value }] });
    return out;
  }

  it('walks the routes it means to', () => {
    expect(routes.length).toBeGreaterThan(70);
    for (const r of ['POST /api/v1/statuses', 'POST /oauth/authorize', 'GET /api/v1/timelines/tag/:hashtag', 'GET /tags/:tag', 'PATCH /api/v1/accounts/update_credentials']) {
      expect(routes.map((x) => `${x.method} ${x.url}`)).toContain(r);
    }
  });

  it('refuses U+0000 in every path parameter, query parameter and body field with a 4xx naming it, never a 5xx', async () => {
    const serverErrors: string[] = [];
    const unnamed: string[] = [];
    let count = 0;
    for (const route of routes) {
      for (const p of await probes(route, NUL, ['json', 'form', 'multipart'])) {
        count += 1;
        const what = `${route.method} ${route.url} ${p.where}`;
        if (p.res.status >= 500) serverErrors.push(`${what}: ${p.res.status} ${p.res.body.slice(0, 120)}`);
        else if (!namesField(p.res, p.field)) unnamed.push(`${what}: ${p.res.status} ${p.res.body.slice(0, 120)}`);
      }
    }
    expect(count).toBeGreaterThan(400);
    expect(serverErrors).toEqual([]);
    expect(unnamed).toEqual([]);
  }, 300_000);

  it('still keeps what a database can hold, as sent: emoji, control characters other than NUL', async () => {
    const text = '政务 😀 \u0001\u001f\u007f\ufffd';
    const res = await s.call('POST', '/api/v1/statuses', { token: admin.token, body: { status: text } });
    expect(res.status, res.body).toBe(200);
    const row = await s.ctx.db.selectFrom('statuses').select('text').where('id', '=', Number(res.json.id)).executeTakeFirstOrThrow();
    expect(row.text).toBe(text);
  });

  it('answers a missing token with 401 before refusing NUL in the body', async () => {
    const res = await s.call('POST', '/api/v1/statuses', { body: { status: NUL } });
    expect([res.status, res.json.code]).toEqual([401, 'token_required']);
  });

  it('refuses U+0000 in HTTP Basic client credentials at /oauth/token and /oauth/revoke, naming the field', async () => {
    for (const url of ['/oauth/token', '/oauth/revoke']) {
      for (const [pair, field] of [[`${NUL}:secret`, 'client_id'], [`${bodies['POST /oauth/token']?.client_id}:${NUL}`, 'client_secret']] as const) {
        const basic = `Basic ${Buffer.from(pair).toString('base64')}`;
        const res = await s.call('POST', url, { headers: { authorization: basic }, form: { grant_type: 'client_credentials', token: 'x' } });
        expect(namesField(res, field), `${url} ${field}: ${res.status} ${res.body}`).toBe(true);
      }
    }
  });

  it('refuses a lone surrogate in every JSON body field the same way', async () => {
    const wrong: string[] = [];
    const serverErrors: string[] = [];
    for (const route of routes) {
      // URLs, forms and multipart carry bytes, and a lone surrogate has none in UTF-8: only JSON's \u escapes can send one.
      for (const p of await probes(route, LONE, ['json'], false)) {
        if (p.res.status >= 500) serverErrors.push(`${route.method} ${route.url} ${p.where}: ${p.res.status}`);
        if (!namesField(p.res, p.field)) wrong.push(`${route.method} ${route.url} ${p.where}: ${p.res.status} ${p.res.body.slice(0, 120)}`);
      }
    }
    expect(serverErrors).toEqual([]);
    expect(wrong).toEqual([]);
  }, 300_000);
});
