import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/dialects.js';
import { citizen } from '../../test/factories.js';
import { type FedifyPeer, startPeer } from '../../test/fedify-peer.js';
import { type TestServer, federatingTestServer } from '../../test/http.js';
import { rememberActor } from './remote-actors.js';

const AS = 'https://www.w3.org/ns/activitystreams';

/** A remote account's counts are what its server publishes: the totalItems of its followers, following and outbox. */
describe.each(DIALECTS)("a remote account's counts (%s)", (dialect) => {
  let s: TestServer;
  let peer: FedifyPeer;
  let reader: { token: string };
  const collection = (path: string, totalItems: unknown) => peer.serve(path, { '@context': AS, id: `${peer.origin}${path}`, type: 'OrderedCollection', totalItems });
  const shown = async (name: string) => (await s.call('GET', `/api/v1/accounts/lookup?acct=${encodeURIComponent(`${name}@${peer.host}`)}`, { token: reader.token })).json;

  beforeAll(async () => {
    peer = await startPeer();
    s = await federatingTestServer(dialect);
    reader = await citizen(s, 'reader');
  }, 60_000);
  afterAll(async () => {
    await s?.close();
    await peer?.close();
  });

  it('reads the three collections when the actor is remembered, and again when it is refreshed', async () => {
    peer.setActor('organ', { type: 'Organization', extra: { following: `${peer.origin}/users/organ/following`, outbox: `${peer.origin}/users/organ/outbox` } });
    collection('/users/organ/followers', 12_345);
    collection('/users/organ/following', 67);
    collection('/users/organ/outbox', 21_403);
    expect(await rememberActor(s.ctx, peer.actorId('organ'))).not.toBeNull();
    expect(await shown('organ')).toMatchObject({ followers_count: 12_345, following_count: 67, statuses_count: 21_403 });

    collection('/users/organ/followers', 12_400);
    await rememberActor(s.ctx, peer.actorId('organ'), { refresh: true });
    expect((await shown('organ')).followers_count).toBe(12_400);
  });

  it('keeps a count as it was when its collection is missing, hidden, malformed, elsewhere or gone, and stores the actor anyway', async () => {
    peer.setActor('shy', { extra: { following: 'http://127.0.0.9:1/users/shy/following', outbox: `${peer.origin}/users/shy/outbox` } });
    // followers: nothing served there (404); following: on another host, never asked; outbox: no totalItems.
    peer.serve('/users/shy/outbox', { '@context': AS, id: `${peer.origin}/users/shy/outbox`, type: 'OrderedCollection' });
    const first = await rememberActor(s.ctx, peer.actorId('shy'));
    expect(first).not.toBeNull();
    expect(await shown('shy')).toMatchObject({ followers_count: 0, following_count: 0, statuses_count: 0 });

    collection('/users/shy/followers', 5);
    collection('/users/shy/outbox', 9);
    await rememberActor(s.ctx, peer.actorId('shy'), { refresh: true });
    expect(await shown('shy')).toMatchObject({ followers_count: 5, statuses_count: 9 });
    // A later answer that says nothing usable changes nothing.
    collection('/users/shy/followers', -3);
    collection('/users/shy/outbox', 'many');
    await rememberActor(s.ctx, peer.actorId('shy'), { refresh: true });
    expect(await shown('shy')).toMatchObject({ followers_count: 5, statuses_count: 9 });
  });
});
