import { Create, Listen, Note } from '@fedify/vocab';
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
import { type FedifyPeer, freePort, startPeer } from '../../test/fedify-peer.js';
import { forgetDomainRules } from '../moderation/domain-policy.js';

/** Two servers on loopback: what a peer signs is accepted and handled, what we send arrives signed and verified. */
describe.each(DIALECTS)('federation with a peer on loopback (%s)', (dialect) => {
  let ctx: Context;
  let app: FastifyInstance;
  let peer: FedifyPeer;
  let organ: { id: string; username: string };
  const follows: Listen[] = [];
  beforeAll(async () => {
    peer = await startPeer();
    const port = await freePort();
    ctx = await testContext(dialect, { publicUrl: `http://127.0.0.1:${port}`, provider: `127.0.0.1:${port}`, allowPrivatePeers: true, federation: true });
    // A listener of the test's own, for a type no listener of the provider's takes (Listen).
    federationOf(ctx, { listeners: [inboxListener(Listen, async (_ctx, _inbox, listen) => void follows.push(listen))] });
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
    const follow = new Listen({ id: new URL(`${peer.origin}/follows/1`), actor: c.getActorUri('alice'), object: new URL(`${ctx.config.publicUrl}/users/organ`) });
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
  it("with the peer's domain suspended: its signed activities reach no listener, and nothing is delivered to it", async () => {
    const now = new Date().toISOString();
    await ctx.db.insertInto('domain_blocks').values({ domain: '127.0.0.1', severity: 'suspend', private_comment: null, public_comment: null, created_at: now, updated_at: now }).execute();
    forgetDomainRules(ctx.db);
    try {
      const c = peer.federation.createContext(new URL(peer.origin));
      const follow = new Listen({ id: new URL(`${peer.origin}/follows/2`), actor: c.getActorUri('alice'), object: new URL(`${ctx.config.publicUrl}/users/organ`) });
      await c.sendActivity({ identifier: 'alice' }, { id: new URL(`${ctx.config.publicUrl}/users/organ`), inboxId: new URL(`${ctx.config.publicUrl}/users/organ/inbox`) }, follow, { immediate: true });
      await runJobs();
      expect(follows.map((f) => f.id?.href)).toEqual([`${peer.origin}/follows/1`]);

      const fctx = federationOf(ctx)!.federation.createContext(new URL(ctx.config.publicUrl));
      const create = new Create({ id: new URL(`${ctx.config.publicUrl}/users/organ/statuses/2/activity`), actor: fctx.getActorUri('organ'), object: new Note({ id: new URL(`${ctx.config.publicUrl}/users/organ/statuses/2`), content: 'x' }) });
      await sendActivity(ctx, { accountId: Number(organ.id), activity: (await create.toJsonLd()) as Record<string, unknown>, to: [{ id: `${peer.origin}/users/alice`, inbox: `${peer.origin}/users/alice/inbox` }] });
      await runJobs();
      expect(peer.received).toHaveLength(1);
      const dead = await ctx.db.selectFrom('jobs').select(['kind', 'state', 'last_error']).execute();
      expect(dead).toEqual([{ kind: 'federation.outbox', state: 'dead', last_error: expect.stringContaining('does not federate with') }]);
    } finally {
      await ctx.db.deleteFrom('domain_blocks').execute();
      await ctx.db.deleteFrom('jobs').execute();
      forgetDomainRules(ctx.db);
    }
  });
});
