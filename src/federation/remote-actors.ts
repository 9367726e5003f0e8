import type { Context as FedContext, DocumentLoader } from '@fedify/fedify';
import { Application, Group, Image, Link, Object as ASObject, Organization, Service, isActor, type Actor } from '@fedify/vocab';
import jsonld from 'jsonld';
import type { Context } from '../app/context.js';
import { type AccountRow, findAccountByUri, updateAccount } from '../accounts/accounts.repository.js';
import type { ActorType } from '../accounts/accounts.table.js';
import { type RemoteGov, checkRemoteGov } from '../accounts/remote-gov.js';
import { type RemoteAccountInput, saveRemoteAccount } from '../accounts/upsert-remote-account.js';
import { transaction } from '../app/transaction.js';
import { isUniqueViolation } from '../db/errors.js';
import { remoteProfileFields } from '../app/remote-html.js';
import { removeFiles } from '../media/status-media.js';
import { fetchRemoteProfileImage } from '../media/fetch-remote-media.js';
import { domainSeverity, mayFederateWith } from '../moderation/domain-policy.js';
import { INSTANCE_ACTOR } from './actors.js';
import { federationOf } from './federation.js';
import { GOV_NAMESPACE } from './gov-context.js';

/**
 * Remote actors become stored accounts here and nowhere else: fetched from
 * their own server (Fedify's document loader, signed by the instance actor;
 * private addresses only with --allow-private-peers), checked, and stored
 * through upsertRemoteAccount. The actor's document is believed only as
 * its own host serves it: the id fetched is the id stated, on the same host
 * after redirects, and a government profile counts only as the actor's
 * home provider states it for its own account.
 */

/** A stored actor older than this is fetched again when it is met (Mastodon refreshes after a day too). */
export const ACTOR_REFRESH_AFTER_MS = 24 * 60 * 60 * 1000;

export interface RememberOptions {
  /** Fetch even when the stored copy is fresh (an Update of the actor arrived). */
  refresh?: boolean;
}

/** The host[:port] of a URL, as accounts.domain writes it. */
export function domainOf(url: URL): string {
  return url.host.toLowerCase();
}

/** Our own Fedify context (null when federation is off). */
export function fedContextOf(ctx: Context): FedContext<void> | null {
  const f = federationOf(ctx);
  return f ? f.federation.createContext(new URL(ctx.config.publicUrl)) : null;
}

/** The loader remote documents are fetched with: signed by the instance actor, never cached (a refresh must see the new document). */
export async function remoteLoader(fctx: FedContext<void>): Promise<DocumentLoader> {
  return fctx.getDocumentLoader({ identifier: INSTANCE_ACTOR });
}

/** Whether a remote host may be asked anything: not ourselves, not a suspended (or, in limited federation, not allowed) domain. */
export async function mayFetchFrom(ctx: Context, host: string): Promise<boolean> {
  if (host.toLowerCase() === ctx.config.provider.toLowerCase()) return false;
  if (host.toLowerCase() === new URL(ctx.config.publicUrl).host.toLowerCase()) return false;
  return mayFederateWith(ctx, host);
}

/** A fetched document, checked to be the one asked for (its id, and the host it ended up on after redirects). */
export async function fetchRemoteDocument(ctx: Context, fctx: FedContext<void>, id: URL, signal?: AbortSignal): Promise<Record<string, unknown> | null> {
  if (id.protocol !== 'https:' && !(id.protocol === 'http:' && ctx.config.allowPrivatePeers)) return null;
  if (!(await mayFetchFrom(ctx, id.host))) return null;
  const load = await remoteLoader(fctx);
  let fetched;
  try {
    fetched = await load(id.href, signal ? { signal } : undefined);
  } catch (err) {
    ctx.log.info({ err: (err as Error).message, url: id.href }, 'federation: a remote document could not be fetched');
    return null;
  }
  const doc = fetched.document;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return null;
  if (new URL(fetched.documentUrl).host.toLowerCase() !== domainOf(id)) return null;
  const stated = (doc as { id?: unknown }).id;
  if (typeof stated !== 'string') return null;
  let statedUrl: URL;
  try {
    statedUrl = new URL(stated);
  } catch {
    return null;
  }
  // Another object than the one asked for (a redirect to another id): only when it lives on the same host.
  if (domainOf(statedUrl) !== domainOf(id)) return null;
  return doc as Record<string, unknown>;
}

function actorTypeOf(a: Actor): ActorType {
  if (a instanceof Organization) return 'Organization';
  if (a instanceof Service) return 'Service';
  if (a instanceof Application) return 'Application';
  if (a instanceof Group) return 'Group';
  return 'Person';
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function hrefOf(v: URL | Link | null | undefined): string | null {
  if (!v) return null;
  if (v instanceof URL) return v.href;
  return v.href?.href ?? null;
}

async function imageUrl(get: () => Promise<Image | null>): Promise<string | null> {
  try {
    const img = await get();
    if (!img) return null;
    const u = img.url;
    return u instanceof URL ? u.href : u instanceof Link ? (u.href?.href ?? null) : null;
  } catch {
    return null;
  }
}

type Expanded = Record<string, unknown>;
const G = (term: string) => `${GOV_NAMESPACE}${term}`;

function first(node: Expanded, term: string): unknown {
  const v = node[G(term)];
  if (!Array.isArray(v) || v.length === 0) return null;
  const one = v[0] as { '@value'?: unknown; '@id'?: unknown };
  return one['@value'] !== undefined ? one['@value'] : (one['@id'] ?? null);
}

/**
 * The government profile an actor's document states, expanded with a JSON-LD
 * processor (so any compaction of govblog's terms reads the same), kept only
 * when its verifier is the instance actor of the actor's own host: a server
 * vouches for its own accounts, never for another host's. `verified_by` is
 * that host. Null: none, malformed, or claimed by someone else.
 */
export async function governmentOf(ctx: Context, fctx: FedContext<void>, doc: Record<string, unknown>, actorId: URL): Promise<RemoteGov | null> {
  let expanded: Expanded[];
  try {
    expanded = await jsonld.expand(doc, {
      documentLoader: async (url: string) => {
        const r = await fctx.contextLoader(url);
        return { contextUrl: null, documentUrl: r.documentUrl, document: r.document };
      },
    });
  } catch (err) {
    ctx.log.info({ err: (err as Error).message, actor: actorId.href }, 'federation: an actor document does not expand');
    return null;
  }
  const node = expanded.find((n) => n['@id'] === actorId.href);
  const gov = node?.[G('government')];
  if (!Array.isArray(gov) || gov.length !== 1) return null;
  const p = gov[0] as Expanded;
  const verifiedBy = first(p, 'verifiedBy');
  let verifier: URL;
  try {
    verifier = new URL(String(verifiedBy));
  } catch {
    return null;
  }
  if (domainOf(verifier) !== domainOf(actorId)) return null;
  const publicSecurity = first(p, 'publicSecurity');
  return checkRemoteGov({
    kind: first(p, 'kind'),
    organ: first(p, 'organ'),
    public_security: publicSecurity === true || publicSecurity === 'true',
    level: first(p, 'level'),
    rank: first(p, 'rank'),
    province: first(p, 'province'),
    verification: first(p, 'verification'),
    verified_at: first(p, 'verifiedAt'),
    organ_name: first(p, 'organName'),
    region_code: first(p, 'regionCode'),
    position: first(p, 'position'),
    verified_by: domainOf(actorId),
  });
}

/** An actor document as upsertRemoteAccount's input, checked: null when it is no actor, or not the one at `id`. */
export async function actorInput(ctx: Context, fctx: FedContext<void>, id: URL, doc: Record<string, unknown>): Promise<RemoteAccountInput | null> {
  let parsed: ASObject;
  try {
    parsed = await ASObject.fromJsonLd(doc, { documentLoader: fctx.documentLoader, contextLoader: fctx.contextLoader });
  } catch {
    return null;
  }
  if (!isActor(parsed) || parsed.id?.href !== id.href) return null;
  const a = parsed;
  const username = a.preferredUsername?.toString();
  const inbox = a.inboxId?.href;
  if (!username || !inbox) return null;
  // An inbox elsewhere would let one host receive what is meant for another's account.
  if (domainOf(new URL(inbox)) !== domainOf(id)) return null;
  const shared = a.endpoints?.sharedInbox?.href ?? null;
  const url = hrefOf(a.url as URL | Link | null);
  return {
    uri: id.href,
    username,
    domain: domainOf(id),
    url,
    actorType: actorTypeOf(a),
    displayName: text(a.name),
    noteHtml: text(a.summary),
    fields: remoteProfileFields(doc.attachment).map((f) => ({ name: f.name, valueHtml: f.value })),
    inboxUrl: inbox,
    sharedInboxUrl: shared && domainOf(new URL(shared)) === domainOf(id) ? shared : null,
    followersUrl: a.followersId?.href ?? null,
    featuredUrl: a.featuredId?.href ?? null,
    avatarUrl: await imageUrl(() => a.getIcon()),
    headerUrl: await imageUrl(() => a.getImage()),
    locked: a.manuallyApprovesFollowers === true,
    discoverable: a.discoverable === true,
    published: a.published ? a.published.toString() : null,
    gov: await governmentOf(ctx, fctx, doc, id),
    ...(await actorCounts(ctx, fctx, a, id)),
  };
}

/** How long the three counts of an actor may take together: a slow or silent server leaves them as they were. */
export const ACTOR_COUNTS_TIMEOUT_MS = 5_000;

/**
 * The counts an actor's server publishes, as Mastodon reads them: the
 * totalItems of its followers, following and outbox collections, each
 * fetched from the actor's own host (the guard and domain rules of
 * fetchRemoteDocument), all three at once within ACTOR_COUNTS_TIMEOUT_MS.
 * A collection that is missing, elsewhere, unreachable, hidden (no
 * totalItems) or malformed gives no count, and that count stays as stored.
 */
export async function actorCounts(ctx: Context, fctx: FedContext<void>, a: Actor, id: URL): Promise<Pick<RemoteAccountInput, 'followersCount' | 'followingCount' | 'statusesCount'>> {
  const signal = AbortSignal.timeout(ACTOR_COUNTS_TIMEOUT_MS);
  const total = async (collection: URL | null): Promise<number | undefined> => {
    if (!collection || domainOf(collection) !== domainOf(id)) return undefined;
    const doc = await fetchRemoteDocument(ctx, fctx, collection, signal);
    const n = doc?.totalItems;
    return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
  };
  const [followersCount, followingCount, statusesCount] = await Promise.all([total(a.followersId), total(a.followingId), total(a.outboxId)]);
  return { followersCount, followingCount, statusesCount };
}

/** Stores the avatar and header when their URL changed (fetched, failure-tolerant: a picture that cannot be had leaves the default). */
async function storeProfileImages(ctx: Context, before: AccountRow | undefined, row: AccountRow): Promise<AccountRow> {
  const domain = row.domain as string;
  const patch: Partial<AccountRow> = {};
  for (const field of ['avatar', 'header'] as const) {
    const remote = row[`${field}_remote_url`];
    const had = before?.[`${field}_remote_url`] ?? null;
    if (remote === had && row[`${field}_key`] !== null) continue;
    if (remote === null) {
      if (row[`${field}_key`] !== null) Object.assign(patch, { [`${field}_key`]: null, [`${field}_static_key`]: null });
      continue;
    }
    const img = await fetchRemoteProfileImage(ctx, remote, field, { domain });
    if (img) Object.assign(patch, { [`${field}_key`]: img.key, [`${field}_static_key`]: img.staticKey });
  }
  if (Object.keys(patch).length === 0) return row;
  try {
    return (await transaction(ctx, (trx) => updateAccount(trx, Number(row.id), patch))) ?? row;
  } catch (err) {
    removeFiles(ctx, [patch.avatar_key, patch.avatar_static_key, patch.header_key, patch.header_static_key].filter((k): k is string => typeof k === 'string'));
    throw err;
  }
}

/**
 * The stored account of a remote actor, fetched and stored (or refreshed)
 * when unknown, stale (ACTOR_REFRESH_AFTER_MS) or `refresh` is asked. An
 * actor object given (an activity's) only names the id: what is stored is
 * what the actor's own server serves. Null: our own host, a domain the
 * provider does not federate with, an unreachable or malformed actor, or a
 * closed account. A silenced domain's accounts are stored silenced.
 */
export async function rememberActor(ctx: Context, actor: Actor | URL | string, options: RememberOptions = {}): Promise<AccountRow | null> {
  if (!federationOf(ctx)) return null;
  let id: URL;
  try {
    id = actor instanceof URL ? actor : typeof actor === 'string' ? new URL(actor) : (actor.id as URL);
  } catch {
    return null;
  }
  if (!id) return null;
  if (!(await mayFetchFrom(ctx, id.host))) return null;
  const stored = await findAccountByUri(ctx.db, id.href);
  if (stored && stored.domain === null) return null;
  const fresh = stored?.fetched_at && ctx.clock.now().getTime() - Date.parse(stored.fetched_at) < ACTOR_REFRESH_AFTER_MS;
  if (stored && fresh && !options.refresh) return stored.closed_at === null ? stored : null;
  if (stored && stored.closed_at !== null) return null;
  // Made only to fetch: a Fedify context builds its document loaders, which an actor stored and fresh (nearly every activity) does without.
  const fctx = fedContextOf(ctx) as FedContext<void>;
  const doc = await fetchRemoteDocument(ctx, fctx, id);
  const input = doc ? await actorInput(ctx, fctx, id, doc) : null;
  if (!input) return stored ?? null; // unreachable for now: the stored copy serves until it can be refreshed
  const silenced = (await domainSeverity(ctx, input.domain)) === 'silence';
  const now = ctx.clock.now().toISOString();
  const save = () =>
    transaction(ctx, async (trx) => {
      const saved = await saveRemoteAccount(trx, ctx.config.provider, input, now);
      // A silenced domain's accounts are limited as they arrive (Mastodon's silence), as a moderator would limit one.
      if (!silenced || saved.silenced_at !== null) return saved;
      return (await updateAccount(trx, Number(saved.id), { silenced_at: now })) ?? saved;
    });
  let before = stored;
  let row: AccountRow;
  try {
    row = await save();
  } catch (err) {
    if (!isUniqueViolation(err)) return notStored(ctx, id, err, stored);
    // Met at the same moment by another job (the first activities of an actor never seen, several at once, on
    // PostgreSQL): neither saw the other's uncommitted row, and that one's insert won. Its row is there now:
    // saved again, ours refreshes it. Giving up here answered no Follow of those (issue 16).
    before = await findAccountByUri(ctx.db, id.href);
    if (before?.closed_at) return null;
    try {
      row = await save();
    } catch (again) {
      return notStored(ctx, id, again, before ?? stored);
    }
  }
  return storeProfileImages(ctx, before, row);
}

/** The actor could not be stored (a malformed document, the database failing): the stored copy serves, if any; said at warn, since whatever named the actor (a Follow) is then dropped. */
function notStored(ctx: Context, id: URL, err: unknown, stored: AccountRow | undefined): AccountRow | null {
  ctx.log.warn({ err: (err as Error).message, actor: id.href }, 'federation: a remote actor was not stored');
  return stored && stored.closed_at === null ? stored : null;
}

/** The actor ids of an Actor-typed value, for the checks "this activity's actor is that object's owner". */
export function sameActor(a: URL | null | undefined, b: URL | null | undefined): boolean {
  return !!a && !!b && a.href === b.href;
}

