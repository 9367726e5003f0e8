import { type Federation, createFederation } from '@fedify/fedify';
import type { Context } from '../app/context.js';
import { findAccountById } from '../accounts/accounts.repository.js';
import { VERSION } from '../app/version.js';
import { mayFederateWith } from '../moderation/domain-policy.js';
import { INSTANCE_ACTOR, INSTANCE_ACTOR_PATH, dispatchAccountActor, dispatchInstanceActor, findLocalActorAccount } from './actors.js';
import { countFollows, countOutbox, featuredNotes, followPage, outboxPage, remoteFollowers } from './collections.js';
import { INBOX_LISTENERS, type InboxListener } from './inbox.js';
import { INSTANCE_KEY_OWNER, actorKeyPairs } from './keys.js';
import { DbKvStore } from './kv-store.js';
import { FEDERATION_JOB_KINDS, type FederationQueueName, JobMessageQueue } from './message-queue.js';
import { INBOX_RETRY, OUTBOX_RETRY, fedifyRetryPolicy } from './retry.js';

/** The paths Fedify answers (the bridge routes them to it; ids as Mastodon's). */
export const FEDERATION_PATHS = {
  actor: '/users/{identifier}',
  inbox: '/users/{identifier}/inbox',
  sharedInbox: '/inbox',
  outbox: '/users/{identifier}/outbox',
  followers: '/users/{identifier}/followers',
  following: '/users/{identifier}/following',
  featured: '/users/{identifier}/collections/featured',
} as const;

/** A provider's federation: Fedify's object and the queues it runs on. */
export interface GovFederation {
  federation: Federation<void>;
  queues: Record<FederationQueueName, JobMessageQueue>;
  /** Starts Fedify listening on its queues (once; the job runner then feeds them). */
  startQueues(): void;
  /** Stops listening (the context closes). */
  stop(): void;
}

export interface FederationOptions {
  /** Listeners beyond INBOX_LISTENERS (tests). */
  listeners?: readonly InboxListener[];
  /** Benchmarks only (bench/federation.ts measures what the check costs): incoming signatures are not checked. Never set by the provider. */
  skipSignatureVerification?: boolean;
}

const built = new WeakMap<Context, GovFederation>();

/**
 * The provider's federation, built once per context (the HTTP bridge, the
 * job handlers and `sendActivity` share it). Null when federation is off.
 */
export function federationOf(ctx: Context, options: FederationOptions = {}): GovFederation | null {
  if (!ctx.config.federation) return null;
  let f = built.get(ctx);
  if (!f) {
    f = buildFederation(ctx, options);
    built.set(ctx, f);
  }
  return f;
}

/** An account's row behind an actor identifier (its username), if it may federate. */
async function accountOf(ctx: Context, identifier: string) {
  return identifier === INSTANCE_ACTOR ? undefined : findLocalActorAccount(ctx, identifier);
}

/**
 * Builds Fedify's Federation for the context: origin the public URL, the
 * KV store over `federation_kv`, the three queues over our job queue,
 * Fedify's retry policies (ours, in src/federation/retry.ts, the only retry
 * layer), actors with their keys, the inboxes, collections, and the inbox
 * listeners. Private addresses only with --allow-private-peers.
 */
export function buildFederation(ctx: Context, options: FederationOptions = {}): GovFederation {
  const queues = {
    inbox: new JobMessageQueue(ctx, FEDERATION_JOB_KINDS.inbox),
    outbox: new JobMessageQueue(ctx, FEDERATION_JOB_KINDS.outbox),
    fanout: new JobMessageQueue(ctx, FEDERATION_JOB_KINDS.fanout),
  };
  const federation = createFederation<void>({
    kv: new DbKvStore(ctx),
    queue: queues,
    manuallyStartQueue: true,
    origin: ctx.config.publicUrl,
    allowPrivateAddress: ctx.config.allowPrivatePeers,
    userAgent: { software: `govblog/${VERSION}`, url: new URL(ctx.config.publicUrl) },
    outboxRetryPolicy: fedifyRetryPolicy(OUTBOX_RETRY),
    inboxRetryPolicy: fedifyRetryPolicy(INBOX_RETRY),
    // No holding of deliveries per host: the retry policy alone decides, so that the give-up time stays the documented one.
    circuitBreaker: false,
    ...(options.skipSignatureVerification ? { skipSignatureVerification: true } : {}),
  });

  federation
    .setActorDispatcher(FEDERATION_PATHS.actor, async (fctx, identifier) => {
      if (identifier === INSTANCE_ACTOR) return dispatchInstanceActor(ctx, fctx);
      const a = await accountOf(ctx, identifier);
      return a ? dispatchAccountActor(ctx, fctx, a) : null;
    })
    .mapActorAlias(INSTANCE_ACTOR_PATH, INSTANCE_ACTOR)
    .setKeyPairsDispatcher(async (_fctx, identifier) => {
      if (identifier === INSTANCE_ACTOR) return actorKeyPairs(ctx, INSTANCE_KEY_OWNER);
      const a = await accountOf(ctx, identifier);
      return a ? actorKeyPairs(ctx, a.id) : [];
    });

  federation
    .setOutboxDispatcher(FEDERATION_PATHS.outbox, async (fctx, identifier, cursor) => {
      if (identifier === INSTANCE_ACTOR) return { items: [] };
      const a = await accountOf(ctx, identifier);
      return a ? outboxPage(ctx, fctx, a, cursor) : null;
    })
    .setCounter(async (_fctx, identifier) => {
      const a = await accountOf(ctx, identifier);
      return a ? countOutbox(ctx, a) : identifier === INSTANCE_ACTOR ? 0 : null;
    })
    .setFirstCursor(() => '');

  federation
    .setFollowersDispatcher(FEDERATION_PATHS.followers, async (fctx, identifier, cursor) => {
      const a = await accountOf(ctx, identifier);
      if (!a) return null;
      // No cursor: the one-shot list sendActivity(…, 'followers') delivers to: the followers on other
      // servers only (local ones need no delivery, and an organ has hundreds of thousands), each with its
      // shared inbox, so that Fedify sends one POST per server that has one.
      if (cursor === null) {
        const remote = await remoteFollowers(ctx, a.id);
        return { items: remote.map((r) => ({ id: new URL(r.id), inboxId: new URL(r.inbox), endpoints: r.sharedInbox ? { sharedInbox: new URL(r.sharedInbox) } : null })) };
      }
      const page = await followPage(ctx, a, 'followers', cursor);
      if (!page) return null;
      return {
        items: page.items.map((r) => ({
          id: new URL(r.id),
          inboxId: r.inbox ? new URL(r.inbox) : new URL(`${r.id}/inbox`),
          endpoints: r.inbox ? (r.sharedInbox ? { sharedInbox: new URL(r.sharedInbox) } : null) : { sharedInbox: fctx.getInboxUri() },
        })),
        nextCursor: page.nextCursor,
      };
    })
    .setCounter(async (_fctx, identifier) => {
      const a = await accountOf(ctx, identifier);
      return a ? countFollows(ctx, a, 'followers') : null;
    })
    .setFirstCursor(() => '');

  federation
    .setFollowingDispatcher(FEDERATION_PATHS.following, async (fctx, identifier, cursor) => {
      const a = await accountOf(ctx, identifier);
      if (!a) return null;
      const page = await followPage(ctx, a, 'following', cursor);
      if (!page) return null;
      return { items: page.items.map((r) => new URL(r.id)), nextCursor: page.nextCursor };
    })
    .setCounter(async (_fctx, identifier) => {
      const a = await accountOf(ctx, identifier);
      return a ? countFollows(ctx, a, 'following') : null;
    })
    .setFirstCursor(() => '');

  federation.setFeaturedDispatcher(FEDERATION_PATHS.featured, async (fctx, identifier) => {
    const a = await accountOf(ctx, identifier);
    return a ? { items: await featuredNotes(ctx, fctx, a) } : null;
  });

  const inbox = federation.setInboxListeners(FEDERATION_PATHS.inbox, FEDERATION_PATHS.sharedInbox);
  // Fetches made while handling shared-inbox activities are signed by the instance actor.
  inbox.setSharedKeyDispatcher(() => ({ identifier: INSTANCE_ACTOR }));
  inbox.onError((_fctx, error) => ctx.log.warn({ err: error }, 'federation: an incoming activity could not be handled'));
  for (const l of [...INBOX_LISTENERS, ...(options.listeners ?? [])]) {
    inbox.on(l.type, async (fctx, activity) => {
      // Signed, but from a domain the provider does not federate with (suspended; not allowed in limited federation): dropped.
      const host = activity.actorId?.host;
      if (!host || !(await mayFederateWith(ctx, host))) return;
      await l.handle(ctx, fctx, activity);
    });
  }

  let stopper: AbortController | null = null;
  return {
    federation,
    queues,
    startQueues() {
      if (stopper) return;
      stopper = new AbortController();
      void federation.startQueue(undefined, { signal: stopper.signal }).catch((err: unknown) => ctx.log.error({ err }, 'federation: the queues stopped'));
    },
    stop() {
      stopper?.abort();
      stopper = null;
    },
  };
}

/** The account a local actor id names, if any (round 2 resolves remote ids through accounts.uri). */
export async function localAccountOfActorId(ctx: Context, actorId: URL | string) {
  const f = federationOf(ctx);
  if (!f) return undefined;
  const parsed = f.federation.createContext(new URL(ctx.config.publicUrl)).parseUri(new URL(actorId));
  if (parsed?.type !== 'actor' || parsed.identifier === INSTANCE_ACTOR) return undefined;
  return accountOf(ctx, parsed.identifier);
}

export { findAccountById };
