import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, postStatus, remoteAccount, unique } from '../../../../test/factories.js';
import { type TestServer, listeningServer } from '../../../../test/http.js';
import { openEventStream } from '../../../../test/streams.js';
import { insertRemoteStatus } from '../../../statuses/insert-remote-status.js';

/** The public streams split by origin as Mastodon's: `public:local` carries this provider's statuses, `public:remote` other servers'. */
describe.each(DIALECTS)('public streams of remote statuses (%s)', (dialect) => {
  let s: TestServer & { url: string };
  beforeAll(async () => {
    s = await listeningServer(dialect);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('sends a remote status on public and public:remote, never on public:local; a local one the other way', async () => {
    const reader = await citizen(s);
    const alice = await citizen(s);
    const bob = await remoteAccount(s);
    const local = await openEventStream(s.url, '/api/v1/streaming/public/local', reader.token);
    const remote = await openEventStream(s.url, '/api/v1/streaming/public/remote', reader.token);
    const all = await openEventStream(s.url, '/api/v1/streaming/public', reader.token);
    try {
      expect([local.res.status, remote.res.status, all.res.status]).toEqual([200, 200, 200]);
      await new Promise((r) => setTimeout(r, 150));
      const theirs = String((await insertRemoteStatus(s.ctx, { accountId: bob.id, uri: `${bob.uri}/statuses/${unique('s')}`, contentHtml: '<p>远方</p>', visibility: 'public', published: new Date().toISOString() })).id);
      const mine = await postStatus(s, alice, { status: '本地' });
      await remote.inbox.next((m) => m.event === 'update' && m.payload.id === theirs);
      await local.inbox.next((m) => m.event === 'update' && m.payload.id === mine);
      await all.inbox.next((m) => m.event === 'update' && m.payload.id === theirs);
      await all.inbox.next((m) => m.event === 'update' && m.payload.id === mine);
      expect(await local.inbox.none((m) => m.event === 'update' && m.payload.id === theirs, 200)).toBe(true);
      expect(await remote.inbox.none((m) => m.event === 'update' && m.payload.id === mine, 200)).toBe(true);
    } finally {
      local.close();
      remote.close();
      all.close();
    }
  });
});
