import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../app/clock.js';
import { annualReportJobHandler } from '../../../annual-reports/generate-annual-report.js';
import { startJobRunner } from '../../../jobs/runner.js';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, staffUser, tokenWithScopes, verifiedOrgan } from '../../../../test/factories.js';
import { type TestServer, testServer } from '../../../../test/http.js';

describe.each(DIALECTS)('annual reports /api/v1/annual_reports (%s)', (dialect) => {
  let s: TestServer;
  const clock = fixedClock('2026-12-15T08:00:00Z');
  let poster: { token: string; id: string };
  let fan: { token: string; id: string };
  let quiet: { token: string; id: string };
  let organ: { token: string; id: string };
  let liked: string;
  const runJobs = async () => {
    const runner = startJobRunner(s.ctx, [annualReportJobHandler], { start: false });
    await runner.runDue();
    await runner.stop();
  };
  const state = async (token: string, year = '2026') => (await s.call('GET', `/api/v1/annual_reports/${year}/state`, { token })).json.state;

  beforeAll(async () => {
    s = await testServer(dialect, {}, clock);
    poster = await citizen(s);
    fan = await citizen(s);
    quiet = await citizen(s);
    const reviewer = await staffUser(s, 'reviewer');
    organ = await verifiedOrgan(s, reviewer.token);
    liked = (await s.call('POST', '/api/v1/statuses', { token: poster.token, body: { status: '#民生 #民生 一' } })).json.id;
    await s.call('POST', '/api/v1/statuses', { token: poster.token, body: { status: '#民生 二' } });
    await s.call('POST', `/api/v1/statuses/${liked}/favourite`, { token: fan.token });
    await s.call('POST', `/api/v1/accounts/${poster.id}/follow`, { token: fan.token });
    await s.call('POST', '/api/v1/statuses', { token: organ.token, body: { status: '本周政务公开' } });
    const req = await s.call('POST', '/api/v1/gov/requests', { token: fan.token, body: { account_id: organ.id, category: 'inquiry', text: '请问办理时间', visibility: 'public' } });
    await s.call('POST', `/api/v1/gov/requests/${req.json.id}/accept`, { token: organ.token, body: {} });
    await s.call('POST', `/api/v1/gov/requests/${req.json.id}/respond`, { token: organ.token, body: { text: '工作日9点至17点' } });
  });
  afterAll(async () => {
    await s?.close();
  });

  describe('refusals', () => {
    it('answers 401 without a token and insufficient_scope without the scope', async () => {
      for (const [method, url] of [['GET', '/api/v1/annual_reports'], ['GET', '/api/v1/annual_reports/2026'], ['GET', '/api/v1/annual_reports/2026/state'], ['POST', '/api/v1/annual_reports/2026/generate'], ['POST', '/api/v1/annual_reports/2026/read']] as const) {
        expect((await s.call(method, url)).status, url).toBe(401);
      }
      const readOnly = await tokenWithScopes(s, poster.id, ['read']);
      expect((await s.call('POST', '/api/v1/annual_reports/2026/generate', { token: readOnly })).json.code).toBe('insufficient_scope');
      const writeOnly = await tokenWithScopes(s, poster.id, ['write']);
      expect((await s.call('GET', '/api/v1/annual_reports', { token: writeOnly })).json.code).toBe('insufficient_scope');
    });

    it('answers 404 for a report not generated, or a year that is not one', async () => {
      for (const y of ['2026', '2025', 'abcd', '99999']) expect((await s.call('GET', `/api/v1/annual_reports/${y}`, { token: poster.token })).status, y).toBe(404);
      expect((await s.call('POST', '/api/v1/annual_reports/2026/read', { token: poster.token })).status).toBe(404);
      expect(await state(poster.token, 'abcd')).toBe('ineligible');
    });
  });

  it('is ineligible outside the campaign (10–31 December) and for an account with no post that year; generating then does nothing', async () => {
    clock.set('2026-12-02T08:00:00Z');
    expect(await state(poster.token)).toBe('ineligible');
    expect((await s.call('POST', '/api/v1/annual_reports/2026/generate', { token: poster.token })).json).toEqual({});
    clock.set('2026-12-15T08:00:00Z');
    expect(await state(poster.token, '2025')).toBe('ineligible');
    expect(await state(quiet.token)).toBe('ineligible');
    await s.call('POST', '/api/v1/annual_reports/2026/generate', { token: quiet.token });
    expect(await state(quiet.token)).toBe('ineligible');
    expect((await s.call('GET', '/api/v1/annual_reports', { token: quiet.token })).json).toEqual({ annual_reports: [], accounts: [], statuses: [] });
  });

  it('generates the report in a job, keeps it, lists it until read', async () => {
    expect(await state(poster.token)).toBe('eligible');
    expect((await s.call('POST', '/api/v1/annual_reports/2026/generate', { token: poster.token })).json).toEqual({});
    expect(await state(poster.token)).toBe('generating');
    // Asked again while generating: still one report.
    await s.call('POST', '/api/v1/annual_reports/2026/generate', { token: poster.token });
    expect((await s.call('GET', '/api/v1/annual_reports/2026', { token: poster.token })).status).toBe(404);
    await runJobs();
    expect(await state(poster.token)).toBe('available');

    const list = await s.call('GET', '/api/v1/annual_reports', { token: poster.token });
    expect(list.status).toBe(200);
    expect(list.json.annual_reports).toHaveLength(1);
    const [report] = list.json.annual_reports;
    expect(Object.keys(report).sort()).toEqual(['account_id', 'data', 'schema_version', 'share_url', 'year']);
    expect(report).toMatchObject({ year: 2026, schema_version: 2, account_id: poster.id, share_url: null });
    expect(report.data.archetype).toBe('lurker');
    expect(report.data.time_series).toHaveLength(12);
    expect(report.data.time_series[11]).toEqual({ month: 12, statuses: 2, following: 0, followers: 1 });
    expect(report.data.top_hashtags).toEqual([{ name: '民生', count: 2 }]);
    expect(report.data.top_statuses.by_reblogs).toBe(liked);
    expect(report.data.percentiles).toEqual({ followers: 0, statuses: expect.any(Number) });
    expect(report.data.gov_service).toBeNull();
    expect(list.json.statuses.map((x: { id: string }) => x.id)).toContain(liked);

    // Another account sees only its own.
    expect((await s.call('GET', '/api/v1/annual_reports/2026', { token: fan.token })).status).toBe(404);
    expect((await s.call('GET', '/api/v1/annual_reports', { token: fan.token })).json.annual_reports).toEqual([]);

    expect((await s.call('POST', '/api/v1/annual_reports/2026/read', { token: poster.token })).json).toEqual({});
    expect((await s.call('GET', '/api/v1/annual_reports', { token: poster.token })).json.annual_reports).toEqual([]);
    expect((await s.call('GET', '/api/v1/annual_reports/2026', { token: poster.token })).json.annual_reports[0].year).toBe(2026);
  });

  it("adds, for a verified organ, its year of service to citizens (govblog's gov_service key)", async () => {
    await s.call('POST', '/api/v1/annual_reports/2026/generate', { token: organ.token });
    await runJobs();
    const res = await s.call('GET', '/api/v1/annual_reports/2026', { token: organ.token });
    expect(res.json.annual_reports[0].data.gov_service).toEqual({
      requests_received: 1,
      requests_answered: 1,
      requests_resolved: 0,
      response_rate: 1,
      median_hours_to_first_response: 0,
      average_rating: null,
    });
  });
});
