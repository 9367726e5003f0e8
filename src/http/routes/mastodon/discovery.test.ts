import { createRestAPIClient } from 'masto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, creditCodeFor, staffUser, tokenWithScopes, verifiedOrgan } from '../../../../test/factories.js';
import { type TestServer, listeningServer } from '../../../../test/http.js';

type Who = { token: string; id: string; username: string };

describe.each(DIALECTS)('notes, endorsements, familiar followers and suggestions (%s)', (dialect) => {
  let s: TestServer & { url: string };
  let reviewer: Who;
  let reader: Who;
  let friend: Who;
  let stranger: Who;
  /** Organs of Guangdong (44) and of Beijing (11), most followed first within each. */
  let gd: Who[];
  let bj: Who[];

  const follow = async (who: Who, target: Who) => {
    const r = await s.call('POST', `/api/v1/accounts/${target.id}/follow`, { token: who.token });
    expect(r.status).toBe(200);
  };

  beforeAll(async () => {
    s = await listeningServer(dialect);
    reviewer = await staffUser(s, 'reviewer');
    reader = await citizen(s);
    friend = await citizen(s);
    stranger = await citizen(s);
    let serial = 9000;
    const organ = (region: string, name: string) =>
      verifiedOrgan(s, reviewer.token, { organ_name: name, region_code: region, level: 'prefectural', public_security: false, credit_code: creditCodeFor(region, serial++), verification: `${name}官方微博` });
    gd = [await organ('440100', '广州市人民政府'), await organ('440300', '深圳市人民政府'), await organ('440600', '佛山市人民政府')];
    bj = [await organ('110101', '东城区人民政府'), await organ('110102', '西城区人民政府')];
    // Popularity: 西城 has three followers, 东城 two, 深圳 one; the others none.
    for (const f of [friend, stranger, await citizen(s)]) await follow(f, bj[1] as Who);
    for (const f of [friend, stranger]) await follow(f, bj[0] as Who);
    await follow(stranger, gd[1] as Who);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('a note: 401 without a token, 403 without write:accounts, 404 for no account, 422 too long; then the relationship carries it, and only for its writer', async () => {
    expect((await s.call('POST', `/api/v1/accounts/${friend.id}/note`, { body: { comment: 'x' } })).status).toBe(401);
    const readOnly = await tokenWithScopes(s, reader.id, ['read']);
    expect((await s.call('POST', `/api/v1/accounts/${friend.id}/note`, { token: readOnly, body: { comment: 'x' } })).status).toBe(403);
    expect((await s.call('POST', '/api/v1/accounts/999999999/note', { token: reader.token, body: { comment: 'x' } })).status).toBe(404);
    const long = await s.call('POST', `/api/v1/accounts/${friend.id}/note`, { token: reader.token, body: { comment: '长'.repeat(2001) } });
    expect(long.status).toBe(422);
    expect(long.json.error).toMatch(/comment/);
    const r = await s.call('POST', `/api/v1/accounts/${friend.id}/note`, { token: reader.token, form: { comment: '  社区网格员，办事靠谱  ' } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ id: friend.id, note: '社区网格员，办事靠谱' });
    const rel = await s.call('GET', `/api/v1/accounts/relationships?id[]=${friend.id}`, { token: reader.token });
    expect(rel.json[0].note).toBe('社区网格员，办事靠谱');
    const theirs = await s.call('GET', `/api/v1/accounts/relationships?id[]=${friend.id}`, { token: stranger.token });
    expect(theirs.json[0].note).toBe('');
    const cleared = await s.call('POST', `/api/v1/accounts/${friend.id}/note`, { token: reader.token, body: { comment: '' } });
    expect(cleared.json.note).toBe('');
  });

  it('endorse: not an account one does not follow (422), not oneself; pin and endorse both work, unpin and unendorse both undo; the list is paged and public', async () => {
    const notFollowed = await s.call('POST', `/api/v1/accounts/${gd[0]?.id}/endorse`, { token: reader.token });
    expect(notFollowed.status).toBe(422);
    expect((await s.call('POST', `/api/v1/accounts/${reader.id}/pin`, { token: reader.token })).status).toBe(422);
    expect((await s.call('POST', `/api/v1/accounts/${gd[0]?.id}/endorse`)).status).toBe(401);
    await follow(friend, gd[0] as Who);
    await follow(friend, gd[2] as Who);
    const pinned = await s.call('POST', `/api/v1/accounts/${gd[0]?.id}/pin`, { token: friend.token });
    expect(pinned.status).toBe(200);
    expect(pinned.json).toMatchObject({ id: gd[0]?.id, following: true, endorsed: true });
    expect((await s.call('POST', `/api/v1/accounts/${gd[2]?.id}/endorse`, { token: friend.token })).json.endorsed).toBe(true);
    // Twice is once.
    expect((await s.call('POST', `/api/v1/accounts/${gd[2]?.id}/endorse`, { token: friend.token })).status).toBe(200);
    const mine = await s.call('GET', '/api/v1/endorsements?limit=1', { token: friend.token });
    expect(mine.json.map((a: { id: string }) => a.id)).toEqual([gd[2]?.id]);
    expect(String(mine.headers.link)).toContain('rel="next"');
    const theirs = await s.call('GET', `/api/v1/accounts/${friend.id}/endorsements`);
    expect(theirs.json.map((a: { id: string }) => a.id)).toEqual([gd[2]?.id, gd[0]?.id]);
    expect((await s.call('GET', '/api/v1/endorsements')).status).toBe(401);
    expect((await s.call('POST', `/api/v1/accounts/${gd[2]?.id}/unendorse`, { token: friend.token })).json.endorsed).toBe(false);
    expect((await s.call('POST', `/api/v1/accounts/${gd[0]?.id}/unpin`, { token: friend.token })).json.endorsed).toBe(false);
    expect((await s.call('GET', '/api/v1/endorsements', { token: friend.token })).json).toEqual([]);
  });

  it('familiar followers: those I follow who follow each account asked, in the order asked; nobody for an account none of them follow', async () => {
    await follow(reader, friend);
    await follow(reader, stranger);
    const r = await s.call('GET', `/api/v1/accounts/familiar_followers?id[]=${bj[1]?.id}&id[]=${gd[2]?.id}&id[]=${reader.id}&id[]=nonsense`, { token: reader.token });
    expect(r.status).toBe(200);
    expect(r.json.map((f: { id: string }) => f.id)).toEqual([bj[1]?.id, gd[2]?.id, reader.id]);
    expect(r.json[0].accounts.map((a: { id: string }) => a.id).sort()).toEqual([friend.id, stranger.id].sort());
    expect(r.json[1].accounts.map((a: { id: string }) => a.id)).toEqual([friend.id]);
    expect(r.json[2].accounts).toEqual([]);
    expect((await s.call('GET', `/api/v1/accounts/familiar_followers?id=${bj[1]?.id}`)).status).toBe(401);
  });

  it('suggestions: verified organs of the province of the organs I follow first (featured), then the most followed (most_followed); never one I follow or dismissed', async () => {
    // The reader follows 深圳 only among organs: Guangdong is the reader's province.
    await follow(reader, gd[1] as Who);
    const masto = createRestAPIClient({ url: s.url, accessToken: reader.token });
    const v2 = await masto.v2.suggestions.list({ limit: 10 });
    expect(v2.map((x) => x.account.id)).toEqual([gd[0]?.id, gd[2]?.id, bj[1]?.id, bj[0]?.id]);
    expect(v2[0]).toMatchObject({ source: 'staff', sources: ['featured'] });
    expect(v2[2]).toMatchObject({ source: 'global', sources: ['most_followed'] });
    expect((v2[0]?.account as unknown as { gov: { province: string } }).gov.province).toBe('44');
    expect((await s.call('DELETE', `/api/v1/suggestions/${gd[0]?.id}`, { token: reader.token })).json).toEqual({});
    const v1 = await s.call('GET', '/api/v1/suggestions?limit=2', { token: reader.token });
    expect(v1.json.map((a: { id: string }) => a.id)).toEqual([gd[2]?.id, bj[1]?.id]);
    expect((await s.call('DELETE', '/api/v1/suggestions/999999999', { token: reader.token })).status).toBe(404);
    expect((await s.call('GET', '/api/v2/suggestions')).status).toBe(401);
  });

  it('an organ is suggested the organs of its own province first, from its verified region', async () => {
    const r = await s.call('GET', '/api/v2/suggestions', { token: bj[0]?.token });
    expect(r.json.map((x: { account: { id: string } }) => x.account.id).slice(0, 1)).toEqual([bj[1]?.id]);
    expect(r.json[0].sources).toEqual(['featured']);
    expect(r.json.map((x: { account: { id: string } }) => x.account.id)).not.toContain(bj[0]?.id);
  });

  it('a citizen who follows no organ is suggested the most followed ones', async () => {
    const someone = await citizen(s);
    const r = await s.call('GET', '/api/v2/suggestions?limit=3', { token: someone.token });
    expect(r.json[0].account.id).toBe(bj[1]?.id);
    const counts = r.json.map((x: { account: { followers_count: number } }) => x.account.followers_count);
    expect(counts).toEqual([...counts].sort((a: number, b: number) => b - a));
    expect(r.json.every((x: { sources: string[] }) => x.sources[0] === 'most_followed')).toBe(true);
  });

  it("an operator's note, endorsement and dismissal for the organ are in the organ's audit log, naming the operator", async () => {
    const organ = bj[0] as Who;
    const staff = await citizen(s);
    expect((await s.call('POST', `/api/v1/gov/accounts/${organ.id}/operators`, { token: organ.token, body: { account_id: staff.id } })).status).toBe(200);
    const tok = await s.call('POST', `/api/v1/gov/accounts/${organ.id}/operator_token`, { token: staff.token });
    expect(tok.status).toBe(200);
    const op = tok.json.access_token as string;
    await follow(organ, bj[1] as Who);
    expect((await s.call('POST', `/api/v1/accounts/${bj[1]?.id}/endorse`, { token: op })).json.endorsed).toBe(true);
    expect((await s.call('POST', `/api/v1/accounts/${reader.id}/note`, { token: op, body: { comment: '常来咨询的市民' } })).json.note).toBe('常来咨询的市民');
    expect((await s.call('DELETE', `/api/v1/suggestions/${gd[2]?.id}`, { token: op })).status).toBe(200);
    const log = await s.ctx.db.selectFrom('audit_log').select(['action', 'operator_id', 'data']).where('actor_id', '=', Number(organ.id)).where('operator_id', '=', Number(staff.id)).execute();
    expect(log.map((l) => l.action)).toEqual(expect.arrayContaining(['account.endorse', 'account.note', 'suggestion.dismiss']));
    expect(JSON.stringify(log)).not.toContain('常来咨询');
  });
});
