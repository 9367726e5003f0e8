import { type mastodon, createRestAPIClient } from 'masto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen } from '../../../../test/factories.js';
import { type TestServer, listeningServer } from '../../../../test/http.js';

/** Bookmarks, favourites, pins and the by-id lists as masto.js calls them: its paginator follows our Link headers. */
describe.each(DIALECTS)('collections through masto.js (%s)', (dialect) => {
  let s: TestServer & { url: string };
  let reader: mastodon.rest.Client;
  let author: mastodon.rest.Client;
  let authorId: string;
  let readerId: string;

  beforeAll(async () => {
    s = await listeningServer(dialect);
    const a = await citizen(s);
    const r = await citizen(s);
    [authorId, readerId] = [a.id, r.id];
    author = createRestAPIClient({ url: s.url, accessToken: a.token });
    reader = createRestAPIClient({ url: s.url, accessToken: r.token });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('bookmarks and favourites, read back page by page', async () => {
    const posted: string[] = [];
    for (const text of ['一号通告', '二号通告', '三号通告']) posted.push((await author.v1.statuses.create({ status: text })).id);
    for (const id of posted) {
      expect((await reader.v1.statuses.$select(id).bookmark()).bookmarked).toBe(true);
      expect((await reader.v1.statuses.$select(id).favourite()).favourited).toBe(true);
    }
    for (const list of [reader.v1.bookmarks.list({ limit: 2 }), reader.v1.favourites.list({ limit: 2 })]) {
      const pages: string[][] = [];
      for await (const page of list) pages.push(page.map((st) => st.id));
      expect(pages).toEqual([[posted[2], posted[1]], [posted[0]]]);
    }
    expect((await reader.v1.statuses.$select(posted[0]!).unbookmark()).bookmarked).toBe(false);
    expect((await reader.v1.bookmarks.list()).map((st) => st.id)).toEqual([posted[2], posted[1]]);
  });

  it('pins its own status, not another’s; the profile lists pins; statuses and accounts by id', async () => {
    const notice = await author.v1.statuses.create({ status: '常设公告' });
    const pinned = await author.v1.statuses.$select(notice.id).pin();
    expect(pinned.pinned).toBe(true);
    await expect(reader.v1.statuses.$select(notice.id).pin()).rejects.toMatchObject({ statusCode: 422 });
    const profile = await reader.v1.accounts.$select(authorId).statuses.list({ pinned: true });
    expect(profile.map((st) => st.id)).toEqual([notice.id]);
    expect((await author.v1.statuses.$select(notice.id).unpin()).pinned).toBe(false);

    const other = await author.v1.statuses.create({ status: '另一条' });
    expect((await reader.v1.statuses.fetch({ id: [other.id, '999999999', notice.id] })).map((st) => st.id)).toEqual([other.id, notice.id]);
    expect((await reader.v1.accounts.fetch({ id: [readerId, authorId] })).map((a) => a.id)).toEqual([readerId, authorId]);
  });
});
