import { describe, expect, it } from 'vitest';
import { fakeProvidersClosedAfterEach, govRecord, mastodonAccount } from '../../../test/fake-providers.js';
import { createHttpClient } from '../retry.js';
import { accountToRecord, htmlToText, mastodonDirectory } from './mastodon-directory.js';
import { nextLink, providerDirectory } from './provider-directory.js';
import { SourceError, SourceMissingError, type AccountSource, type Page } from './source.js';

const fake = fakeProvidersClosedAfterEach();
const http = () => createHttpClient({ sleep: async () => undefined, timeoutMs: 2000 });

async function all(source: AccountSource, from: string | null = null): Promise<Page[]> {
  const pages: Page[] = [];
  for await (const p of source.pages(from)) pages.push(p);
  return pages;
}

describe('nextLink', () => {
  it('finds rel="next" among several links, in any order, resolving relative targets', () => {
    const h = '<https://p.example/a?max_id=1>; rel="prev", <https://p.example/a?min_id=9&limit=2>; rel="next"';
    expect(nextLink(h, 'https://p.example/a')).toBe('https://p.example/a?min_id=9&limit=2');
    expect(nextLink('</api/v1/gov/directory?min_id=5>; rel=next', 'https://p.example/x')).toBe('https://p.example/api/v1/gov/directory?min_id=5');
    expect(nextLink('<https://p.example/b>; title="a, b"; rel="last next"', 'https://p.example/')).toBe('https://p.example/b');
  });

  it('is null without a next link', () => {
    expect(nextLink(null, 'https://p.example/')).toBeNull();
    expect(nextLink('<https://p.example/a>; rel="prev"', 'https://p.example/')).toBeNull();
  });
});

describe('htmlToText', () => {
  it('drops tags, turns breaks and paragraphs into spaces, decodes entities', () => {
    expect(htmlToText('<p>生活&amp;美食<br>随手拍</p><p>&#x5E73;&#23433; &lt;b&gt;</p>')).toBe('生活&美食 随手拍 平安 <b>');
    expect(htmlToText(null)).toBe('');
  });
});

describe('accountToRecord', () => {
  it("takes a govblog provider's gov object as verification and labels", () => {
    const r = accountToRecord('weibo.example', {
      ...mastodonAccount(2),
      display_name: '平安北京',
      gov: {
        kind: 'institutional', organ: 'government', public_security: true, level: 'provincial', rank: 'bureau', province: '11',
        verification: '北京市公安局官方微博', verified_at: '2012-01-01T00:00:00.000Z',
      },
    });
    expect(r).toMatchObject({
      provider: 'weibo.example', id: '2', handle: 'user2', name: '平安北京', verified: true, verification: '北京市公安局官方微博', closed_at: null,
      labels: { government: true, kind: 'institutional', organ: 'government', public_security: true, level: 'provincial', rank: null, province: '11' },
    });
  });

  it('on a govblog provider, gov: null is unverified and classified from name and note', () => {
    const r = accountToRecord('weibo.example', { ...mastodonAccount(2), gov: null });
    expect(r.verified).toBe(false);
    expect(r.verification).toBe('生活&美食 随手拍');
    expect(r.labels).toMatchObject({ government: false });
  });

  it('on plain Mastodon, a verified field makes it verified and gives the text the classifier reads', () => {
    const police = accountToRecord('mastodon.example', mastodonAccount(3));
    expect(police).toMatchObject({ verified: true, verification: '认证 西安市公安局官方微博', name: '平安西安3', followers: 3, posts: 6 });
    expect(police.labels).toMatchObject({ government: true, public_security: true, province: '61' });
    const citizen = accountToRecord('mastodon.example', mastodonAccount(4));
    expect(citizen).toMatchObject({ verified: false, name: 'user4', verification: '生活&美食 随手拍' });
    expect(citizen.labels).toMatchObject({ government: false });
  });
});

describe('providerDirectory', () => {
  it('follows the Link header page by page to the end; bad records are rejected, not fatal', async () => {
    const p = await fake({ kind: 'gov', count: 25, name: 'weibo.example', bad: new Set([7]) });
    const pages = await all(providerDirectory(p.url, http(), { pageSize: 10, name: p.name }));
    expect(pages.map((x) => x.records.length)).toEqual([9, 10, 5]);
    expect(pages.flatMap((x) => x.records)).toEqual(p.truth());
    expect(pages[0]?.rejected).toEqual([{ url: pages[0]?.url, index: 6, error: 'created_at: not an RFC 3339 timestamp' }]);
    expect(pages[1]?.url).toBe(`${p.url}/api/v1/gov/directory?limit=10&verified=true&min_id=10`);
    expect(pages[2]?.next).toBeNull();
  });

  it('ends on an empty full-page follow-up, and starts from a cursor', async () => {
    const p = await fake({ kind: 'gov', count: 20, name: 'weibo.example' });
    const pages = await all(providerDirectory(p.url, http(), { pageSize: 10, name: p.name }), `${p.url}/api/v1/gov/directory?limit=10&verified=true&min_id=10`);
    expect(pages.map((x) => x.records.length)).toEqual([10, 0]);
    expect(pages[0]?.records[0]).toEqual(govRecord('weibo.example', 11));
  });

  it('says the feed is missing on a 404 for the first page, so that the crawl can fall back', async () => {
    const p = await fake({ kind: 'mastodon', count: 3 });
    await expect(all(providerDirectory(p.url, http(), { pageSize: 10, name: p.name }))).rejects.toBeInstanceOf(SourceMissingError);
  });

  it('fails on an answer that is not a list of records', async () => {
    const p = await fake({ kind: 'gov', count: 3, fault: () => ({ status: 403 }) });
    await expect(all(providerDirectory(p.url, http(), { pageSize: 10, name: p.name }))).rejects.toThrow(SourceError);
  });
});

describe('mastodonDirectory', () => {
  it('pages by offset, at most 80 a page, newest first, until an empty page', async () => {
    const p = await fake({ kind: 'mastodon', count: 170 });
    const pages = await all(mastodonDirectory(p.url, http(), { pageSize: 1000 }));
    expect(pages.map((x) => x.records.length)).toEqual([80, 80, 10, 0]);
    expect(p.requests.map((u) => u.searchParams.get('offset'))).toEqual(['0', '80', '160', '170']);
    expect(p.requests[0]?.searchParams.get('limit')).toBe('80');
    expect(p.requests[0]?.searchParams.get('local')).toBe('true');
    const ids = pages.flatMap((x) => x.records.map((r) => Number(r.id))).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: 170 }, (_, i) => i + 1));
    expect(pages[0]?.records[0]?.provider).toBe(p.host);
  });

  it('keeps going when the server pages smaller than asked', async () => {
    const p = await fake({ kind: 'mastodon', count: 50, maxLimit: 40 });
    const pages = await all(mastodonDirectory(p.url, http(), { pageSize: 80 }));
    expect(pages.map((x) => x.records.length)).toEqual([40, 10, 0]);
  });
});
