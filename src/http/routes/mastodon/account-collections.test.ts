import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, staffUser, tokenWithScopes } from '../../../../test/factories.js';
import { type Party, fastOrgan, operatorOf } from '../../../../test/gov-cast.js';
import { type TestServer, testServer } from '../../../../test/http.js';

/** Collections through the API: who may not first (401, 403, 404, 422), then what each may. */
describe.each(DIALECTS)('collections (%s)', (dialect) => {
  let s: TestServer;
  let organ: Party;
  let police: Party;
  let alice: Party;
  let bob: Party;
  let carol: Party;

  beforeAll(async () => {
    s = await testServer(dialect);
    const reviewer = await staffUser(s, 'reviewer');
    organ = await fastOrgan(s, reviewer.token);
    police = await fastOrgan(s, reviewer.token, { organ_name: '北京市公安局朝阳分局', verification: '朝阳分局官方微博' });
    [alice, bob, carol] = [await citizen(s), await citizen(s), await citizen(s)];
  });
  afterAll(async () => {
    await s?.close();
  });

  const create = (token: string, body: Record<string, unknown>) => s.call('POST', '/api/v1/collections', { token, body });

  it('refuses the anonymous, the wrong scope, bad names and descriptions', async () => {
    expect((await s.call('POST', '/api/v1/collections', { body: { name: 'x' } })).status).toBe(401);
    const readOnly = await tokenWithScopes(s, alice.id, ['read']);
    expect((await create(readOnly, { name: 'x' })).status).toBe(403);
    const granular = await tokenWithScopes(s, alice.id, ['write:collections']);
    expect((await create(granular, { name: 'granular' })).status).toBe(200);
    const blank = await create(alice.token, { name: '  ' });
    expect(blank.status).toBe(422);
    expect(blank.json.details).toHaveProperty('name');
    const long = await create(alice.token, { name: '名'.repeat(41) });
    expect(long.status).toBe(422);
    expect(long.json.details).toHaveProperty('name');
    expect((await create(alice.token, { name: 'ok', description: 'd'.repeat(101) })).json.details).toHaveProperty('description');
    expect((await create(alice.token, { name: 'ok', language: 'Chinese' })).json.details).toHaveProperty('language');
    expect((await create(alice.token, { name: 'ok', tag_name: 'not a tag!' })).json.details).toHaveProperty('tag_name');
  });

  it('an organ curates "本市公安政务号": officials and organs featured by anyone, shapes as Mastodon', async () => {
    const res = await create(organ.token, { name: '本市公安政务号', description: '全市公安机关官方账号', language: 'zh', tag_name: '平安北京', sensitive: false, discoverable: true, account_ids: [police.id] });
    expect(res.status, res.body).toBe(200);
    const c = res.json.collection;
    expect(Object.keys(c).sort()).toEqual(['account_id', 'created_at', 'description', 'discoverable', 'id', 'item_count', 'items', 'language', 'local', 'name', 'sensitive', 'tag', 'updated_at', 'uri'].sort());
    expect(c).toMatchObject({ name: '本市公安政务号', account_id: organ.id, language: 'zh', local: true, sensitive: false, discoverable: true, item_count: 1, tag: { name: '平安北京' } });
    expect(c.items).toEqual([{ id: expect.any(String), account_id: police.id, state: 'accepted', created_at: expect.any(String) }]);

    const shown = await s.call('GET', `/api/v1/collections/${c.id}`);
    expect(shown.status).toBe(200);
    expect(shown.json.accounts.map((a: { id: string }) => a.id)).toEqual([organ.id, police.id]);

    const listed = await s.call('GET', `/api/v1/accounts/${organ.id}/collections`);
    expect(listed.json.collections.map((x: { id: string }) => x.id)).toEqual([c.id]);
    const featured = await s.call('GET', `/api/v1/accounts/${police.id}/in_collections`, { token: police.token });
    expect(featured.json.collections.map((x: { id: string }) => x.id)).toEqual([c.id]);
  });

  it('only the curator edits, fills or deletes (403); an unknown one is a 404', async () => {
    const c = (await create(alice.token, { name: '我关注的' })).json.collection;
    expect((await s.call('PATCH', `/api/v1/collections/${c.id}`, { token: bob.token, body: { name: 'mine now' } })).status).toBe(403);
    expect((await s.call('PUT', `/api/v1/collections/${c.id}`, { token: bob.token, body: { name: 'mine now' } })).status).toBe(403);
    expect((await s.call('DELETE', `/api/v1/collections/${c.id}`, { token: bob.token })).status).toBe(403);
    expect((await s.call('POST', `/api/v1/collections/${c.id}/items`, { token: bob.token, body: { account_id: organ.id } })).status).toBe(403);
    expect((await s.call('GET', '/api/v1/collections/999999999')).status).toBe(404);
    expect((await s.call('PATCH', '/api/v1/collections/nope', { token: alice.token, body: {} })).status).toBe(404);
    const put = await s.call('PUT', `/api/v1/collections/${c.id}`, { token: alice.token, body: { name: '新名字', discoverable: false } });
    expect(put.json.collection).toMatchObject({ name: '新名字', discoverable: false });
    // Undiscoverable: off the profile for others, still there for the curator.
    expect((await s.call('GET', `/api/v1/accounts/${alice.id}/collections`, { token: bob.token })).json.collections.map((x: { id: string }) => x.id)).not.toContain(c.id);
    expect((await s.call('GET', `/api/v1/accounts/${alice.id}/collections`, { token: alice.token })).json.collections.map((x: { id: string }) => x.id)).toContain(c.id);
    expect((await s.call('DELETE', `/api/v1/collections/${c.id}`, { token: alice.token })).status).toBe(200);
    expect((await s.call('GET', `/api/v1/collections/${c.id}`)).status).toBe(404);
  });

  it('a citizen is featured only once discoverable; never oneself, never twice, never after revoking', async () => {
    const c = (await create(alice.token, { name: '邻居' })).json.collection;
    const add = (who: string) => s.call('POST', `/api/v1/collections/${c.id}/items`, { token: alice.token, body: { account_id: who } });
    expect((await s.call('POST', `/api/v1/collections/${c.id}/items`, { token: alice.token, body: {} })).status).toBe(422);
    expect((await add(carol.id)).status).toBe(403);
    expect((await add(alice.id)).status).toBe(403);
    expect((await add('999999999')).status).toBe(404);
    expect((await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: carol.token, body: { discoverable: true } })).status).toBe(200);
    const ok = await add(carol.id);
    expect(ok.status, ok.body).toBe(200);
    expect(ok.json.collection_item).toMatchObject({ account_id: carol.id, state: 'accepted' });
    expect((await add(carol.id)).status).toBe(422);
    const itemId = ok.json.collection_item.id as string;
    // Only the featured account revokes; only the curator removes.
    expect((await s.call('POST', `/api/v1/collections/${c.id}/items/${itemId}/revoke`, { token: bob.token })).status).toBe(403);
    expect((await s.call('DELETE', `/api/v1/collections/${c.id}/items/${itemId}`, { token: carol.token })).status).toBe(403);
    expect((await s.call('POST', `/api/v1/collections/${c.id}/items/${itemId}/revoke`, { token: carol.token })).status).toBe(200);
    const after = await s.call('GET', `/api/v1/collections/${c.id}`);
    expect(after.json.collection).toMatchObject({ item_count: 0, items: [] });
    expect((await add(carol.id)).status).toBe(403);
    // The curator's own removal lets the account be added again.
    const org = await add(organ.id);
    expect((await s.call('DELETE', `/api/v1/collections/${c.id}/items/${org.json.collection_item.id}`, { token: alice.token })).status).toBe(200);
    expect((await s.call('DELETE', `/api/v1/collections/${c.id}/items/${org.json.collection_item.id}`, { token: alice.token })).status).toBe(404);
    expect((await add(organ.id)).status).toBe(200);
  });

  it('blocks: a blocked account cannot be added, a blocked viewer cannot see, a blocker does not see the blocked in items', async () => {
    const c = (await create(bob.token, { name: '推荐', account_ids: [police.id] })).json.collection;
    expect((await s.call('POST', `/api/v1/accounts/${organ.id}/block`, { token: bob.token })).status).toBe(200);
    expect((await s.call('POST', `/api/v1/collections/${c.id}/items`, { token: bob.token, body: { account_id: organ.id } })).status).toBe(403);
    // The other way round: an organ that blocks the curator is not featured either.
    expect((await s.call('POST', `/api/v1/accounts/${bob.id}/block`, { token: police.token })).status).toBe(200);
    const other = (await create(bob.token, { name: '别的' })).json.collection;
    expect((await s.call('POST', `/api/v1/collections/${other.id}/items`, { token: bob.token, body: { account_id: police.id } })).status).toBe(403);
    expect((await create(bob.token, { name: '整体', account_ids: [organ.id] })).status).toBe(403);
    // The curator blocks a viewer: 403 on the collection, an empty list on the profile.
    expect((await s.call('POST', `/api/v1/accounts/${alice.id}/block`, { token: bob.token })).status).toBe(200);
    expect((await s.call('GET', `/api/v1/collections/${c.id}`, { token: alice.token })).status).toBe(403);
    expect((await s.call('GET', `/api/v1/accounts/${bob.id}/collections`, { token: alice.token })).json).toEqual({ collections: [] });
    expect((await s.call('GET', `/api/v1/collections/${c.id}`)).status).toBe(200);
    // A viewer who blocks a featured account does not see it among the items.
    expect((await s.call('POST', `/api/v1/accounts/${police.id}/block`, { token: carol.token })).status).toBe(200);
    const seen = await s.call('GET', `/api/v1/collections/${c.id}`, { token: carol.token });
    expect(seen.json.collection.items).toEqual([]);
    expect(seen.json.accounts.map((a: { id: string }) => a.id)).toEqual([bob.id]);
  });

  it('in_collections: only about oneself', async () => {
    expect((await s.call('GET', `/api/v1/accounts/${police.id}/in_collections`)).status).toBe(401);
    expect((await s.call('GET', `/api/v1/accounts/${police.id}/in_collections`, { token: alice.token })).status).toBe(403);
    expect((await s.call('GET', '/api/v1/accounts/999999999/collections')).status).toBe(404);
  });

  it('limits: 25 accounts a collection', async () => {
    const many: string[] = [];
    for (let i = 0; i < 26; i++) {
      const p = await citizen(s);
      await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: p.token, body: { discoverable: true } });
      many.push(p.id);
    }
    expect((await create(carol.token, { name: '太多', account_ids: many })).status).toBe(422);
    const c = (await create(carol.token, { name: '刚好', account_ids: many.slice(0, 25) })).json.collection;
    expect(c.item_count).toBe(25);
    const full = await s.call('POST', `/api/v1/collections/${c.id}/items`, { token: carol.token, body: { account_id: many[25] } });
    expect(full.status).toBe(422);
    expect(full.json.details).toHaveProperty('collection_items');
  });

  it("audits an organ operator's acts", async () => {
    const staff = await citizen(s);
    const operator = await operatorOf(s, organ, staff);
    const c = (await create(operator, { name: '区县政务' })).json.collection;
    expect(c).toBeDefined();
    await s.call('PATCH', `/api/v1/collections/${c.id}`, { token: operator, body: { name: '区县政务号' } });
    const item = await s.call('POST', `/api/v1/collections/${c.id}/items`, { token: operator, body: { account_id: police.id } });
    expect(item.status).toBe(200);
    await s.call('DELETE', `/api/v1/collections/${c.id}/items/${item.json.collection_item.id}`, { token: operator });
    expect((await s.call('DELETE', `/api/v1/collections/${c.id}`, { token: operator })).status).toBe(200);
    const log = await s.call('GET', '/api/v1/gov/audit_log?limit=20', { token: organ.token });
    const acts = (log.json as { action: string; subject_id: string; operator_id: string | null }[]).filter((e) => e.action.startsWith('collection.'));
    expect(acts.map((e) => e.action).reverse()).toEqual(['collection.create', 'collection.update', 'collection.add_account', 'collection.remove_account', 'collection.delete']);
    for (const e of acts) expect([e.subject_id, e.operator_id]).toEqual([c.id, staff.id]);
  });
});
