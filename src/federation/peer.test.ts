import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Federation, MemoryKvStore, createFederation, generateCryptoKeyPair } from '@fedify/fedify';
import { Create, Follow, Note, Person } from '@fedify/vocab';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../app/context.js';
import { buildApp } from '../http/app.js';
import { startJobRunner } from '../jobs/runner.js';
import { DIALECTS, testContext } from '../../test/dialects.js';
import { createUser } from '../accounts/sign-up.js';
import { federationOf } from './federation.js';
import { inboxListener } from './inbox.js';
import { FEDERATION_JOB_HANDLERS } from './jobs.js';
import { sendActivity } from './send.js';

type KeyPair = Awaited<ReturnType<typeof generateCryptoKeyPair>>;

/** A port free on loopback now (the provider's public URL must be known before it is built). */
async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/**
 * A second ActivityPub server in this process: Fedify on node:http over
 * loopback, one actor (`alice`), an inbox that records what it verified.
 */
async function startPeer(): Promise<{ origin: string; federation: Federation<void>; received: Create[]; close(): Promise<void> }> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const received: Create[] = [];
  const keys: KeyPair[] = [await generateCryptoKeyPair('RSASSA-PKCS1-v1_5')];
  const federation = createFederation<void>({ kv: new MemoryKvStore(), origin, allowPrivateAddress: true });
  federation
    .setActorDispatcher('/users/{identifier}', async (c, identifier) => {
      if (identifier !== 'alice') return null;
      const k = await c.getActorKeyPairs(identifier);
      return new Person({ id: c.getActorUri(identifier), preferredUsername: identifier, inbox: c.getInboxUri(identifier), publicKey: k[0]?.cryptographicKey ?? null });
    })
    .setKeyPairsDispatcher((_c, identifier) => (identifier === 'alice' ? keys : []));
  federation.setInboxListeners('/users/{identifier}/inbox', '/inbox').on(Create, (_c, create) => {
    received.push(create);
  });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const body = req.method === 'GET' || req.method === 'HEAD' ? null : Buffer.concat(chunks);
      void federation
        .fetch(new Request(`${origin}${req.url}`, { method: req.method, headers, body }), { contextData: undefined })
        .then(async (r) => {
          res.writeHead(r.status, Object.fromEntries(r.headers));
          res.end(Buffer.from(await r.arrayBuffer()));
        });
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { origin, federation, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Two servers on loopback: what a peer signs is accepted and handled, what we send arrives signed and verified. */
describe.each(DIALECTS)('federation with a peer on loopback (%s)', (dialect) => {
  let ctx: Context;
  let app: FastifyInstance;
  let peer: Awaited<ReturnType<typeof startPeer>>;
  let organ: { id: string; username: string };
  const follows: Follow[] = [];
  beforeAll(async () => {
    peer = await startPeer();
    const port = await freePort();
    ctx = await testContext(dialect, { publicUrl: `http://127.0.0.1:${port}`, provider: `127.0.0.1:${port}`, allowPrivatePeers: true });
    // A listener of the test's own, through the registration point round 2 will use.
    federationOf(ctx, { listeners: [inboxListener(Follow, async (_ctx, _inbox, follow) => void follows.push(follow))] });
    app = await buildApp(ctx);
    await app.listen({ port, host: '127.0.0.1' });
    const u = await createUser(ctx, { username: 'organ', role: 'user' });
    organ = { id: u.id, username: u.username };
  });
  afterAll(async () => {
    await app?.close();
    federationOf(ctx)?.stop();
    await peer?.close();
    await ctx?.close();
  });

  const runJobs = async () => {
    const runner = startJobRunner(ctx, FEDERATION_JOB_HANDLERS, { start: false });
    // A fanout job makes outbox jobs: run until none is due.
    for (let i = 0; i < 5 && (await runner.runDue()) > 0; i++);
    await runner.stop();
  };

  it('accepts an activity the peer signed, queues it as a federation.inbox job, and hands it to the registered listener', async () => {
    const c = peer.federation.createContext(new URL(peer.origin));
    const follow = new Follow({ id: new URL(`${peer.origin}/follows/1`), actor: c.getActorUri('alice'), object: new URL(`${ctx.config.publicUrl}/users/organ`) });
    await c.sendActivity({ identifier: 'alice' }, { id: new URL(`${ctx.config.publicUrl}/users/organ`), inboxId: new URL(`${ctx.config.publicUrl}/users/organ/inbox`) }, follow, { immediate: true });
    const jobs = await ctx.db.selectFrom('jobs').select('kind').execute();
    expect(jobs.map((j) => j.kind)).toEqual(['federation.inbox']);
    await runJobs();
    expect(follows.map((f) => f.id?.href)).toEqual([`${peer.origin}/follows/1`]);
    expect(await ctx.db.selectFrom('jobs').select('id').execute()).toEqual([]);
  });

  it('sends an activity from a local account through the queue: the peer verifies our signature and receives it', async () => {
    const c = federationOf(ctx)!.federation.createContext(new URL(ctx.config.publicUrl));
    const note = new Note({ id: new URL(`${ctx.config.publicUrl}/users/organ/statuses/1`), attribution: c.getActorUri('organ'), content: '<p>通知</p>' });
    const create = new Create({ id: new URL(`${ctx.config.publicUrl}/users/organ/statuses/1/activity`), actor: c.getActorUri('organ'), object: note });
    await sendActivity(ctx, {
      accountId: Number(organ.id),
      activity: (await create.toJsonLd()) as Record<string, unknown>,
      to: [{ id: `${peer.origin}/users/alice`, inbox: `${peer.origin}/users/alice/inbox`, sharedInbox: `${peer.origin}/inbox` }],
    });
    expect((await ctx.db.selectFrom('jobs').select('kind').execute()).map((j) => j.kind)).toEqual(['federation.fanout']);
    await runJobs();
    expect(peer.received.map((a) => a.id?.href)).toEqual([`${ctx.config.publicUrl}/users/organ/statuses/1/activity`]);
    expect(peer.received[0]?.actorId?.href).toBe(`${ctx.config.publicUrl}/users/organ`);
    expect(await ctx.db.selectFrom('jobs').select('id').execute()).toEqual([]);
  });
});
