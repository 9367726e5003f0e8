import fc from 'fast-check';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen } from '../../../../test/factories.js';
import { type TestServer, listeningServer } from '../../../../test/http.js';

/**
 * The streaming routes under generated input, over real connections (an event
 * stream never ends, so the general fuzz test's inject() cannot drive them):
 * no answer is a 5xx, no message takes the server down.
 */
describe.each(DIALECTS)('fuzzing the streaming API (%s)', (dialect) => {
  let s: TestServer & { url: string };
  let tokens: string[];

  beforeAll(async () => {
    s = await listeningServer(dialect);
    const a = await citizen(s);
    const b = await citizen(s);
    tokens = [a.token, b.token];
    await s.call('POST', '/api/v1/statuses', { token: a.token, body: { status: '#测试# fuzz' } });
  });
  afterAll(async () => {
    await s?.close();
  });

  const paths = ['/user', '/user/notification', '/public', '/public/local', '/public/remote', '/hashtag', '/hashtag/local', '/list', '/direct', '/health', '', '/nope', '/user/x'].map((p) => `/api/v1/streaming${p}`);
  const text = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('测试', '#测试#', '', '1', '-1', '%00', 'true', 'x'.repeat(300)));

  it('event-stream routes: 400 generated requests, no 5xx', async () => {
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), fc.dictionary(fc.constantFrom('tag', 'list', 'only_media', 'access_token', 'stream', 'x'), text, { maxKeys: 4 }), fc.oneof(fc.constantFrom(...tokens).map((t) => `Bearer ${t}`), fc.constant(undefined), fc.constantFrom('Bearer', 'Bearer x', 'Basic Og==')), async (path, q, authorization) => {
        const qs = new URLSearchParams(q).toString();
        const ac = new AbortController();
        const res = await fetch(`${s.url}${path}${qs ? `?${qs}` : ''}`, { headers: authorization ? { authorization } : {}, signal: ac.signal });
        seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
        ac.abort();
        if (res.status >= 500) throw new Error(`${path}?${qs} answered ${res.status}`);
      }),
      { numRuns: 400, seed: 20121220 },
    );
    expect((seen.get(200) ?? 0) > 20 && (seen.get(401) ?? 0) > 20 && (seen.get(400) ?? 0) > 5).toBe(true);
  }, 120_000);

  it('WebSocket upgrades and messages: generated ones, no 5xx, the server stays up', async () => {
    const json = fc.jsonValue({ maxDepth: 3 });
    const message = fc.oneof(
      fc.record({ type: fc.constantFrom('subscribe', 'unsubscribe', 'other'), stream: fc.oneof(fc.constantFrom('user', 'user:notification', 'public', 'public:local', 'public:remote:media', 'hashtag', 'hashtag:local', 'list', 'direct', 'nope'), json), tag: fc.oneof(text, json), list: fc.oneof(text, json) }, { requiredKeys: ['type'] }).map((m) => JSON.stringify(m)),
      json.map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 50 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/api/v1/streaming', '/api/v1/streaming/', '/api/v1/streaming/user', '/x'),
        fc.dictionary(fc.constantFrom('stream', 'tag', 'list', 'access_token'), text, { maxKeys: 3 }),
        fc.oneof(fc.constantFrom(...tokens), fc.constant(undefined), fc.constant('nope')),
        fc.array(message, { maxLength: 6 }),
        async (path, q, token, messages) => {
          const url = new URL(path, s.url.replace(/^http/, 'ws'));
          for (const [k, v] of Object.entries(q)) url.searchParams.set(k, v);
          const ws = new WebSocket(url, token ? [token] : []);
          const outcome = await new Promise<{ status?: number; open?: boolean }>((resolve) => {
            ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode }));
            ws.on('open', () => resolve({ open: true }));
            ws.on('error', () => resolve({}));
          });
          if (outcome.status !== undefined && outcome.status >= 500) throw new Error(`${url} refused with ${outcome.status}`);
          if (outcome.open) {
            for (const m of messages) ws.send(m);
            await new Promise((r) => setTimeout(r, 5));
          }
          ws.terminate();
        },
      ),
      { numRuns: 200, seed: 20121220 },
    );
    const health = await fetch(`${s.url}/api/v1/streaming/health`);
    expect(await health.text()).toBe('OK');
  }, 120_000);
});
