import { Accept, Announce, Block, Create, Delete, Flag, Follow, Hashtag, Like, Mention, Note, Reject, Undo, Update } from '@fedify/vocab';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/dialects.js';
import { citizen } from '../../test/factories.js';
import { type FedifyPeer, startPeer } from '../../test/fedify-peer.js';
import { type TestServer, federatingTestServer } from '../../test/http.js';
import { findAccountByUri } from '../accounts/accounts.repository.js';
import { remoteGovOf } from '../accounts/remote-gov.js';
import { startJobRunner } from '../jobs/runner.js';
import { forgetDomainRules } from '../moderation/domain-policy.js';
import { follow as followUseCase } from '../social/follow.js';
import { setFollowUri } from '../social/follows.repository.js';
import { findAccountById } from '../accounts/accounts.repository.js';
import { GOV_CONTEXT } from './gov-context.js';
import { FEDERATION_JOB_HANDLERS } from './jobs.js';
import { rememberActor } from './remote-actors.js';
import { instant } from './temporal.js';

const PUBLIC = new URL('https://www.w3.org/ns/activitystreams#Public');

/** What a real delivery does: the peer signs, our inbox verifies and queues, the inbox job runs the listener. */
describe.each(DIALECTS)('incoming activities from a peer on loopback (%s)', (dialect) => {
  let s: TestServer;
  let url: string;
  let peer: FedifyPeer;
  let organ: { id: string; token: string; username: string };
  let locked: { id: string; token: string; username: string };
  let reader: { id: string; token: string; username: string };
  const inboxOf = (username: string) => ({ id: `${url}/users/${username}`, inbox: `${url}/users/${username}/inbox` });
  let n = 0;
  const nextId = (what: string) => new URL(`${peer.origin}/${what}/${++n}`);

  const runJobs = async () => {
    const runner = startJobRunner(s.ctx, FEDERATION_JOB_HANDLERS, { start: false });
    for (let i = 0; i < 6 && (await runner.runDue()) > 0; i++);
    await runner.stop();
  };
  /** Delivers an activity signed by the peer's actor to a local account's inbox and runs what it queued. */
  const deliver = async (identifier: string, activity: Parameters<FedifyPeer['send']>[2], to = organ.username) => {
    await peer.send(identifier, inboxOf(to), activity);
    await runJobs();
  };
  const note = (identifier: string, content: string, extra: Partial<ConstructorParameters<typeof Note>[0]> = {}) =>
    new Note({ id: nextId('notes'), attribution: peer.actorId(identifier), content, to: PUBLIC, published: instant(new Date().toISOString()), ...extra });
  const create = (identifier: string, object: Note) => new Create({ id: nextId('creates'), actor: peer.actorId(identifier), object, to: PUBLIC });
  const statusOf = (uri: string) => s.ctx.db.selectFrom('statuses').selectAll().where('uri', '=', uri).executeTakeFirst();
  const remoteOf = async (identifier: string) => findAccountByUri(s.ctx.db, peer.actorId(identifier).href);
  const notifications = (accountId: string, type: string) => s.ctx.db.selectFrom('notifications').selectAll().where('account_id', '=', Number(accountId)).where('type', '=', type as never).execute();

  beforeAll(async () => {
    peer = await startPeer();
    const server = await federatingTestServer(dialect);
    [s, url] = [server, server.url];
    organ = await citizen(s, 'organ');
    locked = await citizen(s, 'locked');
    reader = await citizen(s, 'reader');
    await s.ctx.db.updateTable('accounts').set({ locked: 1 }).where('id', '=', Number(locked.id)).execute();
    peer.setActor('bob', { name: 'Bob' });
  }, 60_000);
  afterAll(async () => {
    await s?.close();
    await peer?.close();
  });
  beforeEach(async () => {
    await s.ctx.db.deleteFrom('domain_blocks').execute();
    forgetDomainRules(s.ctx.db);
  });

  // ---- refusals first ----

  it('an unsigned Create is refused at the inbox (401) and nothing of it is stored', async () => {
    const object = await create('alice', note('alice', '<p>unsigned</p>')).toJsonLd();
    const res = await fetch(`${url}/users/organ/inbox`, { method: 'POST', headers: { 'content-type': 'application/activity+json' }, body: JSON.stringify(object) });
    expect(res.status).toBe(401);
    await runJobs();
    expect(await s.ctx.db.selectFrom('statuses').select('id').where('text', 'like', '%unsigned%').execute()).toEqual([]);
    expect(await s.ctx.db.selectFrom('jobs').select('kind').where('kind', '=', 'federation.inbox').execute()).toEqual([]);
  });

  it('a Create signed by one actor for a Note attributed to another is refused', async () => {
    const forged = note('bob', '<p>words put in bob’s mouth</p>');
    await deliver('alice', new Create({ id: nextId('creates'), actor: peer.actorId('alice'), object: forged, to: PUBLIC }));
    expect(await statusOf(forged.id!.href)).toBeUndefined();
    expect(await remoteOf('bob')).toBeUndefined();
  });

  it("a Create for a Note whose id is on another host than its author's is refused", async () => {
    const elsewhere = new Note({ id: new URL('http://127.0.0.2:9/notes/1'), attribution: peer.actorId('alice'), content: 'x', to: PUBLIC });
    await deliver('alice', new Create({ id: nextId('creates'), actor: peer.actorId('alice'), object: elsewhere, to: PUBLIC }));
    expect(await statusOf('http://127.0.0.2:9/notes/1')).toBeUndefined();
  });

  it("drops a government profile that a provider claims for an actor of another host's verification, keeps its own", async () => {
    const profile = { type: 'GovernmentProfile', kind: 'institutional', organ: 'government', organName: '某市人民政府', publicSecurity: false, level: 'prefectural', rank: null, province: '44', regionCode: '440300', position: null, verification: '某市人民政府官方账号', verifiedAt: '2026-01-02T03:04:05.000Z' };
    peer.setActor('claimed', { type: 'Organization', contexts: [GOV_CONTEXT], extra: { government: { ...profile, verifiedBy: 'http://127.0.0.3:7/actor' } } });
    peer.setActor('own', { type: 'Organization', contexts: [GOV_CONTEXT], extra: { government: { ...profile, verifiedBy: `${peer.origin}/actor` } } });
    const claimed = await rememberActor(s.ctx, peer.actorId('claimed'));
    expect(claimed?.actor_type).toBe('Organization');
    expect(claimed?.remote_gov).toBeNull();
    const own = await rememberActor(s.ctx, peer.actorId('own'));
    expect(remoteGovOf(own!)).toMatchObject({ kind: 'institutional', organ_name: '某市人民政府', level: 'prefectural', region_code: '440300', verified_by: peer.host });
  });

  it('never remembers an actor of its own host, nor of a suspended domain', async () => {
    expect(await rememberActor(s.ctx, `${url}/users/organ`)).toBeNull();
    const now = new Date().toISOString();
    await s.ctx.db.insertInto('domain_blocks').values({ domain: '127.0.0.1', severity: 'suspend', private_comment: null, public_comment: null, created_at: now, updated_at: now }).execute();
    forgetDomainRules(s.ctx.db);
    peer.setActor('carol', {});
    const gets = peer.gets;
    expect(await rememberActor(s.ctx, peer.actorId('carol'))).toBeNull();
    expect(peer.gets).toBe(gets);
    const c = create('carol', note('carol', '<p>from a suspended domain</p>'));
    await deliver('carol', c);
    expect(await statusOf((c.objectId as URL).href)).toBeUndefined();
    expect(await remoteOf('carol')).toBeUndefined();
  });

  // ---- resolve ----

  it('resolves @user@host by WebFinger over http on loopback, and resolve=false asks nothing', async () => {
    peer.setActor('dora', { name: 'Dora', summary: '<p>hello <b>there</b></p>' });
    const gets = peer.gets;
    const none = await s.call('GET', `/api/v2/search?q=${encodeURIComponent(`@dora@${peer.host}`)}&type=accounts`, { token: reader.token });
    expect(none.json.accounts).toEqual([]);
    expect(peer.gets).toBe(gets);
    const found = await s.call('GET', `/api/v2/search?q=${encodeURIComponent(`@dora@${peer.host}`)}&resolve=true&type=accounts`, { token: reader.token });
    expect(found.status).toBe(200);
    expect(found.json.accounts).toHaveLength(1);
    expect(found.json.accounts[0]).toMatchObject({ acct: `dora@${peer.host}`, display_name: 'Dora', uri: peer.actorId('dora').href });
    expect(found.json.accounts[0].note).toContain('hello');
    expect(found.json.accounts[0].note).not.toContain('<b>');
    expect((await s.call('GET', `/api/v1/accounts/lookup?acct=${encodeURIComponent(`dora@${peer.host}`)}`)).json.id).toBe(found.json.accounts[0].id);
  });

  it('resolves a status URL by fetching it (and its author)', async () => {
    peer.setActor('erin', {});
    const id = `${peer.origin}/notes/served-1`;
    peer.serve('/notes/served-1', { '@context': 'https://www.w3.org/ns/activitystreams', id, type: 'Note', attributedTo: peer.actorId('erin').href, content: '<p>served note</p>', to: [PUBLIC.href], published: '2026-12-01T00:00:00Z' });
    const found = await s.call('GET', `/api/v2/search?q=${encodeURIComponent(id)}&resolve=true`, { token: reader.token });
    expect(found.json.statuses.map((x: { uri: string }) => x.uri)).toEqual([id]);
    expect(found.json.statuses[0].account.acct).toBe(`erin@${peer.host}`);
  });

  // ---- listeners ----

  it('Follow of an open account: a follow with the Follow id, a `follow` notification, an Accept sent back; Undo ends it', async () => {
    const f = new Follow({ id: nextId('follows'), actor: peer.actorId('alice'), object: new URL(`${url}/users/organ`) });
    await deliver('alice', f);
    const alice = (await remoteOf('alice'))!;
    const row = await s.ctx.db.selectFrom('follows').selectAll().where('account_id', '=', Number(alice.id)).where('target_account_id', '=', Number(organ.id)).executeTakeFirst();
    expect(row?.uri).toBe(f.id!.href);
    expect(await notifications(organ.id, 'follow')).toHaveLength(1);
    expect((await findAccountById(s.ctx.db, Number(organ.id)))?.followers_count).toBe(1);
    const accept = peer.inbox.find((a) => a instanceof Accept) as Accept | undefined;
    expect(accept?.actorId?.href).toBe(`${url}/users/organ`);
    expect(accept?.objectId?.href).toBe(f.id!.href);
    // Delivered twice: still one follow.
    await deliver('alice', f);
    expect(await s.ctx.db.selectFrom('follows').select('id').where('target_account_id', '=', Number(organ.id)).execute()).toHaveLength(1);
    await deliver('alice', new Undo({ id: nextId('undos'), actor: peer.actorId('alice'), object: f }));
    expect(await s.ctx.db.selectFrom('follows').select('id').where('target_account_id', '=', Number(organ.id)).execute()).toEqual([]);
    expect((await findAccountById(s.ctx.db, Number(organ.id)))?.followers_count).toBe(0);
  });

  it('Follow of a locked account: a follow request and a `follow_request` notification, no Accept', async () => {
    const before = peer.inbox.filter((a) => a instanceof Accept).length;
    await deliver('alice', new Follow({ id: nextId('follows'), actor: peer.actorId('alice'), object: new URL(`${url}/users/locked`) }), 'locked');
    const alice = (await remoteOf('alice'))!;
    expect(await s.ctx.db.selectFrom('follow_requests').select('uri').where('account_id', '=', Number(alice.id)).where('target_account_id', '=', Number(locked.id)).execute()).toHaveLength(1);
    expect(await notifications(locked.id, 'follow_request')).toHaveLength(1);
    expect(peer.inbox.filter((a) => a instanceof Accept)).toHaveLength(before);
  });

  it('Follow from an account the local one blocks: a Reject, no follow; its mentions notify nobody', async () => {
    peer.setActor('mallory', {});
    const mallory = (await rememberActor(s.ctx, peer.actorId('mallory')))!;
    expect((await s.call('POST', `/api/v1/accounts/${mallory.id}/block`, { token: reader.token })).status).toBe(200);
    await deliver('mallory', new Follow({ id: nextId('follows'), actor: peer.actorId('mallory'), object: new URL(`${url}/users/reader`) }), 'reader');
    expect(await s.ctx.db.selectFrom('follows').select('id').where('account_id', '=', Number(mallory.id)).execute()).toEqual([]);
    expect(peer.inbox.some((a) => a instanceof Reject)).toBe(true);
    const m = note('mallory', '<p>@reader hi</p>', { tags: [new Mention({ href: new URL(`${url}/users/reader`), name: `@reader@127.0.0.1` })] });
    await deliver('mallory', create('mallory', m), 'reader');
    expect(await statusOf(m.id!.href)).toBeDefined();
    expect(await notifications(reader.id, 'mention')).toEqual([]);
  });

  it('Create: a public Note with a hashtag, a warning and a language; a reply to a local status notifies its author', async () => {
    const posted = await s.call('POST', '/api/v1/statuses', { token: organ.token, body: { status: '通知', visibility: 'public' } });
    const parentUri = posted.json.uri as string;
    const n1 = note('alice', '<p>回复 <a href="x" class="hashtag">#地铁</a></p>', {
      replyTarget: new URL(parentUri),
      summary: '剧透',
      tags: [new Hashtag({ href: new URL(`${peer.origin}/tags/地铁`), name: '#地铁' }), new Mention({ href: new URL(`${url}/users/organ`), name: '@organ' })],
    });
    await deliver('alice', create('alice', n1));
    const st = (await statusOf(n1.id!.href))!;
    expect(st).toMatchObject({ visibility: 'public', spoiler_text: '剧透', in_reply_to_id: Number(posted.json.id) });
    expect(st.text).toContain('回复');
    const tags = await s.ctx.db.selectFrom('status_tags').innerJoin('tags', 'tags.id', 'status_tags.tag_id').select('tags.name').where('status_tags.status_id', '=', Number(st.id)).execute();
    expect(tags.map((t) => t.name.toLowerCase())).toContain('地铁');
    const notes = [...(await notifications(organ.id, 'mention')), ...(await notifications(organ.id, 'reply'))];
    expect(notes.some((x) => Number(x.status_id) === Number(st.id))).toBe(true);
    // Followers only, and addressed to nobody: private and direct.
    const alice = (await remoteOf('alice'))!;
    const priv = note('alice', '<p>for followers</p>', { to: new URL(alice.followers_url!) });
    const direct = note('alice', '<p>for organ</p>', { to: new URL(`${url}/users/organ`), tags: [new Mention({ href: new URL(`${url}/users/organ`) })] });
    const unlisted = note('alice', '<p>quietly</p>', { to: new URL(alice.followers_url!), cc: PUBLIC });
    for (const x of [priv, direct, unlisted]) await deliver('alice', create('alice', x));
    expect((await statusOf(priv.id!.href))?.visibility).toBe('private');
    expect((await statusOf(direct.id!.href))?.visibility).toBe('direct');
    expect((await statusOf(unlisted.id!.href))?.visibility).toBe('unlisted');
  });

  it('Update of a Note changes its text (its author only); Delete takes it away (its author only)', async () => {
    const n1 = note('alice', '<p>first</p>');
    await deliver('alice', create('alice', n1));
    const edited = new Note({ id: n1.id, attribution: peer.actorId('alice'), content: '<p>second</p>', to: PUBLIC, updated: instant(new Date(Date.now() + 1000).toISOString()) });
    await deliver('bob', new Update({ id: nextId('updates'), actor: peer.actorId('bob'), object: new Note({ id: n1.id, attribution: peer.actorId('bob'), content: '<p>hijack</p>', to: PUBLIC }) }));
    expect((await statusOf(n1.id!.href))?.text).toBe('first');
    await deliver('alice', new Update({ id: nextId('updates'), actor: peer.actorId('alice'), object: edited }));
    expect((await statusOf(n1.id!.href))?.text).toBe('second');
    await deliver('bob', new Delete({ id: nextId('deletes'), actor: peer.actorId('bob'), object: n1.id }));
    expect((await statusOf(n1.id!.href))?.deleted_at).toBeNull();
    await deliver('alice', new Delete({ id: nextId('deletes'), actor: peer.actorId('alice'), object: n1.id }));
    expect((await statusOf(n1.id!.href))?.deleted_at).not.toBeNull();
  });

  it('Update of the actor refreshes its profile', async () => {
    peer.setActor('frank', { name: 'Frank' });
    const before = (await rememberActor(s.ctx, peer.actorId('frank')))!;
    expect(before.display_name).toBe('Frank');
    peer.setActor('frank', { name: 'Frank 2', summary: '<p>new bio</p>', locked: true });
    await deliver('frank', new Update({ id: nextId('updates'), actor: peer.actorId('frank'), object: peer.actorId('frank') }));
    const after = (await remoteOf('frank'))!;
    expect(after).toMatchObject({ display_name: 'Frank 2', note: 'new bio', locked: 1 });
  });

  it('Like of a local status: a favourite counted here and a `favourite` notification; Undo takes it back', async () => {
    const posted = await s.call('POST', '/api/v1/statuses', { token: organ.token, body: { status: 'like me' } });
    const like = new Like({ id: nextId('likes'), actor: peer.actorId('alice'), object: new URL(posted.json.uri) });
    await deliver('alice', like);
    expect((await s.call('GET', `/api/v1/statuses/${posted.json.id}`)).json.favourites_count).toBe(1);
    expect((await notifications(organ.id, 'favourite')).some((x) => Number(x.status_id) === Number(posted.json.id))).toBe(true);
    await deliver('alice', new Undo({ id: nextId('undos'), actor: peer.actorId('alice'), object: like }));
    expect((await s.call('GET', `/api/v1/statuses/${posted.json.id}`)).json.favourites_count).toBe(0);
  });

  it('Announce of a local status: a reblog keeping the Announce id; Undo takes it back', async () => {
    const posted = await s.call('POST', '/api/v1/statuses', { token: organ.token, body: { status: 'boost me' } });
    const announce = new Announce({ id: nextId('announces'), actor: peer.actorId('alice'), object: new URL(posted.json.uri), to: PUBLIC });
    await deliver('alice', announce);
    const reblog = await statusOf(announce.id!.href);
    expect(reblog?.reblog_of_id).toBe(Number(posted.json.id));
    expect((await s.call('GET', `/api/v1/statuses/${posted.json.id}`)).json.reblogs_count).toBe(1);
    await deliver('alice', new Undo({ id: nextId('undos'), actor: peer.actorId('alice'), object: announce }));
    expect((await s.call('GET', `/api/v1/statuses/${posted.json.id}`)).json.reblogs_count).toBe(0);
  });

  it('Accept of our Follow (matched by its id) makes the follow; Reject of another drops the request', async () => {
    const alice = (await remoteOf('alice'))!;
    peer.setActor('gina', {});
    const gina = (await rememberActor(s.ctx, peer.actorId('gina')))!;
    const asking = (await findAccountById(s.ctx.db, Number(reader.id)))!;
    for (const target of [alice, gina]) {
      await followUseCase(s.ctx, { account: asking, operator: null }, Number(target.id));
      await setFollowUri(s.ctx.db, 'follow_requests', Number(reader.id), Number(target.id), `${url}/users/reader#follows/${target.id}`);
    }
    await deliver('alice', new Accept({ id: nextId('accepts'), actor: peer.actorId('alice'), object: new Follow({ id: new URL(`${url}/users/reader#follows/${alice.id}`), actor: new URL(`${url}/users/reader`), object: peer.actorId('alice') }) }), 'reader');
    expect(await s.ctx.db.selectFrom('follows').select('id').where('account_id', '=', Number(reader.id)).where('target_account_id', '=', Number(alice.id)).execute()).toHaveLength(1);
    // Gina's answer cannot accept a follow of alice's.
    await deliver('gina', new Reject({ id: nextId('rejects'), actor: peer.actorId('gina'), object: new URL(`${url}/users/reader#follows/${alice.id}`) }), 'reader');
    expect(await s.ctx.db.selectFrom('follows').select('id').where('account_id', '=', Number(reader.id)).where('target_account_id', '=', Number(alice.id)).execute()).toHaveLength(1);
    await deliver('gina', new Reject({ id: nextId('rejects'), actor: peer.actorId('gina'), object: new URL(`${url}/users/reader#follows/${gina.id}`) }), 'reader');
    expect(await s.ctx.db.selectFrom('follow_requests').select('id').where('account_id', '=', Number(reader.id)).where('target_account_id', '=', Number(gina.id)).execute()).toEqual([]);
    expect(await s.ctx.db.selectFrom('follows').select('id').where('account_id', '=', Number(reader.id)).where('target_account_id', '=', Number(gina.id)).execute()).toEqual([]);
  });

  it('Block of a local account by a remote one ends follows both ways; Undo lifts it', async () => {
    peer.setActor('hank', {});
    const hank = (await rememberActor(s.ctx, peer.actorId('hank')))!;
    await deliver('hank', new Follow({ id: nextId('follows'), actor: peer.actorId('hank'), object: new URL(`${url}/users/organ`) }));
    expect(await s.ctx.db.selectFrom('follows').select('id').where('account_id', '=', Number(hank.id)).execute()).toHaveLength(1);
    const block = new Block({ id: nextId('blocks'), actor: peer.actorId('hank'), object: new URL(`${url}/users/organ`) });
    await deliver('hank', block);
    expect(await s.ctx.db.selectFrom('follows').select('id').where('account_id', '=', Number(hank.id)).execute()).toEqual([]);
    expect(await s.ctx.db.selectFrom('blocks').select('id').where('account_id', '=', Number(hank.id)).where('target_account_id', '=', Number(organ.id)).execute()).toHaveLength(1);
    await deliver('hank', new Undo({ id: nextId('undos'), actor: peer.actorId('hank'), object: block }));
    expect(await s.ctx.db.selectFrom('blocks').select('id').where('account_id', '=', Number(hank.id)).execute()).toEqual([]);
  });

  it('Flag about a local account and its status: a report from the remote instance actor; none from a domain that rejects reports', async () => {
    peer.setActor('instance', { type: 'Service' });
    const posted = await s.call('POST', '/api/v1/statuses', { token: organ.token, body: { status: 'reported' } });
    const flag = () => new Flag({ id: nextId('flags'), actor: peer.actorId('instance'), objects: [new URL(`${url}/users/organ`), new URL(posted.json.uri)], content: 'spam' });
    await deliver('instance', flag());
    const reports = await s.ctx.db.selectFrom('reports').selectAll().where('target_account_id', '=', Number(organ.id)).execute();
    expect(reports).toHaveLength(1);
    expect(JSON.parse(reports[0]!.status_ids)).toEqual([Number(posted.json.id)]);
    expect(reports[0]?.comment).toBe('spam');
    expect(reports[0]?.account_id).toBe(Number((await remoteOf('instance'))!.id));
    const now = new Date().toISOString();
    await s.ctx.db.insertInto('domain_blocks').values({ domain: '127.0.0.1', severity: 'noop', reject_reports: 1, private_comment: null, public_comment: null, created_at: now, updated_at: now }).execute();
    forgetDomainRules(s.ctx.db);
    await deliver('instance', flag());
    expect(await s.ctx.db.selectFrom('reports').select('id').where('target_account_id', '=', Number(organ.id)).execute()).toHaveLength(1);
  });

  it("a silenced domain's accounts are stored silenced", async () => {
    const now = new Date().toISOString();
    await s.ctx.db.insertInto('domain_blocks').values({ domain: '127.0.0.1', severity: 'silence', private_comment: null, public_comment: null, created_at: now, updated_at: now }).execute();
    forgetDomainRules(s.ctx.db);
    peer.setActor('ivan', {});
    expect((await rememberActor(s.ctx, peer.actorId('ivan')))?.silenced_at).not.toBeNull();
  });

  it('Delete of the actor closes its account and takes its statuses away', async () => {
    peer.setActor('jack', {});
    const n1 = note('jack', '<p>soon gone</p>');
    await deliver('jack', create('jack', n1));
    expect((await statusOf(n1.id!.href))?.deleted_at).toBeNull();
    await deliver('jack', new Delete({ id: nextId('deletes'), actor: peer.actorId('jack'), object: peer.actorId('jack') }));
    expect((await remoteOf('jack'))?.closed_at).not.toBeNull();
    expect((await statusOf(n1.id!.href))?.deleted_at).not.toBeNull();
  });

  it('lists the known remote domains as peers, not suspended ones', async () => {
    expect((await s.call('GET', '/api/v1/instance/peers')).json).toEqual([peer.host]);
    const now = new Date().toISOString();
    await s.ctx.db.insertInto('domain_blocks').values({ domain: '127.0.0.1', severity: 'suspend', private_comment: null, public_comment: null, created_at: now, updated_at: now }).execute();
    forgetDomainRules(s.ctx.db);
    expect((await s.call('GET', '/api/v1/instance/peers')).json).toEqual([]);
  });
});
