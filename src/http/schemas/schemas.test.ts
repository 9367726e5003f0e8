import { readFile } from 'node:fs/promises';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { testConfig } from '../../app/config.js';
import { API_TYPES_FILE, apiTypesSource } from '../../../scripts/api-types.js';
import { testServer, type TestServer } from '../../../test/http.js';
import { errorHandler } from '../plugins/errors.js';
import { checkPrerenderedAnswers, responseIssues, responseSerializerCompiler } from './check.js';
import { AccountSchema } from './accounts.js';
import { apiRegistry } from './registry.js';

/** Routes that answer no JSON of ours: swagger-ui's own pages and files. */
const NOT_OURS = /^\/docs(\/|$)/;

describe('every route declares its answers', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer('sqlite');
  });
  afterAll(async () => {
    await s?.close();
  });

  it('has a 2xx response schema on every route (HTML and file routes with their content type)', () => {
    const missing: string[] = [];
    for (const r of s.app.declaredRoutes) {
      if (NOT_OURS.test(r.url)) continue;
      // @fastify/cors answers every preflight with an empty 204 (src/http/plugins/cors.ts).
      if (r.method === 'OPTIONS' && r.url === '*') continue;
      const response = (r.schema as { response?: Record<string, unknown> } | undefined)?.response ?? {};
      const ok = Object.entries(response).some(([code, schema]) => /^2(\d\d|xx)$/i.test(code) && (schema instanceof z.ZodType || (typeof schema === 'object' && schema !== null && 'content' in schema)));
      // A redirect-only route declares its 3xx instead.
      const redirect = Object.keys(response).some((code) => /^3\d\d$/.test(code));
      if (!ok && !redirect) missing.push(`${String(r.method)} ${r.url}`);
    }
    expect(missing).toEqual([]);
    expect(s.app.declaredRoutes.length).toBeGreaterThan(60);
  });

  it('describes every answer in /docs/json with named components', async () => {
    const res = await s.call('GET', '/docs/json');
    expect(res.status).toBe(200);
    const doc = res.json as { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>; components: { schemas: Record<string, unknown> } };
    for (const name of ['Account', 'CredentialAccount', 'Status', 'Relationship', 'Notification', 'Conversation', 'Instance', 'Application', 'Token', 'Verification', 'ServiceRequest', 'ServiceStats', 'Analytics', 'AuditEntry', 'CensusRecord', 'CensusReport', 'Error']) {
      expect(doc.components.schemas, name).toHaveProperty([name]);
    }
    expect(Object.keys(doc.components.schemas).filter((k) => k.endsWith('Input'))).toEqual([]);
    const undocumented: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const codes = Object.keys(op.responses ?? {});
        if (!codes.some((c) => /^2/.test(c))) undocumented.push(`${method} ${path}`);
        if (!codes.includes('4XX') && !codes.some((c) => /^4\d\d$/.test(c))) undocumented.push(`${method} ${path} (no error answer)`);
      }
    }
    expect(undocumented).toEqual([]);
    expect(JSON.stringify(doc.paths['/api/v1/timelines/home'])).toContain('#/components/schemas/Status');
  });

  it('checks every answer in tests: testConfig turns checkResponses on, the default config leaves it off', () => {
    expect(testConfig().checkResponses).toBe(true);
  });
});

describe('the response check', () => {
  const Item = z.object({ id: z.string(), nested: z.object({ n: z.number() }) });

  async function appWith(check: boolean, answer: unknown, sendAsBuffer = false): Promise<{ app: FastifyInstance; logs: string[] }> {
    const logs: string[] = [];
    const app = Fastify({ logger: { level: 'error', stream: { write: (line: string) => void logs.push(line) } } });
    app.setSerializerCompiler(responseSerializerCompiler(check));
    app.setErrorHandler(errorHandler);
    if (check) checkPrerenderedAnswers(app);
    app.get('/item', { schema: { response: { 200: Item } } }, async (_req, reply) =>
      sendAsBuffer ? reply.type('application/json; charset=utf-8').send(Buffer.from(JSON.stringify(answer))) : answer,
    );
    await app.ready();
    return { app, logs };
  }

  it('fails with a 500 naming the route and the path of an unknown key, at any depth', async () => {
    const { app, logs } = await appWith(true, { id: '1', nested: { n: 1, leaked: 'secret' } });
    const res = await app.inject({ method: 'GET', url: '/item' });
    expect(res.statusCode).toBe(500);
    expect(res.json().code).toBe('internal');
    expect(logs.join('\n')).toContain('GET /item');
    expect(logs.join('\n')).toContain('nested.leaked');
    await app.close();
  });

  it('fails on a missing or mistyped field, naming its path', async () => {
    const { app, logs } = await appWith(true, { id: 1, nested: {} });
    expect((await app.inject({ method: 'GET', url: '/item' })).statusCode).toBe(500);
    expect(logs.join('\n')).toMatch(/id: .*nested\.n: /s);
    await app.close();
  });

  it('checks answers sent as ready-made JSON bytes too', async () => {
    const bad = await appWith(true, { id: '1', nested: { n: 1 }, extra: true }, true);
    expect((await bad.app.inject({ method: 'GET', url: '/item' })).statusCode).toBe(500);
    expect(bad.logs.join('\n')).toContain('extra: unrecognized key');
    await bad.app.close();
    const good = await appWith(true, { id: '1', nested: { n: 1 } }, true);
    expect((await good.app.inject({ method: 'GET', url: '/item' })).statusCode).toBe(200);
    await good.app.close();
  });

  it('in production neither strips nor validates: the answer goes out as JSON.stringify makes it', async () => {
    const answer = { id: 1, nested: { n: 1, leaked: 'kept' } };
    const { app } = await appWith(false, answer);
    const res = await app.inject({ method: 'GET', url: '/item' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(answer);
    await app.close();
  });

  it('treats an open (loose) object as open, and a strict schema as strict', () => {
    expect(responseIssues(z.looseObject({ a: z.number() }), { a: 1, b: 2 })).toEqual([]);
    expect(responseIssues(z.array(AccountSchema.pick({ id: true })), [{ id: '1' }, { id: '2', x: 1 }])).toEqual(['1.x: unrecognized key']);
  });
});

describe('the web UI types', () => {
  it('web/src/api-types.ts is what `npm run api-types` generates now', async () => {
    const committed = await readFile(API_TYPES_FILE, 'utf8');
    const fresh = await apiTypesSource();
    expect(committed === fresh, 'web/src/api-types.ts is stale: run npm run api-types').toBe(true);
  });
});
