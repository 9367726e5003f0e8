import jsonld from 'jsonld';
import { preloadedContexts } from '@fedify/vocab-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffUser, verifiedOrgan } from '../../test/factories.js';
import { type TestServer, testServer } from '../../test/http.js';
import { GOV_CONTEXT, GOV_CONTEXT_DOCUMENT, GOV_CONTEXT_PATH, GOV_NAMESPACE } from './gov-context.js';

const G = (term: string) => `${GOV_NAMESPACE}${term}`;

/** Offline: the contexts Fedify ships, and ours as the provider serves it. */
const loader = (served: unknown) => async (url: string) => {
  const document = url.endsWith(GOV_CONTEXT_PATH) ? served : (preloadedContexts as Record<string, unknown>)[url];
  if (document === undefined) throw new Error(`no network in tests: ${url}`);
  return { contextUrl: null, documentUrl: url, document };
};

/** The government profile expands, with a real JSON-LD processor, to the govblog IRIs the docs define. */
describe('the govblog JSON-LD context', () => {
  let s: TestServer;
  let username: string;
  beforeAll(async () => {
    s = await testServer('sqlite', { federation: true });
    const reviewer = await staffUser(s, 'reviewer');
    username = (await verifiedOrgan(s, reviewer.token)).username;
  });
  afterAll(async () => {
    await s?.close();
  });

  it('expands an organ actor document, as served, to govblog IRIs with typed values', async () => {
    const doc = JSON.parse((await s.call('GET', `/users/${username}`, { headers: { accept: 'application/activity+json' } })).body);
    const [actor] = await jsonld.expand(doc, { documentLoader: loader(GOV_CONTEXT_DOCUMENT) });
    expect(actor?.['@type']).toEqual(['https://www.w3.org/ns/activitystreams#Organization']);
    const [profile] = actor?.[G('government')] as Record<string, unknown>[];
    expect(profile?.['@type']).toEqual([G('GovernmentProfile')]);
    expect(profile?.[G('kind')]).toEqual([{ '@value': 'institutional' }]);
    expect(profile?.[G('organ')]).toEqual([{ '@value': 'government' }]);
    expect(profile?.[G('organName')]).toEqual([{ '@value': '北京市公安局' }]);
    expect(profile?.[G('level')]).toEqual([{ '@value': 'provincial' }]);
    expect(profile?.[G('province')]).toEqual([{ '@value': '11' }]);
    expect(profile?.[G('regionCode')]).toEqual([{ '@value': '110000' }]);
    expect(profile?.[G('publicSecurity')]).toEqual([{ '@value': true, '@type': 'http://www.w3.org/2001/XMLSchema#boolean' }]);
    expect(profile?.[G('verifiedAt')]).toEqual([{ '@value': expect.any(String), '@type': 'http://www.w3.org/2001/XMLSchema#dateTime' }]);
    expect(profile?.[G('verifiedBy')]).toEqual([{ '@id': 'http://test.example/actor' }]);
    // Fields stay schema.org PropertyValues, untouched by our terms.
    expect(actor?.['https://www.w3.org/ns/activitystreams#attachment']).toHaveLength(1);
  });

  it('means the same when a document references the served context instead of inlining it', async () => {
    const served = JSON.parse((await s.call('GET', GOV_CONTEXT_PATH)).body);
    const doc = { '@context': ['https://www.w3.org/ns/activitystreams', `http://test.example${GOV_CONTEXT_PATH}`], id: 'https://a.example/users/x', type: 'Person', government: { type: 'GovernmentProfile', level: 'county', rank: 'division', position: '副区长' } };
    const inline = { ...doc, '@context': ['https://www.w3.org/ns/activitystreams', GOV_CONTEXT] };
    const [a] = await jsonld.expand(doc, { documentLoader: loader(served) });
    const [b] = await jsonld.expand(inline, { documentLoader: loader(served) });
    expect(a).toEqual(b);
    const [p] = a?.[G('government')] as Record<string, unknown>[];
    expect(p?.[G('rank')]).toEqual([{ '@value': 'division' }]);
    expect(p?.[G('position')]).toEqual([{ '@value': '副区长' }]);
    // Outside `government`, the terms mean nothing of ours: no clash with other vocabularies' `level`, `kind`…
    const [c] = await jsonld.expand({ ...inline, level: 'x' }, { documentLoader: loader(served) });
    expect(Object.keys(c ?? {}).some((k) => k === G('level'))).toBe(false);
  });
});
