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

/** Puts one status in the feed of every follower of its author, in one INSERT … SELECT. */
export async function insertFeedEntriesForFollowers(db: Executor, statusId: number, authorId: number): Promise<void> {
  await db
    .insertInto('feeds')
    .columns(['account_id', 'status_id', 'author_id'])
    .expression((eb) =>
      eb
        .selectFrom('follows')
        .select(['follows.account_id', bigint(statusId).as('status_id'), bigint(authorId).as('author_id')])
        .where('follows.target_account_id', '=', authorId),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
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
