import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen } from '../../../../test/factories.js';
import { type TestServer, listeningServer } from '../../../../test/http.js';
import { openSocket } from '../../../../test/streams.js';

/** A status pushed on the user stream carries each listener's own bookmarked and pinned, as the REST answers do. */
describe.each(DIALECTS)('bookmarked and pinned on the user stream (%s)', (dialect) => {
  let s: TestServer & { url: string };
  beforeAll(async () => {
    s = await listeningServer(dialect);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('a new status is neither; an edited one is bookmarked for the reader who kept it and pinned for its author', async () => {
    const author = await citizen(s);
    const reader = await citizen(s);
    expect((await s.call('POST', `/api/v1/accounts/${author.id}/follow`, { token: reader.token })).status).toBe(200);
    const [mine, theirs] = await Promise.all([openSocket(s.url, { token: author.token, query: { stream: 'user' } }), openSocket(s.url, { token: reader.token, query: { stream: 'user' } })]);
    try {
      const id = (await s.call('POST', '/api/v1/statuses', { token: author.token, body: { status: '置顶候选' } })).json.id as string;
      for (const sock of [mine, theirs]) {
        const m = await sock.inbox.next((e) => e.event === 'update' && e.payload.id === id);
        expect([m.payload.bookmarked, m.payload.pinned]).toEqual([false, false]);
      }
      expect((await s.call('POST', `/api/v1/statuses/${id}/pin`, { token: author.token })).status).toBe(200);
      expect((await s.call('POST', `/api/v1/statuses/${id}/bookmark`, { token: reader.token })).status).toBe(200);
      // What an edit publishes (src/streaming/events.ts).
      s.ctx.streaming.bus.publish([{ t: 'status.update', id: Number(id) }]);
      const forAuthor = await mine.inbox.next((e) => e.event === 'status.update' && e.payload.id === id);
      const forReader = await theirs.inbox.next((e) => e.event === 'status.update' && e.payload.id === id);
      expect([forAuthor.payload.pinned, forAuthor.payload.bookmarked]).toEqual([true, false]);
      expect([forReader.payload.pinned, forReader.payload.bookmarked]).toEqual([false, true]);
    } finally {
      mine.ws.close();
      theirs.ws.close();
    }
  });
});
