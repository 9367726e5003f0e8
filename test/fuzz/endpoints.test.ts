import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizen, staffUser, tokenWithScopes, verifiedOrgan } from '../factories.js';
import { DIALECTS } from '../dialects.js';
import { type TestServer, testServer } from '../http.js';
import { HTML_AS_JPEG, SVG_FILE, ZERO_BYTES, animatedGif, hugeDimensionsPng, photoJpeg, pngBomb, truncatedJpeg } from '../images.js';

/** Text PostgreSQL cannot store (U+0000) or UTF-8 cannot encode (lone surrogates, which only JSON carries as sent). */
const UNSTORABLE = ['\u0000', 'a\u0000b', '政\u0000务', '\ud800', 'x\udfff', '\ud83d'];

/** Search queries as a hostile or clumsy client sends them: FTS and LIKE syntax, control characters, very long text. */
const searchText = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('"', '""', '*', '公安*', 'NEAR(公安 北京)', 'NEAR(', '-公安', '^', '^公', 'a OR b', '%', '_', '\\', "'", '\u0001\u0002\u001f', '公安', '公', '#平安', '@', '@a@b', 'http://127.0.0.1/@x/1', 'x'.repeat(10_000), '公'.repeat(10_000), '\u200b\u202e'),
  fc.array(fc.constantFrom('公', '安', '"', '*', ' ', '(', ')', '-', '^', ':', 'a', '%', '\u0007'), { maxLength: 40 }).map((cs) => cs.join('')),
);
/** The streaming API's event-stream routes (all of /api/v1/streaming/ but the health check). */
function isEventStream(url: string): boolean {
  return url.startsWith('/api/v1/streaming/') && url !== '/api/v1/streaming/health';
}

/** Whether a generated input holds any of them, anywhere. */
function holdsUnstorable(v: unknown): boolean {
  if (typeof v === 'string') return /\u0000|\p{Cs}/u.test(v);
  if (v && typeof v === 'object') return Object.entries(v).some(([k, x]) => holdsUnstorable(k) || holdsUnstorable(x));
  return false;
}

/**
 * Every route of the provider, fed with generated bodies, query strings and
 * headers: whatever arrives, the answer is never a 5xx and the server stays up.
 */
describe.each(DIALECTS)('fuzzing every endpoint (%s)', (dialect) => {
  let s: TestServer;
  let routes: { method: string; url: string }[];
  let tokens: string[];
  const ids: string[] = [];
  /** Files an upload may carry: good ones, and broken or hostile ones. */
  let files: { name: string; type: string; data: Buffer }[];

  beforeAll(async () => {
    s = await testServer(dialect, { federation: true });
    // Every registered route, those left out of the API docs too (the sign-in form, the web pages).
    // The event streams answer for as long as the client listens, so inject() would wait for ever:
    // src/http/routes/mastodon/streaming.fuzz.test.ts fuzzes them over a real connection.
    routes = s.app.routeTable.filter((r) => !r.url.startsWith('/docs') && !isEventStream(r.url)).map(({ method, url }) => ({ method, url }));
    const reviewer = await staffUser(s, 'reviewer');
    const admin = await staffUser(s, 'admin');
    const someone = await citizen(s);
    const organ = await verifiedOrgan(s, reviewer.token);
    const post = await s.call('POST', '/api/v1/statuses', { token: organ.token, body: { status: 'fuzz target #测试#' } });
    const req = await s.call('POST', '/api/v1/gov/requests', { token: someone.token, body: { account_id: organ.id, category: 'inquiry', text: '请问', visibility: 'public' } });
    // A status with a poll, so that the poll routes and edits of a poll are fuzzed past their 404.
    const ballot = await s.call('POST', '/api/v1/statuses', { token: organ.token, body: { status: 'fuzz poll', poll: { options: ['甲', '乙'], expires_in: 3600 } } });
    ids.push(ballot.json.id, ballot.json.poll.id);
    // A report in the moderation queue, so that its routes are fuzzed on one that exists too.
    const report = await s.call('POST', '/api/v1/reports', { token: someone.token, body: { account_id: organ.id, status_ids: [post.json.id], category: 'spam' } });
    ids.push(report.json.id);
    ids.push(organ.id, someone.id, post.json.id, req.json.id, organ.verificationId, '1', '0', '999999999999', 'ungrouped-1', `favourite-${post.json.id}-1`, 'follow-999999999', 'reblog-x-1');
    // A token with the push scope too, so that the push routes are fuzzed past their 403.
    tokens = [reviewer.token, admin.token, someone.token, organ.token, await tokenWithScopes(s, someone.id, ['read', 'write', 'push'])];
    const media = await s.call('POST', '/api/v2/media', { token: organ.token, multipart: { file: { data: await photoJpeg(64, 48), name: 'a.jpg', type: 'image/jpeg' } } });
    ids.push(media.json.id);
    files = [
      { name: 'photo.jpg', type: 'image/jpeg', data: await photoJpeg(640, 480, 6) },
      { name: 'cut.jpg', type: 'image/jpeg', data: await truncatedJpeg() },
      { name: 'bomb.png', type: 'image/png', data: pngBomb() },
      { name: 'huge.png', type: 'image/png', data: hugeDimensionsPng() },
      { name: 'x.svg', type: 'image/svg+xml', data: SVG_FILE },
      { name: 'page.jpg', type: 'image/jpeg', data: HTML_AS_JPEG },
      { name: 'empty.jpg', type: 'image/jpeg', data: ZERO_BYTES },
      { name: 'moving.gif', type: 'image/gif', data: await animatedGif() },
      { name: 'junk.bin', type: 'application/octet-stream', data: Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 131) % 256)) },
    ];
  });
  afterAll(async () => {
    await s?.close();
  });

  it('knows the routes it fuzzes', () => {
    expect(routes.length).toBeGreaterThan(50);
  });

  it('search answers hostile queries without a 5xx', async () => {
    const routes = ['/api/v2/search', '/api/v1/accounts/search'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), searchText, fc.constantFrom('', 'accounts', 'statuses', 'hashtags', 'people'), fc.constantFrom(...tokens, undefined), fc.constantFrom('', 'true', 'false', '1', 'x'), fc.constantFrom('', '0', '5', '-1', '40', '100000', 'z'), async (route, q, type, token, flag, num) => {
        const qs = new URLSearchParams({ q, ...(type ? { type } : {}), ...(flag ? { resolve: flag, following: flag } : {}), ...(num ? { limit: num, offset: num } : {}) }).toString();
        const res = await s.call('GET', `${route}?${qs}`, token ? { token } : {});
        if (res.status >= 500) throw new Error(`${route}?${qs} answered ${res.status}: ${res.body.slice(0, 300)}`);
      }),
      { numRuns: 600, seed: 20121220 },
    );
  }, 120_000);

  it('answers 10,000 generated requests without a single 5xx', async () => {
    const pathParam = fc.oneof(
      fc.constantFrom(...ids),
      fc.string({ maxLength: 30 }),
      fc.constantFrom('-1', '1e9', '0x10', '%00', '..%2f..', 'null', '[]', '9'.repeat(40), '中文'),
      // Lone surrogates cannot be put in a URL at all; NUL can (%00).
      fc.constantFrom(...UNSTORABLE.filter((t) => !/\p{Cs}/u.test(t))),
    );
    const unstorable = fc.oneof(fc.constantFrom(...UNSTORABLE), fc.tuple(fc.string({ maxLength: 10 }), fc.constantFrom(...UNSTORABLE), fc.string({ maxLength: 10 })).map((p) => p.join('')));
    const scalar = fc.oneof(fc.string({ maxLength: 40 }), unstorable, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom(...ids), fc.constantFrom('public', 'direct', 'institutional', 'individual', 'government', 'county', 'staff', 'inquiry', '2012-12-20', '110000'));
    const value = fc.oneof({ depthSize: 'small' }, scalar, fc.array(scalar, { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 10 }), scalar, { maxKeys: 4 }));
    const fieldNames = fc.constantFrom('status', 'visibility', 'in_reply_to_id', 'scheduled_at', 'kind', 'organ', 'organ_name', 'level', 'region_code', 'credit_code', 'rank', 'position', 'verification', 'evidence', 'account_id', 'category', 'text', 'score', 'reason', 'username', 'email', 'password', 'agreement', 'locale', 'client_name', 'redirect_uris', 'scopes', 'grant_type', 'client_id', 'client_secret', 'code', 'limit', 'max_id', 'min_id', 'since_id', 'offset', 'from', 'to', 'state', 'types[]', 'id[]', '__proto__', 'constructor', 'fields_attributes[0][value]', 'na\u0000me', 'subscription', 'data', 'policy', 'subscription[endpoint]', 'subscription[keys][p256dh]', 'subscription[keys][auth]', 'data[alerts][mention]', 'data[policy]', 'allowed_mentions', 'allowed_mentions[]', 'fields_attributes', 'home', 'notifications', 'home[last_read_id]', 'notifications[last_read_id]', 'timeline[]', 'grouped_types[]', 'exclude_types[]', 'expand_accounts', 'q', 'type', 'resolve', 'following', 'exclude_unreviewed', 'poll', 'poll[options][]', 'poll[expires_in]', 'poll[multiple]', 'choices', 'choices[]', 'media_attributes', 'media_ids', 'spoiler_text', 'sensitive', 'language');
    const body = fc.oneof(fc.dictionary(fieldNames, value, { maxKeys: 8 }), value);
    const query = fc.dictionary(fieldNames, fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom(...ids), fc.constant('true'), fc.constant('-5'), unstorable, searchText), { maxKeys: 4 });
    const encoding = fc.constantFrom('json', 'form', 'multipart', 'upload', 'raw', 'none');
    const upload = fc.record({ field: fc.constantFrom('file', 'avatar', 'header', 'thumbnail', 'status'), file: fc.nat(100), twice: fc.boolean() });
    const auth = fc.oneof(fc.constantFrom(...tokens).map((t) => `Bearer ${t}`), fc.constant(undefined), fc.constantFrom('Bearer', 'Bearer x', 'Basic Og==', 'Basic %%%', 'bearer  ' + 'y'.repeat(300)));

    let count = 0;
    let unstorableSent = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.nat(routes.length - 1), pathParam, pathParam, body, query, encoding, auth, upload, async (r, p1, p2, b, q, enc, authorization, up) => {
        const route = routes[r] as { method: string; url: string };
        let n = 0;
        const url = route.url.replace(/\{[^}]+\}|:[a-z_]+/gi, () => encodeURIComponent(n++ === 0 ? p1 : p2));
        const qs = new URLSearchParams(Object.entries(q).map(([k, v]): [string, string] => [k, String(v)])).toString();
        const headers: Record<string, string> = {};
        if (authorization) headers.authorization = authorization;
        if (p2.length % 3 === 0) headers['idempotency-key'] = p1;
        let payload: string | Buffer | undefined;
        if (route.method !== 'GET' && enc !== 'none') {
          if (enc === 'json') {
            headers['content-type'] = 'application/json';
            payload = JSON.stringify(b);
          } else if (enc === 'form') {
            headers['content-type'] = 'application/x-www-form-urlencoded';
            payload = new URLSearchParams(b && typeof b === 'object' ? Object.entries(b).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : (JSON.stringify(v) ?? '')]) : []).toString();
          } else if (enc === 'multipart' || enc === 'upload') {
            const fd = new FormData();
            if (enc === 'upload') {
              const f = files[up.file % files.length] as (typeof files)[number];
              for (let i = 0; i < (up.twice ? 2 : 1); i++) fd.append(up.field, new Blob([new Uint8Array(f.data)], { type: f.type }), f.name);
            }
            if (b && typeof b === 'object') for (const [k, v] of Object.entries(b)) fd.append(k, typeof v === 'string' ? v : JSON.stringify(v) ?? '');
            const res = new Response(fd);
            headers['content-type'] = res.headers.get('content-type') as string;
            payload = Buffer.from(await res.arrayBuffer());
          } else {
            headers['content-type'] = 'application/json';
            payload = JSON.stringify(b).slice(0, -1);
          }
        }
        const res = await s.app.inject({ method: route.method as 'GET', url: qs ? `${url}?${qs}` : url, headers, ...(payload !== undefined ? { payload } : {}) });
        count += 1;
        if (holdsUnstorable([p1, p2, b, q])) unstorableSent += 1;
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        if (res.statusCode >= 500) throw new Error(`${route.method} ${url}?${qs} (${enc}) answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
      }),
      { numRuns: 10_000, seed: 20121220 },
    );
    expect(count).toBe(10_000);
    // NUL and lone surrogates are a good share of what was sent, on both dialects.
    expect(unstorableSent).toBeGreaterThan(1000);
    // The server is still there, and still right.
    expect((await s.call('GET', '/api/v2/instance')).status).toBe(200);
    expect([...statuses.keys()].every((k) => k < 500)).toBe(true);
    // The generator reaches past the doors: successes and validation failures both happen, not only 401s and 404s.
    for (const code of [200, 401, 404, 422]) expect(statuses.get(code) ?? 0, `answers with ${code}`).toBeGreaterThan(100);
  }, 600_000);

  it('answers every upload route, with every file under every file field, without a 5xx', async () => {
    const uploads = routes.filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method) && /media|update_credentials/.test(r.url));
    expect(uploads.length).toBeGreaterThanOrEqual(4);
    const seen = new Set<number>();
    for (const route of uploads) {
      const url = route.url.replace(/:[a-z_]+/gi, ids[ids.length - 1] as string);
      for (const field of ['file', 'avatar', 'header']) {
        for (const f of files) {
          const fd = new FormData();
          fd.append(field, new Blob([new Uint8Array(f.data)], { type: f.type }), f.name);
          fd.append('description', '说明');
          const res = new Response(fd);
          const r = await s.app.inject({ method: route.method as 'POST', url, headers: { authorization: `Bearer ${tokens[3]}`, 'content-type': res.headers.get('content-type') as string }, payload: Buffer.from(await res.arrayBuffer()) });
          seen.add(r.statusCode);
          expect(r.statusCode, `${route.method} ${url} ${field}=${f.name}: ${r.body.slice(0, 200)}`).toBeLessThan(500);
        }
      }
    }
    expect(seen.has(200) && seen.has(422)).toBe(true);
  }, 120_000);
});
