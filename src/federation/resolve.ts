import { isActor } from '@fedify/vocab';
import type { Context } from '../app/context.js';
import { fetchGuarded } from '../app/fetch-guarded.js';
import { privateAddressOf } from '../app/private-address.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { RemoteResolver } from '../search/remote-resolver.js';
import type { StatusRow } from '../statuses/statuses.repository.js';
import { fedContextOf, mayFetchFrom, rememberActor } from './remote-actors.js';
import { fetchRemoteObject, isStatusObject, resolveStatus } from './remote-statuses.js';

/** A WebFinger answer is small: Mastodon reads at most a few KiB of one. */
const WEBFINGER_LIMITS = {
  maxBytes: 64 * 1024,
  timeoutMs: 10_000,
  maxRedirects: 3,
  accept: 'application/jrd+json, application/json;q=0.9',
  types: ['application/jrd+json', 'application/json'],
};

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?::\d{1,5})?$/;
const USER = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,62}[A-Za-z0-9_])?$/;

/**
 * The scheme a host is spoken to in: https, except a private or loopback
 * host when --allow-private-peers lets the provider reach one (two providers
 * on one machine, CONTRACT §1's local testing), which speaks plain http.
 */
export async function schemeFor(ctx: Context, host: string): Promise<'https:' | 'http:'> {
  if (!ctx.config.allowPrivatePeers) return 'https:';
  const name = host.replace(/:\d+$/, '');
  return (await privateAddressOf(name)) !== null ? 'http:' : 'https:';
}

/**
 * The actor id `user@host` names, by WebFinger (RFC 7033) at `host`: our own
 * GET through the guarded fetcher (Fedify's lookup always speaks https),
 * refused for ourselves and for domains the provider does not federate with.
 */
export async function webfingerActorId(ctx: Context, username: string, host: string): Promise<URL | null> {
  const h = host.toLowerCase();
  if (!USER.test(username) || !HOST.test(h) || !(await mayFetchFrom(ctx, h))) return null;
  const url = new URL(`${await schemeFor(ctx, h)}//${h}/.well-known/webfinger`);
  url.searchParams.set('resource', `acct:${username}@${h}`);
  let jrd: unknown;
  try {
    const fetched = await fetchGuarded(url.href, WEBFINGER_LIMITS, { allowPrivate: ctx.config.allowPrivatePeers, purpose: 'webfinger' });
    jrd = JSON.parse(fetched.body.toString('utf8'));
  } catch (err) {
    ctx.log.info({ err: (err as Error).message, acct: `${username}@${h}` }, 'federation: a WebFinger lookup failed');
    return null;
  }
  const links = (jrd as { links?: unknown } | null)?.links;
  if (!Array.isArray(links)) return null;
  const self = links.find((l: { rel?: unknown; type?: unknown; href?: unknown }) => l?.rel === 'self' && typeof l.href === 'string' && /^application\/(activity\+json|ld\+json)/.test(String(l.type ?? '')));
  try {
    const id = new URL((self as { href: string }).href);
    return id.protocol === 'https:' || id.protocol === 'http:' ? id : null;
  } catch {
    return null;
  }
}

/** The account `username@host` names, fetched and stored (rememberActor). */
export async function resolveHandle(ctx: Context, username: string, host: string): Promise<AccountRow | null> {
  const id = await webfingerActorId(ctx, username, host);
  return id ? rememberActor(ctx, id) : null;
}

/** What an http(s) URL of another server names: an actor (stored as an account) or a status (stored), by fetching it. */
export async function resolveUrl(ctx: Context, raw: string): Promise<{ kind: 'account'; row: AccountRow } | { kind: 'status'; row: StatusRow } | null> {
  const fctx = fedContextOf(ctx);
  if (!fctx) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  const o = await fetchRemoteObject(ctx, fctx, url);
  if (!o?.id) return null;
  if (isActor(o)) {
    const row = await rememberActor(ctx, o.id);
    return row ? { kind: 'account', row } : null;
  }
  if (isStatusObject(o)) {
    const row = await resolveStatus(ctx, o.id, fctx);
    return row ? { kind: 'status', row } : null;
  }
  return null;
}

/** The resolver search uses when the provider federates (null when it does not: search then finds only what is stored). */
export function remoteResolverOf(ctx: Context): RemoteResolver | null {
  if (!ctx.config.federation) return null;
  return {
    account: (username, host) => resolveHandle(ctx, username, host),
    url: (url) => resolveUrl(ctx, url),
  };
}
