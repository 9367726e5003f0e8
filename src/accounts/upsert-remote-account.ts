import type { Context } from '../app/context.js';
import { fieldError } from '../app/errors.js';
import { remoteHtmlToText } from '../app/html.js';
import { changed, transaction } from '../app/transaction.js';
import type { Executor } from '../db/database.js';
import { LIMITS } from '../domain/limits.js';
import { indexAccounts } from '../search/search-index.repository.js';
import { type AccountRow, type ProfileField, findAccountByUri, usernameKeyOf } from './accounts.repository.js';
import { ACTOR_TYPES, type ActorType } from './accounts.table.js';
import { type RemoteGov, checkRemoteGov } from './remote-gov.js';

/**
 * Another server's account as the federation code has read and checked it (its
 * actor document, signature and origin verified there). Text fields are as the
 * remote sent them: HTML is reduced to plain text here, never stored as markup.
 */
export interface RemoteAccountInput {
  /** The ActivityPub actor id. */
  uri: string;
  /** preferredUsername, as written. */
  username: string;
  /** The host of its acct (WebFinger's), `host` or `host:port`. */
  domain: string;
  /** Its profile page. */
  url?: string | null | undefined;
  actorType: ActorType;
  displayName?: string | null | undefined;
  /** `summary`, HTML. */
  noteHtml?: string | null | undefined;
  /** PropertyValue attachments, values as HTML. */
  fields?: readonly { name: string; valueHtml: string }[] | undefined;
  inboxUrl: string;
  sharedInboxUrl?: string | null | undefined;
  followersUrl?: string | null | undefined;
  featuredUrl?: string | null | undefined;
  avatarUrl?: string | null | undefined;
  headerUrl?: string | null | undefined;
  /** manuallyApprovesFollowers. */
  locked?: boolean | undefined;
  /** Mastodon's `discoverable`. */
  discoverable?: boolean | undefined;
  /** `published`: when the account was opened at its home (now when unknown). */
  published?: string | null | undefined;
  /** The government profile its home provider states, with who verified it; null or a malformed one: none. */
  gov?: RemoteGov | null | undefined;
  /** The counts its server publishes (collections' totalItems), when known. */
  followersCount?: number | undefined;
  followingCount?: number | undefined;
  statusesCount?: number | undefined;
}

const USERNAME = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,62}[A-Za-z0-9_])?$/;
const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?::\d{1,5})?$/;

function httpUrl(field: string, v: string | null | undefined, required = false): string | null {
  if (v === null || v === undefined || v === '') {
    if (required) throw fieldError(field, 'ERR_BLANK', "can't be blank");
    return null;
  }
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw fieldError(field, 'ERR_INVALID', 'must be an http(s) URL');
  }
  if ((u.protocol !== 'https:' && u.protocol !== 'http:') || v.length > 2000) throw fieldError(field, 'ERR_INVALID', 'must be an http(s) URL');
  return v;
}

const cut = (text: string, max: number) => [...text].slice(0, max).join('');
const count = (n: number | undefined) => (n !== undefined && Number.isSafeInteger(n) && n >= 0 ? n : undefined);

/**
 * Stores (creates or refreshes) a remote account in `db`'s transaction: found by its actor
 * id, else by its acct (an actor re-created at the same name takes the row over); search
 * index and caches follow in the same transaction, as for local accounts. `localHost` is this
 * provider's host: no remote account may claim it.
 */
export async function saveRemoteAccount(db: Executor, localHost: string, input: RemoteAccountInput, now: string): Promise<AccountRow> {
  const domain = input.domain.trim().toLowerCase();
  if (!DOMAIN.test(domain) || domain.length > 255) throw fieldError('domain', 'ERR_INVALID', 'must be a host name, with an optional port');
  if (domain === localHost.toLowerCase()) throw fieldError('domain', 'ERR_INVALID', 'is this provider: its accounts are local');
  if (!USERNAME.test(input.username)) throw fieldError('username', 'ERR_INVALID', 'must be letters, digits, underscores, dots or dashes');
  if (!(ACTOR_TYPES as readonly string[]).includes(input.actorType)) throw fieldError('actor_type', 'ERR_INVALID', `must be one of ${ACTOR_TYPES.join(', ')}`);
  const uri = httpUrl('uri', input.uri, true) as string;
  const gov = input.gov ? checkRemoteGov(input.gov) : null;
  const fields: ProfileField[] = (input.fields ?? [])
    .slice(0, LIMITS.profileFieldsMax)
    .map((f) => ({ name: cut(remoteHtmlToText(f.name), LIMITS.profileFieldNameMax), value: cut(remoteHtmlToText(f.valueHtml), LIMITS.profileFieldValueMax) }));
  const published = input.published && !Number.isNaN(Date.parse(input.published)) ? new Date(input.published).toISOString() : now;
  const key = usernameKeyOf(input.username, domain);
  const values = {
    username: input.username,
    username_key: key,
    domain,
    display_name: cut(remoteHtmlToText(input.displayName ?? ''), 100),
    note: cut(remoteHtmlToText(input.noteHtml ?? ''), 5000),
    fields: JSON.stringify(fields),
    locked: input.locked ? 1 : 0,
    bot: input.actorType === 'Service' || input.actorType === 'Application' ? 1 : 0,
    discoverable: input.discoverable ? 1 : 0,
    uri,
    url: httpUrl('url', input.url),
    inbox_url: httpUrl('inbox_url', input.inboxUrl, true),
    shared_inbox_url: httpUrl('shared_inbox_url', input.sharedInboxUrl),
    followers_url: httpUrl('followers_url', input.followersUrl),
    featured_url: httpUrl('featured_url', input.featuredUrl),
    actor_type: input.actorType,
    remote_gov: gov ? JSON.stringify(gov) : null,
    avatar_remote_url: httpUrl('avatar_url', input.avatarUrl),
    header_remote_url: httpUrl('header_url', input.headerUrl),
    fetched_at: now,
    updated_at: now,
    ...(count(input.followersCount) !== undefined ? { followers_count: count(input.followersCount) as number } : {}),
    ...(count(input.followingCount) !== undefined ? { following_count: count(input.followingCount) as number } : {}),
    ...(count(input.statusesCount) !== undefined ? { statuses_count: count(input.statusesCount) as number } : {}),
  };
  const existing =
    (await findAccountByUri(db, uri)) ??
    (await db.selectFrom('accounts').selectAll().where('username_key', '=', key).where('domain', '=', domain).executeTakeFirst());
  let row: AccountRow;
  if (existing) {
    if (existing.domain === null) throw fieldError('uri', 'ERR_TAKEN', 'is a local account');
    row = await db.updateTable('accounts').set(values).where('id', '=', existing.id).returningAll().executeTakeFirstOrThrow();
  } else {
    row = await db
      .insertInto('accounts')
      .values({ ...values, email: null, password_hash: null, role: 'user', locale: 'und', last_status_at: null, created_at: published, closed_at: null })
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  const id = Number(row.id);
  changed(db, 'accounts', [id]);
  await indexAccounts(db, [id]);
  return row;
}

/** Creates or refreshes a remote account in its own transaction (saveRemoteAccount). */
export async function upsertRemoteAccount(ctx: Context, input: RemoteAccountInput): Promise<AccountRow> {
  const now = ctx.clock.now().toISOString();
  return transaction(ctx, (trx) => saveRemoteAccount(trx, ctx.config.provider, input, now));
}
