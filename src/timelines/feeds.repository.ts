import { sql } from 'kysely';
import type { Executor } from '../db/database.js';

/** A constant in a SELECT list, typed so that PostgreSQL need not guess a parameter's type. */
function bigint(n: number) {
  return sql<number>`cast(${n} as bigint)`;
}

/** Puts one status in these accounts' feeds (already there: left as is). */
export async function insertFeedEntries(db: Executor, accountIds: readonly number[], statusId: number, authorId: number): Promise<void> {
  await db
    .insertInto('feeds')
    .values(accountIds.map((accountId) => ({ account_id: accountId, status_id: statusId, author_id: authorId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/**
 * Puts one status in the feed of every follower of its author, in one INSERT
 * … SELECT, less the followers who block or mute (a mute not ended at `now`)
 * any of `skipIfExcluding` (the author, and for a reblog the original's
 * author): Mastodon's FeedManager#filter_from_home, applied on write so that
 * the read path need not (src/social/exclusions.ts).
 */
export async function insertFeedEntriesForFollowers(db: Executor, statusId: number, authorId: number, skipIfExcluding: readonly number[] = [authorId], now = new Date().toISOString()): Promise<void> {
  const skip = [...new Set(skipIfExcluding)];
  await db
    .insertInto('feeds')
    .columns(['account_id', 'status_id', 'author_id'])
    .expression((eb) =>
      eb
        .selectFrom('follows')
        .select(['follows.account_id', bigint(statusId).as('status_id'), bigint(authorId).as('author_id')])
        .where('follows.target_account_id', '=', authorId)
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('blocks').select('blocks.id').whereRef('blocks.account_id', '=', 'follows.account_id').where('blocks.target_account_id', 'in', skip))))
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('mutes')
                .select('mutes.id')
                .whereRef('mutes.account_id', '=', 'follows.account_id')
                .where('mutes.target_account_id', 'in', skip)
                .where((m) => m.or([m('mutes.expires_at', 'is', null), m('mutes.expires_at', '>', now)])),
            ),
          ),
        ),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Of `accountIds`, those who block or mute (not ended at `now`) any of `authorIds`: their feeds skip the status. */
export async function accountsExcludingAny(db: Executor, accountIds: readonly number[], authorIds: readonly number[], now: string): Promise<Set<number>> {
  const out = new Set<number>();
  if (accountIds.length === 0 || authorIds.length === 0) return out;
  const { rows } = await sql<{ id: number }>`
    select account_id as id from blocks where account_id in (${sql.join([...accountIds])}) and target_account_id in (${sql.join([...authorIds])})
    union all
    select account_id as id from mutes where account_id in (${sql.join([...accountIds])}) and target_account_id in (${sql.join([...authorIds])})
      and (expires_at is null or expires_at > ${now})`.execute(db);
  for (const r of rows) out.add(Number(r.id));
  return out;
}

/** Puts the author's `count` latest fanned-out, non-direct statuses in the follower's feed. */
export async function insertRecentStatusesIntoFeed(db: Executor, followerId: number, authorId: number, count: number): Promise<void> {
  await db
    .insertInto('feeds')
    .columns(['account_id', 'status_id', 'author_id'])
    .expression((eb) =>
      eb
        .selectFrom('statuses')
        .select([bigint(followerId).as('account_id'), 'statuses.id', 'statuses.account_id'])
        .where('statuses.account_id', '=', authorId)
        .where('statuses.fanned_out', '=', 1)
        .where('statuses.deleted_at', 'is', null)
        .where('statuses.visibility', 'in', ['public', 'unlisted', 'private'])
        .orderBy('statuses.id', 'desc')
        .limit(count),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Takes the author's statuses out of one account's feed. */
export async function deleteFeedEntriesByAuthor(db: Executor, accountId: number, authorId: number): Promise<void> {
  await db.deleteFrom('feeds').where('account_id', '=', accountId).where('author_id', '=', authorId).execute();
}

/** Every feed entry of these statuses. */
export async function deleteFeedEntriesOfStatuses(db: Executor, statusIds: readonly number[]): Promise<void> {
  if (statusIds.length === 0) return;
  await db.deleteFrom('feeds').where('status_id', 'in', [...statusIds]).execute();
}

/** A status leaves these accounts' feeds (a direct message an edit no longer addresses to them). */
export async function deleteFeedEntriesOfStatusFor(db: Executor, statusId: number, accountIds: readonly number[]): Promise<void> {
  if (accountIds.length === 0) return;
  await db.deleteFrom('feeds').where('status_id', '=', statusId).where('account_id', 'in', [...accountIds]).execute();
}

/** Takes out of one account's feed the author's statuses and every reblog of them (after a block or a mute: Mastodon's clear_from_home_timeline). */
export async function deleteFeedEntriesOfAuthorAndReblogs(db: Executor, accountId: number, authorId: number): Promise<void> {
  await db.deleteFrom('feeds').where('account_id', '=', accountId).where('author_id', '=', authorId).execute();
  await sql`delete from feeds where account_id = ${accountId} and status_id in (
    select r.id from feeds f join statuses r on r.id = f.status_id join statuses o on o.id = r.reblog_of_id
    where f.account_id = ${accountId} and o.account_id = ${authorId})`.execute(db);
}
