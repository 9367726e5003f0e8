import { type mastodon, createRestAPIClient } from 'masto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, staffUser } from '../../../../test/factories.js';
import { fastOrgan } from '../../../../test/gov-cast.js';
import { type TestServer, listeningServer } from '../../../../test/http.js';

/** Collections as masto.js calls them: its paths (in_collections, items, revoke), its camelCase parameters, its wrapped shapes. */
describe.each(DIALECTS)('collections through masto.js (%s)', (dialect) => {
  let s: TestServer & { url: string };
  let organ: mastodon.rest.Client;
  let organId: string;
  let police: mastodon.rest.Client;
  let policeId: string;
  let stranger: mastodon.rest.Client;

  beforeAll(async () => {
    s = await listeningServer(dialect);
    const reviewer = await staffUser(s, 'reviewer');
    const o = await fastOrgan(s, reviewer.token);
    const p = await fastOrgan(s, reviewer.token, { organ_name: '北京市公安局海淀分局', verification: '海淀分局官方微博' });
    const x = await citizen(s);
    [organId, policeId] = [o.id, p.id];
    organ = createRestAPIClient({ url: s.url, accessToken: o.token });
    police = createRestAPIClient({ url: s.url, accessToken: p.token });
    stranger = createRestAPIClient({ url: s.url, accessToken: x.token });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('creates, reads, renames, lists and deletes a collection as the e2e test does', async () => {
    let wrapped = await organ.v1.collections.create({ name: '本市公安政务号', sensitive: false, discoverable: true, tagName: '平安北京' });
    expect(wrapped.collection).toMatchObject({ name: '本市公安政务号', accountId: organId, itemCount: 0, items: [], tag: { name: '平安北京' } });
    const withAccounts = await organ.v1.collections.$select(wrapped.collection.id).fetch();
    expect(withAccounts.accounts.map((a) => a.id)).toEqual([organId]);
    wrapped = await organ.v1.collections.$select(wrapped.collection.id).update({ name: '本市公安政务号 2' });
    expect(wrapped.collection.name).toBe('本市公安政务号 2');
    const listed = await organ.v1.accounts.$select(organId).collections.list();
    expect(listed.collections).toContainEqual(wrapped.collection);
    expect((await organ.v1.accounts.$select(organId).inCollections.list()).collections).toEqual([]);
    await expect(stranger.v1.collections.$select(wrapped.collection.id).update({ name: '抢' })).rejects.toMatchObject({ statusCode: 403 });
    await expect(stranger.v1.collections.$select(wrapped.collection.id).remove()).rejects.toMatchObject({ statusCode: 403 });
    await organ.v1.collections.$select(wrapped.collection.id).remove();
    await expect(organ.v1.collections.$select(wrapped.collection.id).fetch()).rejects.toMatchObject({ statusCode: 404 });
  });

  it('adds, removes and revokes items', async () => {
    const { collection } = await organ.v1.collections.create({ name: '分局', accountIds: [policeId] });
    expect(collection.items.map((i) => i.accountId)).toEqual([policeId]);
    expect((await police.v1.accounts.$select(policeId).inCollections.list()).collections.map((c) => c.id)).toEqual([collection.id]);
    await expect(stranger.v1.accounts.$select(policeId).inCollections.list()).rejects.toMatchObject({ statusCode: 403 });
    await police.v1.collections.$select(collection.id).items.$select(collection.items[0]!.id).revoke();
    expect((await organ.v1.collections.$select(collection.id).fetch()).collection.itemCount).toBe(0);
    await expect(organ.v1.collections.$select(collection.id).items.create({ accountId: policeId })).rejects.toMatchObject({ statusCode: 403 });
    const { id: strangerId } = await stranger.v1.accounts.verifyCredentials();
    await expect(organ.v1.collections.$select(collection.id).items.create({ accountId: strangerId })).rejects.toMatchObject({ statusCode: 403 });
    await stranger.v1.accounts.updateCredentials({ discoverable: true });
    const { collectionItem } = await organ.v1.collections.$select(collection.id).items.create({ accountId: strangerId });
    expect(collectionItem).toMatchObject({ accountId: strangerId, state: 'accepted' });
    await organ.v1.collections.$select(collection.id).items.$select(collectionItem.id).remove();
    expect((await organ.v1.collections.$select(collection.id).fetch()).accounts.map((a) => a.id)).toEqual([organId]);
  });
});
