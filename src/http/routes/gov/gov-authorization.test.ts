import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen } from '../../../../test/factories.js';
import { type GovCast, govCast, officialNaming, operatorOf, requestIn } from '../../../../test/gov-cast.js';
import { type TestServer, testServer } from '../../../../test/http.js';

/** The columns of the matrix: every kind of caller of a government action. */
const CALLERS = ['anonymous', 'citizen', 'stranger', 'operator', 'operatorSelf', 'organ', 'otherOrgan', 'otherOperator', 'reviewer', 'admin'] as const;
type CallerName = (typeof CALLERS)[number];
type Row = Record<CallerName, number>;

/** Expected statuses by caller; `row(default, overrides)`. Anonymous is 401 unless said otherwise. */
function row(others: number, special: Partial<Row>): Row {
  return Object.fromEntries(CALLERS.map((c) => [c, special[c] ?? (c === 'anonymous' ? 401 : others)])) as Row;
}

const ORGAN_SIDE = { operator: 200, operatorSelf: 200, organ: 200 } as const;
const ORGAN_SIDE_AND_REVIEWERS = { ...ORGAN_SIDE, reviewer: 200, admin: 200 } as const;

describe.each(DIALECTS)('government authorization matrix (%s)', (dialect) => {
  let s: TestServer;
  let cast: GovCast;

  function tokenOf(c: CallerName): string | undefined {
    switch (c) {
      case 'anonymous':
        return undefined;
      case 'operatorSelf':
        return cast.staff.token;
      default:
        return cast[c].token;
    }
  }

  /**
   * Calls the action once per caller, each on a fresh target from `setup`
   * (allowed callers change state, refused ones must not), and checks the
   * exact status: refusals are 401, 403 or 404, never a 5xx.
   */
  async function check(
    expected: Row,
    setup: () => Promise<{ method: 'GET' | 'POST' | 'DELETE'; url: string; body?: unknown }>,
  ): Promise<void> {
    const got: Partial<Row> = {};
    for (const c of CALLERS) {
      const { method, url, body } = await setup();
      const token = tokenOf(c);
      const res = await s.call(method, url, { ...(token ? { token } : {}), ...(body !== undefined ? { body } : {}) });
      got[c] = res.status;
    }
    expect(got).toEqual(expected);
  }

  beforeAll(async () => {
    s = await testServer(dialect);
    cast = await govCast(s);
  });
  afterAll(async () => {
    await s?.close();
  });

  describe('operators', () => {
    it('only the organ itself adds operators', async () => {
      await check(row(403, { organ: 200 }), async () => ({ method: 'POST', url: `/api/v1/gov/accounts/${cast.organ.id}/operators`, body: { account_id: (await citizen(s)).id } }));
    });

    it('only the organ itself removes operators', async () => {
      await check(row(403, { organ: 200 }), async () => {
        const person = await citizen(s);
        await operatorOf(s, cast.organ, person);
        return { method: 'DELETE', url: `/api/v1/gov/accounts/${cast.organ.id}/operators/${person.id}` };
      });
    });

    it('the organ side and reviewers list operators', async () => {
      await check(row(403, ORGAN_SIDE_AND_REVIEWERS), async () => ({ method: 'GET', url: `/api/v1/gov/accounts/${cast.organ.id}/operators` }));
    });

    it('only a live operator signed in as themself takes an operator token', async () => {
      await check(row(403, { operatorSelf: 200 }), async () => ({ method: 'POST', url: `/api/v1/gov/accounts/${cast.organ.id}/operator_token` }));
    });

    it('answers 404 for an account that is not a verified organ, whoever asks', async () => {
      for (const url of [`/api/v1/gov/accounts/${cast.citizen.id}/operators`, '/api/v1/gov/accounts/999999/operators', '/api/v1/gov/accounts/abc/operators']) {
        const res = await s.call('GET', url, { token: cast.reviewer.token });
        expect(res.status, url).toBe(404);
      }
      const add = await s.call('POST', `/api/v1/gov/accounts/${cast.citizen.id}/operators`, { token: cast.citizen.token, body: { account_id: cast.stranger.id } });
      expect(add.status).toBe(404);
    });

    it("a removed operator's token answers 401 at once; their own token still works", async () => {
      const person = await citizen(s);
      const token = await operatorOf(s, cast.organ, person);
      expect((await s.call('GET', '/api/v1/accounts/verify_credentials', { token })).json.id).toBe(cast.organ.id);
      expect((await s.call('DELETE', `/api/v1/gov/accounts/${cast.organ.id}/operators/${person.id}`, { token: cast.organ.token })).status).toBe(200);
      const after = await s.call('GET', '/api/v1/accounts/verify_credentials', { token });
      expect(after.status).toBe(401);
      const act = await s.call('POST', '/api/v1/gov/requests', { token, body: { account_id: cast.otherOrgan.id, category: 'inquiry', text: 'x' } });
      expect(act.status).toBe(401);
      expect((await s.call('GET', '/api/v1/accounts/verify_credentials', { token: person.token })).json.id).toBe(person.id);
      // And a removed operator cannot take a new one.
      expect((await s.call('POST', `/api/v1/gov/accounts/${cast.organ.id}/operator_token`, { token: person.token })).status).toBe(403);
    });
  });

  describe('vouching', () => {
    it("the organ an application names, itself or through its operators, vouches; nobody else", async () => {
      const { id } = await officialNaming(s, cast.organ.id);
      // Vouching again changes nothing, so one application serves every caller.
      await check(row(403, ORGAN_SIDE), async () => ({ method: 'POST', url: `/api/v1/gov/verifications/${id}/vouch` }));
    });

    it('the applicant cannot vouch for themself', async () => {
      const { id, applicant } = await officialNaming(s, cast.organ.id);
      expect((await s.call('POST', `/api/v1/gov/verifications/${id}/vouch`, { token: applicant.token })).status).toBe(403);
    });

    it('the organ side and reviewers see the applications naming the organ', async () => {
      await check(row(403, ORGAN_SIDE_AND_REVIEWERS), async () => ({ method: 'GET', url: `/api/v1/gov/accounts/${cast.organ.id}/vouch_requests` }));
    });
  });

  describe.each(['private', 'public'] as const)('a %s service request', (visibility) => {
    const hidden = visibility === 'private' ? 404 : 403;
    const unseen = visibility === 'private' ? { stranger: 404, otherOrgan: 404, otherOperator: 404 } : {};

    it('is read by everyone when public; by the citizen, the organ side and reviewers when private', async () => {
      const id = await requestIn(s, cast.citizen.token, cast.organ, 'submitted', visibility);
      const expected = visibility === 'public' ? row(200, { anonymous: 200 }) : row(404, { anonymous: 404, citizen: 200, ...ORGAN_SIDE_AND_REVIEWERS });
      await check(expected, async () => ({ method: 'GET', url: `/api/v1/gov/requests/${id}` }));
    });

    for (const [action, from, body, done] of [
      ['accept', 'submitted', undefined, 'accepted'],
      ['respond', 'accepted', { text: '已转交户籍科办理。' }, 'responded to'],
      ['resolve', 'responded', undefined, 'resolved'],
    ] as const) {
      it(`is ${done} only by the organ side (${hidden} to those who cannot see it)`, async () => {
        await check(row(403, { ...ORGAN_SIDE, ...unseen }), async () => ({
          method: 'POST',
          url: `/api/v1/gov/requests/${await requestIn(s, cast.citizen.token, cast.organ, from, visibility)}/${action}`,
          ...(body ? { body } : {}),
        }));
      });
    }

    it('is rated only by the citizen who asked', async () => {
      await check(row(403, { citizen: 200, ...unseen }), async () => ({
        method: 'POST',
        url: `/api/v1/gov/requests/${await requestIn(s, cast.citizen.token, cast.organ, 'resolved', visibility)}/rate`,
        body: { score: 4 },
      }));
    });
  });

  describe('requests, lists and statistics', () => {
    it('anyone signed in submits to an organ; the organ and its operators cannot ask it', async () => {
      await check(row(201, { operator: 403, operatorSelf: 403, organ: 403 }), async () => ({
        method: 'POST',
        url: '/api/v1/gov/requests',
        body: { account_id: cast.organ.id, category: 'complaint', text: '小区门口路灯坏了一个月', visibility: 'private' },
      }));
    });

    it("the organ's public list is public; visibility=all is for its side and reviewers", async () => {
      await check(row(200, { anonymous: 200 }), async () => ({ method: 'GET', url: `/api/v1/gov/accounts/${cast.organ.id}/requests` }));
      await check(row(403, ORGAN_SIDE_AND_REVIEWERS), async () => ({ method: 'GET', url: `/api/v1/gov/accounts/${cast.organ.id}/requests?visibility=all` }));
    });

    it("everyone reads an organ's service statistics", async () => {
      await check(row(200, { anonymous: 200 }), async () => ({ method: 'GET', url: `/api/v1/gov/accounts/${cast.organ.id}/service_stats` }));
      expect((await s.call('GET', `/api/v1/gov/accounts/${cast.citizen.id}/service_stats`)).status).toBe(404);
    });

    it('everyone signed in lists their own requests', async () => {
      await check(row(200, {}), async () => ({ method: 'GET', url: '/api/v1/gov/requests' }));
    });

    it('analytics are for the organ side and reviewers; 404 for an account that is no organ', async () => {
      await check(row(403, ORGAN_SIDE_AND_REVIEWERS), async () => ({ method: 'GET', url: `/api/v1/gov/accounts/${cast.organ.id}/analytics` }));
      for (const id of [cast.citizen.id, '999999']) {
        expect((await s.call('GET', `/api/v1/gov/accounts/${id}/analytics`, { token: cast.admin.token })).status).toBe(404);
      }
    });
  });

  describe('audit log', () => {
    it("shows an operator's act to the organ and to reviewers, not to other organs or citizens", async () => {
      const id = await requestIn(s, cast.citizen.token, cast.organ, 'accepted', 'private');
      const res = await s.call('POST', `/api/v1/gov/requests/${id}/respond`, { token: cast.operator.token, body: { text: '已安排网格员上门。' } });
      expect(res.status).toBe(200);
      const isIt = (e: { action: string; subject_id: string }) => e.action === 'request.respond' && e.subject_id === id;
      for (const [who, token, sees] of [
        ['organ', cast.organ.token, true],
        ['operator', cast.operator.token, true],
        ['reviewer', cast.reviewer.token, true],
        ['admin', cast.admin.token, true],
        ['otherOrgan', cast.otherOrgan.token, false],
        ['otherOperator', cast.otherOperator.token, false],
        ['citizen', cast.citizen.token, false],
      ] as const) {
        const log = await s.call('GET', '/api/v1/gov/audit_log?limit=80', { token });
        expect(log.status, who).toBe(200);
        expect(log.json.some(isIt), who).toBe(sees);
      }
      expect((await s.call('GET', '/api/v1/gov/audit_log')).status).toBe(401);
    });
  });
});
