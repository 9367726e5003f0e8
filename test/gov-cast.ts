import { citizen, institutionApplication, officialApplication, staffUser } from './factories.js';
import type { TestServer } from './http.js';

/** A signed-in party of the government tests: its token, and its account id (for an operator's token: the organ's). */
export interface Party {
  token: string;
  id: string;
}

/** A verified organ made without password hashing (fast): a plain account that applies and is approved. */
export async function fastOrgan(s: TestServer, reviewerToken: string, overrides: Record<string, unknown> = {}): Promise<Party & { verificationId: string }> {
  const user = await citizen(s);
  const app = await s.call('POST', '/api/v1/gov/verifications', { token: user.token, body: institutionApplication(overrides) });
  if (app.status !== 201) throw new Error(`apply: ${app.status} ${app.body}`);
  const ok = await s.call('POST', `/api/v1/gov/verifications/${app.json.id}/approve`, { token: reviewerToken, body: {} });
  if (ok.status !== 200) throw new Error(`approve: ${ok.status} ${ok.body}`);
  return { token: user.token, id: user.id, verificationId: app.json.id as string };
}

/** Makes `person` an operator of `organ` and returns the token through which they act for it. */
export async function operatorOf(s: TestServer, organ: Party, person: Party): Promise<string> {
  const add = await s.call('POST', `/api/v1/gov/accounts/${organ.id}/operators`, { token: organ.token, body: { account_id: person.id } });
  if (add.status !== 200) throw new Error(`add operator: ${add.status} ${add.body}`);
  const tok = await s.call('POST', `/api/v1/gov/accounts/${organ.id}/operator_token`, { token: person.token });
  if (tok.status !== 200) throw new Error(`operator token: ${tok.status} ${tok.body}`);
  return tok.json.access_token as string;
}

/**
 * Everyone the government authorization tests need: an organ with an
 * operator, another organ with its operator, a citizen, a stranger, a reviewer and an admin.
 */
export async function govCast(s: TestServer) {
  const reviewer = await staffUser(s, 'reviewer');
  const admin = await staffUser(s, 'admin');
  const organ = await fastOrgan(s, reviewer.token);
  const otherOrgan = await fastOrgan(s, reviewer.token, { organ_name: '上海市公安局', region_code: '310000', verification: '上海市公安局官方微博' });
  const staff = await citizen(s);
  const otherStaff = await citizen(s);
  const operatorToken = await operatorOf(s, organ, staff);
  const otherOperatorToken = await operatorOf(s, otherOrgan, otherStaff);
  return {
    reviewer,
    admin,
    organ,
    otherOrgan,
    /** The operator, signed in as themself. */
    staff,
    /** The operator's token: acts as the organ. */
    operator: { token: operatorToken, id: organ.id } as Party,
    otherStaff,
    otherOperator: { token: otherOperatorToken, id: otherOrgan.id } as Party,
    citizen: await citizen(s),
    stranger: await citizen(s),
  };
}

export type GovCast = Awaited<ReturnType<typeof govCast>>;

/** An official's pending application naming the organ. */
export async function officialNaming(s: TestServer, organId: string): Promise<{ applicant: Party; id: string }> {
  const applicant = await citizen(s);
  const res = await s.call('POST', '/api/v1/gov/verifications', { token: applicant.token, body: officialApplication({ organ_account_id: organId }) });
  if (res.status !== 201) throw new Error(`official apply: ${res.status} ${res.body}`);
  return { applicant, id: res.json.id as string };
}

/** A request from `citizen` to the organ, taken by the organ to `state`. */
export async function requestIn(
  s: TestServer,
  citizenToken: string,
  organ: Party,
  state: 'submitted' | 'accepted' | 'responded' | 'resolved',
  visibility: 'public' | 'private' = 'private',
): Promise<string> {
  const sub = await s.call('POST', '/api/v1/gov/requests', { token: citizenToken, body: { account_id: organ.id, category: 'inquiry', text: '请问办理居住证需要哪些材料？', visibility } });
  if (sub.status !== 201) throw new Error(`submit: ${sub.status} ${sub.body}`);
  const id = sub.json.id as string;
  const steps: [string, unknown][] = [];
  if (state !== 'submitted') steps.push(['accept', undefined]);
  if (state === 'responded' || state === 'resolved') steps.push(['respond', { text: '请携带身份证和居住证明到派出所办理。' }]);
  if (state === 'resolved') steps.push(['resolve', undefined]);
  for (const [step, body] of steps) {
    const res = await s.call('POST', `/api/v1/gov/requests/${id}/${step}`, { token: organ.token, ...(body !== undefined ? { body } : {}) });
    if (res.status !== 200) throw new Error(`${step}: ${res.status} ${res.body}`);
  }
  return id;
}
