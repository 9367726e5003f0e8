import { sql } from 'kysely';
import type { Executor } from '../db/database.js';
import type { StatusRow } from '../statuses/statuses.repository.js';

/**
 * Authors with more followers than this are not written to every follower's
 * feed; their statuses are merged into home timelines on read instead, as
 * large services do. Below it, one INSERT … SELECT inside the posting
 * transaction puts the status in every follower's feed.
 */
export const FANOUT_LIMIT = 10_000;

/** A constant in a SELECT list, typed so that PostgreSQL need not guess a parameter's type. */
function bigint(n: number) {
  return sql<number>`cast(${n} as bigint)`;
}

export function fansOutOnWrite(followersCount: number): boolean {
  return followersCount <= FANOUT_LIMIT;
}

/** Writes the status to the home feeds it belongs in: its author's, followers' (unless merged on read or direct), and for a direct message those it mentions. */
export async function fanOut(db: Executor, status: StatusRow, mentionedIds: readonly number[]): Promise<void> {
  const authorId = Number(status.account_id);
  const statusId = Number(status.id);
  const direct = new Set<number>([authorId]);
  if (status.visibility === 'direct') for (const id of mentionedIds) direct.add(id);
  await db
    .insertInto('feeds')
    .values([...direct].map((accountId) => ({ account_id: accountId, status_id: statusId, author_id: authorId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  if (status.visibility === 'direct' || status.fanned_out !== 1) return;
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

/** After a follow: the followed account's recent statuses join the follower's feed, so the home timeline is not empty of them. */
export async function backfillFeed(db: Executor, followerId: number, authorId: number, count = 40): Promise<void> {
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

/** After an unfollow: the author's statuses leave the former follower's feed. */
export async function purgeFeed(db: Executor, followerId: number, authorId: number): Promise<void> {
  await db.deleteFrom('feeds').where('account_id', '=', followerId).where('author_id', '=', authorId).execute();
}

/** Deleted statuses (and reblogs) leave every home feed they were written to. */
export async function removeFromFeeds(db: Executor, statusIds: readonly number[]): Promise<void> {
  if (statusIds.length === 0) return;
  await db.deleteFrom('feeds').where('status_id', 'in', [...statusIds]).execute();
}
