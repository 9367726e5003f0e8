import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer } from '../../../../test/http.js';

describe('GET /api/v1/gov/census/report', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'govblog-census-route-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is 404 when the provider names no report', async () => {
    const s = await testServer('sqlite');
    const res = await s.call('GET', '/api/v1/gov/census/report');
    expect(res.status).toBe(404);
    expect(res.json.error).toEqual(expect.any(String));
    await s.close();
  });

  it('is 404 while the named report has not been written', async () => {
    const s = await testServer('sqlite', { reportPath: join(dir, 'missing.json') });
    const res = await s.call('GET', '/api/v1/gov/census/report');
    expect(res.status).toBe(404);
    expect(res.json.code).toBe('not_found');
    await s.close();
  });

  it('is 503 when the file is not JSON (a report half written)', async () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{"cutoff":');
    const s = await testServer('sqlite', { reportPath: path });
    const res = await s.call('GET', '/api/v1/gov/census/report');
    expect(res.status).toBe(503);
    await s.close();
  });

  it('answers the report as written, publicly, and a rewrite without a restart', async () => {
    const path = join(dir, 'report.json');
    writeFileSync(path, JSON.stringify({ cutoff: '2012-12-20', total: 176714 }));
    const s = await testServer('sqlite', { reportPath: path });
    const first = await s.call('GET', '/api/v1/gov/census/report');
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ cutoff: '2012-12-20', total: 176714 });
    writeFileSync(path, JSON.stringify({ cutoff: '2013-12-20', total: 200000 }));
    expect((await s.call('GET', '/api/v1/gov/census/report')).json.total).toBe(200000);
    await s.close();
  });
});
