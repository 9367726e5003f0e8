import type { Context as FedContext, RequestContext } from '@fedify/fedify';
import { Endpoints, Image, Organization, Person, PropertyValue, Service } from '@fedify/vocab';
import { instant } from './temporal.js';
import type { Context } from '../app/context.js';
import { escapeHtml, plainToHtml } from '../app/html.js';
import { type AccountRow, findAccountByUsername, profileFields } from '../accounts/accounts.repository.js';
import { mediaUrl } from '../media/store.js';
import { loadGovProfiles } from '../verification/gov-profiles.repository.js';
import { governmentProfile } from './gov-context.js';

/** The identifier of the provider's instance actor (at /actor): not a possible username, which are [A-Za-z0-9_]. */
export const INSTANCE_ACTOR = '~instance';

/** The path of the instance actor (Mastodon's, which other servers' software expects). */
export const INSTANCE_ACTOR_PATH = '/actor';

/**
 * A local account that may be shown as an actor: open and not suspended.
 * Local only: findAccountByUsername finds no remote account (`domain is null`).
 */
export async function findLocalActorAccount(ctx: Pick<Context, 'db'>, username: string): Promise<AccountRow | undefined> {
  const a = await findAccountByUsername(ctx.db, username);
  if (!a || a.username !== username || a.closed_at !== null || a.suspended_at !== null) return undefined;
  return a;
}

/** What the actor document gets beyond Fedify's vocabulary, added by the bridge (src/federation/fastify-bridge.ts). */
export interface ActorExtras {
  /** The actor's id, to recognise its document. */
  id: string;
  /** The `government` object of a verified account; absent otherwise. */
  government?: Record<string, unknown>;
}

/** Extras of the actor documents being answered, by request (the bridge reads them once Fedify has answered). */
export const actorExtras = new WeakMap<Request, ActorExtras>();

/** Our account as an ActivityPub actor: a verified government organ is an Organization, everyone else a Person. */
export async function dispatchAccountActor(ctx: Context, fctx: RequestContext<void> | FedContext<void>, a: AccountRow): Promise<Person | Organization> {
  const identifier = a.username;
  const gov = (await loadGovProfiles(ctx.db, [a.id])).get(Number(a.id));
  const keys = await fctx.getActorKeyPairs(identifier);
  const url = `${ctx.config.publicUrl}/@${a.username}`;
  const avatar = a.avatar_key ? mediaUrl(ctx.config, a.avatar_key) : `${ctx.config.publicUrl}/avatars/${a.id}.png`;
  const header = a.header_key ? mediaUrl(ctx.config, a.header_key) : null;
  const fields = [
    ...(gov ? [{ name: '认证 Verified', value: escapeHtml(gov.verification) }] : []),
    ...profileFields(a).map((f) => ({ name: f.name, value: escapeHtml(f.value) })),
  ];
  const values = {
    id: fctx.getActorUri(identifier),
    preferredUsername: a.username,
    name: a.display_name || a.username,
    summary: plainToHtml(a.note),
    url: new URL(url),
    inbox: fctx.getInboxUri(identifier),
    outbox: fctx.getOutboxUri(identifier),
    followers: fctx.getFollowersUri(identifier),
    following: fctx.getFollowingUri(identifier),
    featured: fctx.getFeaturedUri(identifier),
    endpoints: new Endpoints({ sharedInbox: fctx.getInboxUri() }),
    publicKey: keys[0]?.cryptographicKey ?? null,
    assertionMethods: keys.map((k) => k.multikey),
    icon: new Image({ url: new URL(avatar) }),
    image: header ? new Image({ url: new URL(header) }) : null,
    published: instant(a.created_at),
    // Verified government accounts are public by nature (CONTRACT §4, the directory); others as they chose.
    discoverable: a.discoverable === 1 || gov !== undefined,
    manuallyApprovesFollowers: a.locked === 1,
    attachments: fields.map((f) => new PropertyValue({ name: f.name, value: f.value })),
  };
  if ('request' in fctx && fctx.request) {
    const extras: ActorExtras = { id: values.id.href };
    if (gov) extras.government = governmentProfile(gov, fctx.getActorUri(INSTANCE_ACTOR).href);
    actorExtras.set(fctx.request, extras);
  }
  return gov && gov.kind === 'institutional' ? new Organization(values) : new Person(values);
}

/** The provider itself, as Mastodon's instance actor: signs what no account does (fetches, relays), and names who verified government accounts. */
export async function dispatchInstanceActor(ctx: Context, fctx: RequestContext<void> | FedContext<void>): Promise<Service> {
  const keys = await fctx.getActorKeyPairs(INSTANCE_ACTOR);
  return new Service({
    id: fctx.getActorUri(INSTANCE_ACTOR),
    preferredUsername: ctx.config.provider,
    name: ctx.config.provider,
    summary: escapeHtml(`The provider ${ctx.config.provider}; it verifies the government accounts it hosts.`),
    url: new URL(`${ctx.config.publicUrl}/`),
    inbox: fctx.getInboxUri(INSTANCE_ACTOR),
    outbox: fctx.getOutboxUri(INSTANCE_ACTOR),
    endpoints: new Endpoints({ sharedInbox: fctx.getInboxUri() }),
    publicKey: keys[0]?.cryptographicKey ?? null,
    assertionMethods: keys.map((k) => k.multikey),
    manuallyApprovesFollowers: true,
    discoverable: false,
  });
}
