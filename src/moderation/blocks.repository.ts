import { sql } from 'kysely';
import type { Executor } from '../db/database.js';

/** Page of an account's blocks, mutes or domain blocks, by the row's id (Mastodon pages them so). */
export interface RowWindow {
  maxId?: number | undefined;
  sinceId?: number | undefined;
  minId?: number | undefined;
  limit: number;
}

/** Records a block; false when it existed already. */
export async function insertBlock(db: Executor, accountId: number, targetId: number, at: string): Promise<boolean> {
  const row = await db
    .insertInto('blocks')
    .values({ account_id: accountId, target_account_id: targetId, created_at: at })
    .onConflict((oc) => oc.columns(['account_id', 'target_account_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function deleteBlock(db: Executor, accountId: number, targetId: number): Promise<boolean> {
  const r = await db.deleteFrom('blocks').where('account_id', '=', accountId).where('target_account_id', '=', targetId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Records or changes a mute (its notification flag and expiry as given now, as Mastodon's MuteService); returns its id. */
export async function upsertMute(db: Executor, accountId: number, targetId: number, hideNotifications: boolean, expiresAt: string | null, at: string): Promise<number> {
  const row = await db
    .insertInto('mutes')
    .values({ account_id: accountId, target_account_id: targetId, hide_notifications: hideNotifications ? 1 : 0, expires_at: expiresAt, created_at: at })
    .onConflict((oc) => oc.columns(['account_id', 'target_account_id']).doUpdateSet({ hide_notifications: hideNotifications ? 1 : 0, expires_at: expiresAt }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function deleteMute(db: Executor, accountId: number, targetId: number): Promise<boolean> {
  const r = await db.deleteFrom('mutes').where('account_id', '=', accountId).where('target_account_id', '=', targetId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Deletes the mute `id` if it still ends at `expiresAt` (a later mute of the same pair changed it); returns its muter, or undefined. */
export async function deleteExpiredMute(db: Executor, id: number, expiresAt: string, now: string): Promise<number | undefined> {
  const row = await db
    .deleteFrom('mutes')
    .where('id', '=', id)
    .where('expires_at', '=', expiresAt)
    .where('expires_at', '<=', now)
    .returning('account_id')
    .executeTakeFirst();
  return row ? Number(row.account_id) : undefined;
}

/** Mutes that have ended by `now` (the sweep's batch). */
export async function expiredMutes(db: Executor, now: string, limit: number): Promise<{ id: number; account_id: number; expires_at: string }[]> {
  const rows = await db.selectFrom('mutes').select(['id', 'account_id', 'expires_at']).where('expires_at', 'is not', null).where('expires_at', '<=', now).orderBy('id').limit(limit).execute();
  return rows.map((r) => ({ id: Number(r.id), account_id: Number(r.account_id), expires_at: r.expires_at as string }));
}

/** Everything one account's exclusions are made of, in one round trip (src/social/exclusions.ts caches it). */
export async function exclusionRows(db: Executor, accountId: number): Promise<{ kind: number; id: number | null; domain: string | null; hide: number | null; expires_at: string | null }[]> {
  const { rows } = await sql<{ kind: number; id: number | null; domain: string | null; hide: number | null; expires_at: string | null }>`
    select 1 as kind, target_account_id as id, cast(null as text) as domain, cast(null as integer) as hide, cast(null as text) as expires_at from blocks where account_id = ${accountId}
    union all
    select 2 as kind, account_id as id, null as domain, null as hide, null as expires_at from blocks where target_account_id = ${accountId}
    union all
    select 3 as kind, target_account_id as id, null as domain, hide_notifications as hide, expires_at from mutes where account_id = ${accountId}
    union all
    select 4 as kind, null as id, domain, null as hide, null as expires_at from account_domain_blocks where account_id = ${accountId}`.execute(db);
  return rows.map((r) => ({ kind: Number(r.kind), id: r.id === null ? null : Number(r.id), domain: r.domain, hide: r.hide === null ? null : Number(r.hide), expires_at: r.expires_at }));
}

/** The same rows for many accounts at once (`owner` says whose), for a stream's many readers: one query per 900 of them. */
export async function exclusionRowsOfMany(db: Executor, accountIds: readonly number[]) {
  const out: { owner: number; kind: number; id: number | null; domain: string | null; hide: number | null; expires_at: string | null }[] = [];
  for (let i = 0; i < accountIds.length; i += 900) {
    const list = sql.join(accountIds.slice(i, i + 900));
    const { rows } = await sql<{ owner: number; kind: number; id: number | null; domain: string | null; hide: number | null; expires_at: string | null }>`
      select account_id as owner, 1 as kind, target_account_id as id, cast(null as text) as domain, cast(null as integer) as hide, cast(null as text) as expires_at from blocks where account_id in (${list})
      union all
      select target_account_id as owner, 2 as kind, account_id as id, null as domain, null as hide, null as expires_at from blocks where target_account_id in (${list})
      union all
      select account_id as owner, 3 as kind, target_account_id as id, null as domain, hide_notifications as hide, expires_at from mutes where account_id in (${list})
      union all
      select account_id as owner, 4 as kind, null as id, domain, null as hide, null as expires_at from account_domain_blocks where account_id in (${list})`.execute(db);
    for (const r of rows) out.push({ owner: Number(r.owner), kind: Number(r.kind), id: r.id === null ? null : Number(r.id), domain: r.domain, hide: r.hide === null ? null : Number(r.hide), expires_at: r.expires_at });
  }
  return out;
}

/** For the Relationship entity: blocks and mutes between the account and each of `ids`, read from the rows. */
export async function blockRelationsAmong(db: Executor, me: number, ids: readonly number[], now: string) {
  const blocking = new Set<number>();
  const blockedBy = new Set<number>();
  const muting = new Set<number>();
  const mutingNotifications = new Set<number>();
  const domainBlocking = new Set<number>();
  if (ids.length === 0) return { blocking, blockedBy, muting, mutingNotifications, domainBlocking };
  const list = [...ids];
  const [out, inc, mutes, domains] = await Promise.all([
    db.selectFrom('blocks').select('target_account_id as id').where('account_id', '=', me).where('target_account_id', 'in', list).execute(),
    db.selectFrom('blocks').select('account_id as id').where('target_account_id', '=', me).where('account_id', 'in', list).execute(),
    db
      .selectFrom('mutes')
      .select(['target_account_id as id', 'hide_notifications'])
      .where('account_id', '=', me)
      .where('target_account_id', 'in', list)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .execute(),
    // Remote accounts whose domain the account blocks (Mastodon's domain_blocking).
    db
      .selectFrom('accounts')
      .innerJoin('account_domain_blocks as adb', 'adb.domain', 'accounts.domain')
      .select('accounts.id as id')
      .where('adb.account_id', '=', me)
      .where('accounts.id', 'in', list)
      .execute(),
  ]);
  for (const r of domains) domainBlocking.add(Number(r.id));
  for (const r of out) blocking.add(Number(r.id));
  for (const r of inc) blockedBy.add(Number(r.id));
  for (const r of mutes) {
    muting.add(Number(r.id));
    if (Number(r.hide_notifications) === 1) mutingNotifications.add(Number(r.id));
  }
  return { blocking, blockedBy, muting, mutingNotifications, domainBlocking };
}

/** Whether either of the two blocks the other. */
export async function blockBetween(db: Executor, a: number, b: number): Promise<{ aBlocksB: boolean; bBlocksA: boolean }> {
  const rows = await db
    .selectFrom('blocks')
    .select(['account_id'])
    .where((eb) => eb.or([eb.and([eb('account_id', '=', a), eb('target_account_id', '=', b)]), eb.and([eb('account_id', '=', b), eb('target_account_id', '=', a)])]))
    .execute();
  return { aBlocksB: rows.some((r) => Number(r.account_id) === a), bBlocksA: rows.some((r) => Number(r.account_id) === b) };
}

/** The accounts an account blocks, newest block first, with the block's id for paging (GET /api/v1/blocks). */
export async function pageBlockedAccounts(db: Executor, accountId: number, w: RowWindow) {
  let q = db
    .selectFrom('blocks')
    .innerJoin('accounts', 'accounts.id', 'blocks.target_account_id')
    .selectAll('accounts')
    .select('blocks.id as row_id')
    .where('blocks.account_id', '=', accountId)
    .where('accounts.closed_at', 'is', null);
  if (w.maxId !== undefined) q = q.where('blocks.id', '<', w.maxId);
  if (w.sinceId !== undefined) q = q.where('blocks.id', '>', w.sinceId);
  if (w.minId !== undefined) q = q.where('blocks.id', '>', w.minId);
  const rows = await q.orderBy('blocks.id', w.minId !== undefined ? 'asc' : 'desc').limit(w.limit).execute();
  return w.minId !== undefined ? rows.reverse() : rows;
}

/** The accounts an account mutes (those whose mute has not ended by `now`), newest first, with the mute's id and expiry. */
export async function pageMutedAccounts(db: Executor, accountId: number, now: string, w: RowWindow) {
  let q = db
    .selectFrom('mutes')
    .innerJoin('accounts', 'accounts.id', 'mutes.target_account_id')
    .selectAll('accounts')
    .select(['mutes.id as row_id', 'mutes.expires_at as mute_expires_at'])
    .where('mutes.account_id', '=', accountId)
    .where('accounts.closed_at', 'is', null)
    .where((eb) => eb.or([eb('mutes.expires_at', 'is', null), eb('mutes.expires_at', '>', now)]));
  if (w.maxId !== undefined) q = q.where('mutes.id', '<', w.maxId);
  if (w.sinceId !== undefined) q = q.where('mutes.id', '>', w.sinceId);
  if (w.minId !== undefined) q = q.where('mutes.id', '>', w.minId);
  const rows = await q.orderBy('mutes.id', w.minId !== undefined ? 'asc' : 'desc').limit(w.limit).execute();
  return w.minId !== undefined ? rows.reverse() : rows;
}

export async function insertDomainBlock(db: Executor, accountId: number, domain: string, at: string): Promise<boolean> {
  const row = await db
    .insertInto('account_domain_blocks')
    .values({ account_id: accountId, domain, created_at: at })
    .onConflict((oc) => oc.columns(['account_id', 'domain']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function deleteDomainBlock(db: Executor, accountId: number, domain: string): Promise<boolean> {
  const r = await db.deleteFrom('account_domain_blocks').where('account_id', '=', accountId).where('domain', '=', domain).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The domains an account blocks, newest first, with the row's id for paging (GET /api/v1/domain_blocks). */
export async function pageDomainBlocks(db: Executor, accountId: number, w: RowWindow): Promise<{ id: number; domain: string }[]> {
  let q = db.selectFrom('account_domain_blocks').select(['id', 'domain']).where('account_id', '=', accountId);
  if (w.maxId !== undefined) q = q.where('id', '<', w.maxId);
  if (w.sinceId !== undefined) q = q.where('id', '>', w.sinceId);
  if (w.minId !== undefined) q = q.where('id', '>', w.minId);
  const rows = await q.orderBy('id', w.minId !== undefined ? 'asc' : 'desc').limit(w.limit).execute();
  const out = rows.map((r) => ({ id: Number(r.id), domain: r.domain }));
  return w.minId !== undefined ? out.reverse() : out;
}

/**
 * Of `recipients`, those who must not be told of `fromId`'s act: they block
 * it, it blocks them, or they mute it with notifications hidden and the mute
 * has not ended (Mastodon's NotifyService#blocked?).
 */
export async function recipientsExcluding(db: Executor, fromId: number, recipients: readonly number[], now: string): Promise<Set<number>> {
  const out = new Set<number>();
  if (recipients.length === 0) return out;
  const list = [...new Set(recipients)];
  const { rows } = await sql<{ id: number }>`
    select account_id as id from blocks where target_account_id = ${fromId} and account_id in (${sql.join(list)})
    union all
    select target_account_id as id from blocks where account_id = ${fromId} and target_account_id in (${sql.join(list)})
    union all
    select account_id as id from mutes where target_account_id = ${fromId} and hide_notifications = 1
      and (expires_at is null or expires_at > ${now}) and account_id in (${sql.join(list)})`.execute(db);
  for (const r of rows) out.add(Number(r.id));
  return out;
}

/** Every notification `fromId` caused `accountId` (after a block, or a mute that hides notifications: Mastodon's AfterBlockService). */
export async function deleteNotificationsFromTo(db: Executor, fromId: number, accountId: number): Promise<void> {
  await db.deleteFrom('notifications').where('account_id', '=', accountId).where('from_account_id', '=', fromId).execute();
}
