import { sql } from 'kysely';
import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { AccountsTable } from './accounts.table.js';
import { changed } from '../app/transaction.js';
import { indexAccounts, refreshAccountRank } from '../search/search-index.repository.js';

export type AccountRow = Selectable<AccountsTable>;

/** A new open account's row with everything else at its defaults. */
/** A profile field as stored (plain text). */
export interface ProfileField {
  name: string;
  value: string;
}

/** The stored profile fields of an account; a malformed column reads as none. */
export function profileFields(row: Pick<AccountRow, 'fields'>): ProfileField[] {
  try {
    const v: unknown = JSON.parse(row.fields ?? '[]');
    return Array.isArray(v) ? v.filter((f): f is ProfileField => !!f && typeof f.name === 'string' && typeof f.value === 'string') : [];
  } catch {
    return [];
  }
}

export function newAccount(
  f: { username: string; email: string | null; passwordHash: string | null; role: AccountRow['role']; locale?: string | undefined },
  now: string,
): Insertable<AccountsTable> {
  return {
    username: f.username,
    username_key: f.username.toLowerCase(),
    display_name: '',
    note: '',
    email: f.email?.toLowerCase() ?? null,
    password_hash: f.passwordHash,
    role: f.role,
    locale: f.locale || 'zh-CN',
    discoverable: 0,
    locked: 0,
    bot: 0,
    last_status_at: null,
    created_at: now,
    updated_at: now,
    closed_at: null,
  };
}

export async function insertAccount(db: Executor, row: Insertable<AccountsTable>): Promise<AccountRow> {
  const inserted = await db.insertInto('accounts').values(row).returningAll().executeTakeFirstOrThrow();
  await indexAccounts(db, [Number(inserted.id)]);
  return inserted;
}

export async function findAccountById(db: Executor, id: number): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findAccountsByIds(db: Executor, ids: readonly number[]): Promise<AccountRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('accounts').selectAll().where('id', 'in', [...ids]).execute();
}

/** A local account by its username (any case); never one of another server. */
export async function findAccountByUsername(db: Executor, username: string): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('username_key', '=', username.toLowerCase()).where('domain', 'is', null).executeTakeFirst();
}

/** Sign-in accepts either the username or the e-mail address, of local accounts only. */
export async function findAccountByLogin(db: Executor, login: string): Promise<AccountRow | undefined> {
  const key = login.trim().toLowerCase();
  return db
    .selectFrom('accounts')
    .selectAll()
    .where('domain', 'is', null)
    .where((eb) => eb.or([eb('username_key', '=', key), eb('email', '=', key)]))
    .executeTakeFirst();
}

/** The key an account's username is unique by: `name` for a local account, `name@domain` for a remote one (lower-cased). */
export function usernameKeyOf(username: string, domain: string | null): string {
  return (domain === null ? username : `${username}@${domain}`).toLowerCase();
}

/** The `acct` of an account as the API shows it: `name` here, `name@domain` for another server's. */
export function acctOf(a: Pick<AccountRow, 'username' | 'domain'>): string {
  return a.domain === null ? a.username : `${a.username}@${a.domain}`;
}

/** A remote account by its ActivityPub actor id. Local accounts have none stored (their ids derive from the public URL: local-uris.ts). */
export async function findAccountByUri(db: Executor, uri: string): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('uri', '=', uri).executeTakeFirst();
}

/** Remote accounts by their actor ids. */
export async function findAccountsByUris(db: Executor, uris: readonly string[]): Promise<AccountRow[]> {
  if (uris.length === 0) return [];
  return db.selectFrom('accounts').selectAll().where('uri', 'in', [...new Set(uris)]).execute();
}

/**
 * An account by `name` (local) or `name@domain` (a leading `@` allowed). `localHost` is this
 * provider's host: `name@localHost` is the local account. Closed accounts are found too.
 */
export async function findAccountByAcct(db: Executor, acct: string, localHost: string): Promise<AccountRow | undefined> {
  const m = /^@?([^@\s]+)(?:@([^@\s]+))?$/.exec(acct.trim());
  if (!m) return undefined;
  const username = m[1] as string;
  const host = m[2]?.toLowerCase();
  if (host === undefined || host === localHost.toLowerCase()) return findAccountByUsername(db, username);
  return db.selectFrom('accounts').selectAll().where('username_key', '=', usernameKeyOf(username, host)).where('domain', '=', host).executeTakeFirst();
}

export async function emailTaken(db: Executor, email: string): Promise<boolean> {
  const row = await db.selectFrom('accounts').select('id').where('email', '=', email.toLowerCase()).executeTakeFirst();
  return row !== undefined;
}

export async function updateAccount(db: Executor, id: number, patch: Partial<Omit<AccountRow, 'id'>>): Promise<AccountRow | undefined> {
  const row = await db.updateTable('accounts').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
  changed(db, 'accounts', [id]);
  // What search finds by: the index follows in the same transaction.
  if (row && (patch.display_name !== undefined || patch.username !== undefined || patch.closed_at !== undefined)) await indexAccounts(db, [id]);
  return row;
}

export type AccountCounter = 'followers_count' | 'following_count' | 'statuses_count';

/** Adds `by` (may be negative) to a counter, never below zero. */
export async function bumpAccountCounter(db: Executor, id: number, counter: AccountCounter, by: number, lastStatusAt?: string): Promise<void> {
  await db
    .updateTable('accounts')
    .set((eb) => ({
      [counter]: sql<number>`case when ${eb.ref(counter)} + ${by} < 0 then 0 else ${eb.ref(counter)} + ${by} end`,
      ...(lastStatusAt ? { last_status_at: lastStatusAt } : {}),
    }))
    .where('id', '=', id)
    .execute();
  changed(db, 'accounts', [id]);
  if (counter === 'followers_count') await refreshAccountRank(db, id);
}

/** An account as a status's text links it: its local page, or a remote one's own profile page. */
export type MentionedAccount = Pick<AccountRow, 'id' | 'username' | 'username_key' | 'domain' | 'url' | 'uri'>;

/** The open accounts among these username keys (usernameKeyOf: `name` local, `name@domain` remote), those a status mentions. */
export async function findOpenAccountsByUsernameKeys(db: Executor, keys: readonly string[]): Promise<MentionedAccount[]> {
  if (keys.length === 0) return [];
  return db.selectFrom('accounts').select(['id', 'username', 'username_key', 'domain', 'url', 'uri']).where('username_key', 'in', [...keys]).where('closed_at', 'is', null).execute();
}

/** The render map of renderText (statuses/text.ts) for these mentioned accounts: by username key, with where each link goes. */
export function mentionMap(baseUrl: string, mentioned: readonly MentionedAccount[]): Map<string, { id: number; username: string; href: string; local: boolean }> {
  return new Map(mentioned.map((m) => [m.username_key, { id: Number(m.id), username: m.username, href: mentionHref(baseUrl, m), local: m.domain === null }]));
}

/** The page a mention of this account links to: ours for a local account, the remote's profile (else its actor id) for another server's. */
export function mentionHref(baseUrl: string, a: Pick<AccountRow, 'username' | 'domain' | 'url' | 'uri'>): string {
  return a.domain === null ? `${baseUrl}/@${a.username}` : (a.url ?? a.uri ?? `${baseUrl}/@${a.username}@${a.domain}`);
}
