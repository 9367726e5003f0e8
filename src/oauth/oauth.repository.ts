import { type Insertable, type Selectable, sql } from 'kysely';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { Executor } from '../db/database.js';
import { changed } from '../app/transaction.js';
import type { OAuthAppsTable, OAuthCodesTable, OAuthTokensTable } from './oauth.table.js';

export type AppRow = Selectable<OAuthAppsTable>;
export type TokenRow = Selectable<OAuthTokensTable>;
export type CodeRow = Selectable<OAuthCodesTable>;

export async function insertApp(db: Executor, row: Insertable<OAuthAppsTable>): Promise<AppRow> {
  return db.insertInto('oauth_apps').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findAppByClientId(db: Executor, clientId: string): Promise<AppRow | undefined> {
  return db.selectFrom('oauth_apps').selectAll().where('client_id', '=', clientId).executeTakeFirst();
}

export async function findAppById(db: Executor, id: number): Promise<AppRow | undefined> {
  return db.selectFrom('oauth_apps').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertToken(db: Executor, row: Insertable<OAuthTokensTable>): Promise<TokenRow> {
  return db.insertInto('oauth_tokens').values(row).returningAll().executeTakeFirstOrThrow();
}

/**
 * A live token and the account it acts as, in one query: every authenticated
 * request asks this first. `account` is null for an app-only token (or if the
 * account row is gone).
 */
export async function findLiveTokenWithAccount(db: Executor, digest: string): Promise<{ token: Pick<TokenRow, 'id' | 'app_id' | 'account_id' | 'operator_id' | 'scopes'>; account: AccountRow | null } | undefined> {
  // Written as SQL: it runs for every authenticated request, and building it cost more than running it.
  const { rows } = await sql<
    AccountRow & { token_id: number; token_app_id: number | null; token_account_id: number | null; token_operator_id: number | null; token_scopes: string }
  >`select a.*, t.id as token_id, t.app_id as token_app_id, t.account_id as token_account_id, t.operator_id as token_operator_id, t.scopes as token_scopes
    from oauth_tokens t left join accounts a on a.id = t.account_id
    left join oauth_tokens p on p.id = t.parent_token_id
    where t.token_hash = ${digest} and t.revoked_at is null and (t.parent_token_id is null or p.revoked_at is null)`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  const { token_id, token_app_id, token_account_id, token_operator_id, token_scopes, ...account } = row;
  return {
    token: { id: token_id, app_id: token_app_id, account_id: token_account_id, operator_id: token_operator_id, scopes: token_scopes },
    account: account.id === null ? null : (account as AccountRow),
  };
}

/** A token's standing, for work done later on its behalf (a push): whether it or its parent is revoked, and whom it acts as. */
export async function findTokenStanding(db: Executor, tokenId: number): Promise<{ live: boolean; account_id: number | null; operator_id: number | null } | undefined> {
  const row = await db
    .selectFrom('oauth_tokens as t')
    .leftJoin('oauth_tokens as p', 'p.id', 't.parent_token_id')
    .select(['t.revoked_at', 't.account_id', 't.operator_id', 't.parent_token_id', 'p.revoked_at as parent_revoked_at'])
    .where('t.id', '=', tokenId)
    .executeTakeFirst();
  if (!row) return undefined;
  const live = row.revoked_at === null && (row.parent_token_id === null || row.parent_revoked_at === null);
  return { live, account_id: row.account_id === null ? null : Number(row.account_id), operator_id: row.operator_id === null ? null : Number(row.operator_id) };
}

/** Revokes one of the app's tokens and those taken with it; returns the ids revoked (streams opened with them close). */
export async function revokeTokenByDigest(db: Executor, digest: string, appId: number, now: string): Promise<number[]> {
  const revoked = await db
    .updateTable('oauth_tokens')
    .set({ revoked_at: now })
    .where('token_hash', '=', digest)
    .where('app_id', '=', appId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  const ids = revoked.map((r) => Number(r.id));
  changed(db, 'logins', ids);
  return [...ids, ...(await revokeChildTokens(db, ids, now))];
}

export async function revokeTokensOfAccount(db: Executor, accountId: number, now: string): Promise<void> {
  const revoked = await db.updateTable('oauth_tokens').set({ revoked_at: now }).where('account_id', '=', accountId).where('revoked_at', 'is', null).returning('id').execute();
  const ids = revoked.map((r) => Number(r.id));
  changed(db, 'logins', ids);
  await revokeChildTokens(db, ids, now);
}

/** The operator's tokens for organs taken with these tokens die with them (authentication checks the parent too). */
async function revokeChildTokens(db: Executor, parentIds: readonly number[], now: string): Promise<number[]> {
  if (!parentIds.length) return [];
  const rows = await db.updateTable('oauth_tokens').set({ revoked_at: now }).where('parent_token_id', 'in', [...parentIds]).where('revoked_at', 'is', null).returning('id').execute();
  changed(db, 'logins', rows.map((r) => Number(r.id)));
  return rows.map((r) => Number(r.id));
}

/** Revokes the tokens through which operators act for the organ: all of them, or one operator's. The organ's own tokens stay. */
export async function revokeOperatorTokensFor(db: Executor, organAccountId: number, now: string, operatorAccountId?: number): Promise<number[]> {
  let q = db.updateTable('oauth_tokens').set({ revoked_at: now }).where('account_id', '=', organAccountId).where('operator_id', 'is not', null).where('revoked_at', 'is', null);
  if (operatorAccountId !== undefined) q = q.where('operator_id', '=', operatorAccountId);
  const rows = await q.returning('id').execute();
  changed(db, 'logins', rows.map((r) => Number(r.id)));
  return rows.map((r) => Number(r.id));
}

export async function insertCode(db: Executor, row: Insertable<OAuthCodesTable>): Promise<void> {
  await db.insertInto('oauth_codes').values(row).execute();
}

/** Marks the client's code used and returns it, atomically: a code can be exchanged once, and only by its client. */
export async function consumeCode(db: Executor, digest: string, appId: number, now: string): Promise<CodeRow | undefined> {
  return db
    .updateTable('oauth_codes')
    .set({ used_at: now })
    .where('code_hash', '=', digest)
    .where('app_id', '=', appId)
    .where('used_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** Whether the browser with this cookie digest signed in to the account before. */
export async function isKnownDevice(db: Executor, deviceHash: string, accountId: number): Promise<boolean> {
  const row = await db.selectFrom('known_devices').select('id').where('device_hash', '=', deviceHash).where('account_id', '=', accountId).executeTakeFirst();
  return row !== undefined;
}

/** Records (or refreshes) that this browser signed in to the account. */
export async function rememberDevice(db: Executor, deviceHash: string, accountId: number, now: string): Promise<void> {
  await db
    .insertInto('known_devices')
    .values({ device_hash: deviceHash, account_id: accountId, created_at: now, last_used_at: now })
    .onConflict((oc) => oc.columns(['device_hash', 'account_id']).doUpdateSet({ last_used_at: now }))
    .execute();
}

/** Those of `ids` still live (not revoked, nor their parent, their account not closed): open streams re-check their tokens with it, whatever ended them. */
export async function liveTokenIds(db: Executor, ids: readonly number[]): Promise<Set<number>> {
  const live = new Set<number>();
  for (let i = 0; i < ids.length; i += 900) {
    const chunk = sql.join(ids.slice(i, i + 900));
    const { rows } = await sql<{ id: number }>`select t.id from oauth_tokens t left join oauth_tokens p on p.id = t.parent_token_id
      left join accounts a on a.id = t.account_id
      where t.id in (${chunk}) and t.revoked_at is null and (t.parent_token_id is null or p.revoked_at is null) and a.closed_at is null`.execute(db);
    for (const r of rows) live.add(Number(r.id));
  }
  return live;
}

/** Tokens granted to accounts since `since` (each a sign-in or an app's new grant): who signed in when, for the instance's weekly activity. */
export async function accountGrantsSince(db: Executor, since: string): Promise<{ account_id: number; created_at: string }[]> {
  const rows = await db.selectFrom('oauth_tokens').select(['account_id', 'created_at']).where('created_at', '>=', since).where('account_id', 'is not', null).execute();
  return rows.map((r) => ({ account_id: Number(r.account_id), created_at: r.created_at }));
}

/** The live tokens that act as the account, or through it as an organ's operator. */
export async function liveTokenIdsOfAccount(db: Executor, accountId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('oauth_tokens')
    .select('id')
    .where((eb) => eb.or([eb('account_id', '=', accountId), eb('operator_id', '=', accountId)]))
    .where('revoked_at', 'is', null)
    .execute();
  return rows.map((r) => Number(r.id));
}

/** Revokes these tokens and, down the chain, those taken with them; returns every id revoked. */
export async function revokeTokensAndChildren(db: Executor, ids: readonly number[], now: string): Promise<number[]> {
  const all = new Set<number>(ids);
  let batch = [...ids];
  while (batch.length > 0) {
    await db.updateTable('oauth_tokens').set({ revoked_at: now }).where('id', 'in', batch).where('revoked_at', 'is', null).execute();
    changed(db, 'logins', batch);
    batch = (await revokeChildTokens(db, batch, now)).filter((id) => !all.has(id));
    for (const id of batch) all.add(id);
  }
  return [...all];
}
