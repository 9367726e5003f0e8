import { type mastodon, createRestAPIClient } from 'masto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, staffUser } from '../../../../test/factories.js';
import { type TestServer, listeningServer } from '../../../../test/http.js';

/** The admin domain blocks and allows as masto.js calls them (its e2e suite's calls), and the instance's public list. */
describe.each(DIALECTS)('domain moderation through masto.js (%s)', (dialect) => {
  let s: TestServer & { url: string };
  let admin: mastodon.rest.Client;
  let reviewer: mastodon.rest.Client;
  let user: mastodon.rest.Client;

  beforeAll(async () => {
    s = await listeningServer(dialect, { showDomainBlocks: 'all', showDomainBlocksRationale: 'all' });
    admin = createRestAPIClient({ url: s.url, accessToken: (await staffUser(s, 'admin')).token });
    reviewer = createRestAPIClient({ url: s.url, accessToken: (await staffUser(s, 'reviewer')).token });
    user = createRestAPIClient({ url: s.url, accessToken: (await citizen(s)).token });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('handles domain blocks: create, update, fetch, list, remove', async () => {
    let block = await admin.v1.admin.domainBlocks.create({ domain: 'example.com', rejectMedia: true, publicComment: '垃圾信息', obfuscate: true });
    expect(block.domain).toMatch(/example.com/);
    expect(block.rejectMedia).toBe(true);
    expect(block.severity).toBe('silence');
    await expect(admin.v1.admin.domainBlocks.create({ domain: 'Example.COM' })).rejects.toMatchObject({ statusCode: 422 });

    await admin.v1.admin.domainBlocks.$select(block.id).update({ rejectMedia: false, severity: 'suspend' });
    block = await admin.v1.admin.domainBlocks.$select(block.id).fetch();
    expect(block).toMatchObject({ rejectMedia: false, severity: 'suspend', publicComment: '垃圾信息' });
    expect(await admin.v1.admin.domainBlocks.list()).toContainEqual(block);

    const shown = await user.v1.instance.domainBlocks.fetch();
    expect(shown).toEqual([{ domain: 'exa****.*om', digest: block.digest, severity: 'suspend', comment: '垃圾信息' }]);

    await expect(reviewer.v1.admin.domainBlocks.list()).rejects.toMatchObject({ statusCode: 403 });
    await expect(user.v1.admin.domainBlocks.create({ domain: 'other.example' })).rejects.toMatchObject({ statusCode: 403 });
    await expect(reviewer.v1.admin.domainBlocks.$select(block.id).remove()).rejects.toMatchObject({ statusCode: 403 });

    await admin.v1.admin.domainBlocks.$select(block.id).remove();
    await expect(admin.v1.admin.domainBlocks.$select(block.id).fetch()).rejects.toMatchObject({ statusCode: 404 });
    expect(await user.v1.instance.domainBlocks.fetch()).toEqual([]);
  });

  it('pages the blocks with its paginator', async () => {
    const made: string[] = [];
    for (const domain of ['one.example', 'two.example', 'three.example']) made.push((await admin.v1.admin.domainBlocks.create({ domain, severity: 'noop', rejectReports: true })).id);
    const pages: string[][] = [];
    for await (const page of admin.v1.admin.domainBlocks.list({ limit: 2 })) pages.push(page.map((b) => b.id));
    expect(pages).toEqual([[made[2], made[1]], [made[0]]]);
    for (const id of made) await admin.v1.admin.domainBlocks.$select(id).remove();
  });

  it('handles domain allows: create, fetch, list, remove', async () => {
    let allow = await admin.v1.admin.domainAllows.create({ domain: 'example.domain.to.allow.com' });
    try {
      allow = await admin.v1.admin.domainAllows.$select(allow.id).fetch();
      expect(allow.domain).toMatch(/example.domain.to.allow.com/);
      expect(await admin.v1.admin.domainAllows.list()).toContainEqual(allow);
      expect((await admin.v1.admin.domainAllows.create({ domain: 'example.domain.to.allow.com' })).id).toBe(allow.id);
      await expect(reviewer.v1.admin.domainAllows.list()).rejects.toMatchObject({ statusCode: 403 });
    } finally {
      await admin.v1.admin.domainAllows.$select(allow.id).remove();
    }
    expect(await admin.v1.admin.domainAllows.list()).toEqual([]);
  });
});
