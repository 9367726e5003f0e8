import megalodon, { type MegalodonInterface } from 'megalodon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/dialects.js';
import { citizen, staffUser } from '../../test/factories.js';
import { type Party, fastOrgan, operatorOf } from '../../test/gov-cast.js';
import { type TestServer, listeningServer } from '../../test/http.js';
import { serviceMessageText } from './service-message.js';

describe('serviceMessageText', () => {
  it('mentions the recipient, names the request and step, links its page, and cuts a long text to fit a status', () => {
    const short = serviceMessageText({ to: 'pinganbeijing', requestId: 7, step: 'submitted', category: '咨询 inquiry', body: '路灯坏了', url: 'http://x.example/web/requests/7' });
    expect(short).toBe('@pinganbeijing 【服务请求 #7 · 咨询 inquiry】新请求 New request：路灯坏了\nhttp://x.example/web/requests/7');
    const long = serviceMessageText({ to: 'o', requestId: 7, step: 'responded', body: '字'.repeat(2000), url: 'http://x.example/web/requests/7' });
    expect([...long].length).toBeLessThanOrEqual(500 + 40);
    expect(long).toContain('…\nhttp://x.example/web/requests/7');
  });
});

// megalodon is CommonJS with `exports.default`: the loader hands over either the function or the module object.
type Generator = (sns: 'mastodon', baseUrl: string, accessToken: string) => MegalodonInterface;
const generator: Generator = typeof megalodon === 'function' ? (megalodon as unknown as Generator) : (megalodon as unknown as { default: Generator }).default;

/**
 * A press officer on a stock app (megalodon, which drops notification types it
 * does not know) must see each new service request and each step of it.
 */
describe.each(DIALECTS)('service requests seen from a stock Mastodon app (megalodon, %s)', (dialect) => {
  let s: TestServer & { url: string };
  let organ: Party;
  let operatorToken: string;
  let resident: Party;
  let stranger: Party;
  const app = (token: string): MegalodonInterface => generator('mastodon', s.url, token);

  beforeAll(async () => {
    s = await listeningServer(dialect);
    const reviewer = await staffUser(s, 'reviewer');
    organ = await fastOrgan(s, reviewer.token);
    const officer = await citizen(s);
    operatorToken = await operatorOf(s, organ, officer);
    resident = await citizen(s);
    stranger = await citizen(s);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('the organ’s operator sees a filed request as a mention of a direct message; each step reaches the right party once', async () => {
    const officer = app(operatorToken);
    const asResident = app(resident.token);
    const filed = await s.call('POST', '/api/v1/gov/requests', { token: resident.token, body: { account_id: organ.id, category: 'help', text: '小区门口路灯坏了一个月', visibility: 'private' } });
    expect(filed.status).toBe(201);
    const id = filed.json.id as string;

    // The officer's app: the gov.request notification is dropped by megalodon, the mention is not.
    const seen = (await officer.getNotifications({ limit: 40 })).data;
    const filedNote = seen.find((n) => n.type === 'mention' && n.status?.content.includes(`#${id}`));
    expect(filedNote?.account?.id).toBe(resident.id);
    expect(filedNote?.status?.visibility).toBe('direct');
    expect(filedNote?.status?.content).toContain('小区门口路灯坏了一个月');
    expect(filedNote?.status?.content).toContain(`/web/requests/${id}`);
    // The raw API says which request it is about.
    const raw = await s.call('GET', '/api/v1/notifications?types[]=mention', { token: operatorToken });
    expect(raw.json.find((n: any) => n.status?.id === filedNote?.status?.id).request_id).toBe(id);

    for (const [action, body] of [['accept', undefined], ['respond', { text: '已联系物业，明天维修。' }], ['resolve', undefined]] as const) {
      const r = await s.call('POST', `/api/v1/gov/requests/${id}/${action}`, { token: operatorToken, ...(body ? { body } : {}) });
      expect(r.status).toBe(200);
    }
    const rated = await s.call('POST', `/api/v1/gov/requests/${id}/rate`, { token: resident.token, body: { score: 4 } });
    expect(rated.status).toBe(200);

    const residentSees = (await asResident.getNotifications({ limit: 40 })).data.filter((n) => n.type === 'mention' && n.status?.content.includes(`#${id}`));
    expect(residentSees.map((n) => n.account?.id)).toEqual([organ.id, organ.id, organ.id]);
    const texts = residentSees.map((n) => n.status?.content ?? '').reverse();
    expect(texts[0]).toContain('已受理');
    expect(texts[1]).toContain('已联系物业，明天维修。');
    expect(texts[2]).toContain('已办结');

    const officerSees = (await officer.getNotifications({ limit: 40 })).data.filter((n) => n.type === 'mention' && n.status?.content.includes(`#${id}`));
    expect(officerSees).toHaveLength(2);
    expect(officerSees[0]?.status?.content).toContain('4/5');

    // One thread per request: each message answers the one before.
    const last = officerSees[0]?.status?.id as string;
    const context = (await officer.getStatusContext(last)).data;
    expect(context.ancestors).toHaveLength(4);

    // Nobody else sees any of it, nor is told.
    const strangerNotes = await s.call('GET', '/api/v1/notifications', { token: stranger.token });
    expect(strangerNotes.json).toEqual([]);
    expect((await s.call('GET', `/api/v1/statuses/${last}`, { token: stranger.token })).status).toBe(404);
    expect((await s.call('GET', `/api/v1/statuses/${last}`)).status).toBe(404);

    // Not counted as the organ's posts.
    const organAccount = await s.call('GET', `/api/v1/accounts/${organ.id}`);
    expect(organAccount.json.statuses_count).toBe(0);
  });

  it('govblog’s own notification types still come through the raw API, one of each per step', async () => {
    const notes = await s.call('GET', '/api/v1/notifications?types[]=gov.request&types[]=gov.request_update', { token: resident.token });
    expect(notes.json.map((n: any) => n.type)).toEqual(['gov.request_update', 'gov.request_update', 'gov.request_update']);
  });
});
