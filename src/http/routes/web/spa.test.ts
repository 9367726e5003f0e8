import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responseSerializerCompiler } from '../../schemas/check.js';
import { SPA_CSP, spaRoutes } from './spa.js';

/** The SPA routes against a build of our own making, so the test needs no `vite build`. */
async function appServing(root: string) {
  const app = Fastify();
  // The routes declare their answers as zod schemas, which the app's own serializer reads (checking them, as in every test).
  app.setSerializerCompiler(responseSerializerCompiler(true));
  await app.register(spaRoutes, { root });
  await app.ready();
  return app;
}

describe('the web UI routes', () => {
  let built: string;
  let empty: string;
  beforeAll(() => {
    built = mkdtempSync(join(tmpdir(), 'govblog-spa-'));
    mkdirSync(join(built, 'assets'));
    writeFileSync(join(built, 'index.html'), '<!doctype html><title>ui</title>');
    writeFileSync(join(built, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(built, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    empty = mkdtempSync(join(tmpdir(), 'govblog-spa-empty-'));
  });
  afterAll(() => {
    rmSync(built, { recursive: true, force: true });
    rmSync(empty, { recursive: true, force: true });
  });

  it('answers 503 with a JSON error naming the fix when the UI has not been built', async () => {
    const app = await appServing(empty);
    const res = await app.inject({ method: 'GET', url: '/web/' });
    expect(res.statusCode).toBe(503);
    expect(res.json().error).toMatch(/npm run build/);
    await app.close();
  });

  it('refuses files outside the build and unknown assets', async () => {
    const app = await appServing(built);
    for (const url of ['/web/assets/nope.js', '/web/assets/../../etc/passwd', '/web/assets/%2e%2e%2fsecret']) {
      expect((await app.inject({ method: 'GET', url })).statusCode).toBe(404);
    }
    await app.close();
  });

  it('redirects / to /web/ and serves index.html for every client route with the CSP', async () => {
    const app = await appServing(built);
    const root = await app.inject({ method: 'GET', url: '/' });
    expect(root.statusCode).toBe(302);
    expect(root.headers.location).toBe('/web/');
    for (const url of ['/web', '/web/', '/web/@pingan_bj', '/web/requests/12', '/web/census']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toContain('<title>ui</title>');
      expect(res.headers['content-security-policy']).toBe(SPA_CSP);
      expect(res.headers['cache-control']).toBe('no-cache');
    }
    await app.close();
  });

  it('serves hashed assets for good and top-level files briefly', async () => {
    const app = await appServing(built);
    const js = await app.inject({ method: 'GET', url: '/web/assets/index-abc123.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['cache-control']).toContain('immutable');
    const icon = await app.inject({ method: 'GET', url: '/web/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toContain('image/svg+xml');
    await app.close();
  });
});
