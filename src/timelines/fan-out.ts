import type { Executor } from '../db/database.js';
import { changed } from '../app/transaction.js';
import { EVERY_HOME } from './home-pages.js';
import type { StatusRow } from '../statuses/statuses.repository.js';
import { publishAfterCommit } from '../streaming/streaming.js';
import { notify } from '../social/notify.js';
import {
  accountsExcludingAny,
  deleteFeedEntriesByAuthor,
  deleteFeedEntriesOfAuthorAndReblogs,
  deleteFeedEntriesOfStatuses,
  insertFeedEntries,
  insertFeedEntriesForFollowers,
  insertFeedEntriesForTagFollowers,
  insertRecentStatusesIntoFeed,
  notifiedFollowers,
} from './feeds.repository.js';

/**
 * Authors with more followers than this are not written to every follower's
 * feed; their statuses are merged into home timelines on read instead, as
 * large services do. Below it, one INSERT … SELECT inside the posting
 * transaction puts the status in every follower's feed.
 */
export const FANOUT_LIMIT = 10_000;

export function fansOutOnWrite(followersCount: number): boolean {
  return followersCount <= FANOUT_LIMIT;
}

/**
 * Writes the status to the home feeds it belongs in: its author's, followers'
 * (unless merged on read or direct), and for a direct message those it
 * mentions; once committed, the same readers' user streams get it (src/streaming/hub.ts).
 * A public original with hashtags also reaches those who follow one of them; followers who
 * asked (`notify`) get a `status` notification of an original that is not a reply to someone else.
 */
export async function fanOut(db: Executor, status: StatusRow, mentionedIds: readonly number[]): Promise<void> {
  const authorId = Number(status.account_id);
  const statusId = Number(status.id);
  publishAfterCommit(db, { t: 'status', id: statusId });
  // Readers who block or mute the author, or the author of what it reblogs, do not get it (src/social/exclusions.ts).
  const authors = [authorId];
  if (status.reblog_of_id !== null) {
    const original = await db.selectFrom('statuses').select('account_id').where('id', '=', Number(status.reblog_of_id)).executeTakeFirst();
    if (original) authors.push(Number(original.account_id));
  }
  // A remote author (its status has an ActivityPub id) has no home feed here.
  const direct = new Set<number>(status.uri === null ? [authorId] : []);
  if (status.visibility === 'direct') {
    const others = mentionedIds.filter((id) => id !== authorId);
    const excluding = await accountsExcludingAny(db, others, authors, status.created_at);
    for (const id of others) if (!excluding.has(id)) direct.add(id);
  }
  if (direct.size > 0) await insertFeedEntries(db, [...direct], statusId, authorId);
  if (status.visibility === 'direct') return;
  const original = status.reblog_of_id === null;
  if (original && status.visibility === 'public' && status.text.includes('#')) await insertFeedEntriesForTagFollowers(db, statusId, authorId, status.created_at);
  if (original && (status.in_reply_to_account_id === null || Number(status.in_reply_to_account_id) === authorId)) {
    const told = await notifiedFollowers(db, authorId);
    if (told.length > 0) await notify(db, told.map((accountId) => ({ accountId, fromAccountId: authorId, type: 'status' as const, statusId, at: status.created_at })));
  }
  // Merged into every follower's home on read: no feed says whose pages it changes.
  if (status.fanned_out !== 1) return changed(db, 'homes', [EVERY_HOME]);
  await insertFeedEntriesForFollowers(db, statusId, authorId, { reblog: !original, language: status.language }, authors, status.created_at);
}

/** After a follow: the followed account's recent statuses join the follower's feed, so the home timeline is not empty of them. */
export async function backfillFeed(db: Executor, followerId: number, authorId: number, count = 40): Promise<void> {
  await insertRecentStatusesIntoFeed(db, followerId, authorId, count);
}

/** After an unfollow: the author's statuses leave the former follower's feed. */
export async function purgeFeed(db: Executor, followerId: number, authorId: number): Promise<void> {
  await deleteFeedEntriesByAuthor(db, followerId, authorId);
}

/** After a block or a mute: the author's statuses, and others' reblogs of them, leave the reader's feed. */
export async function purgeAuthorFromFeed(db: Executor, readerId: number, authorId: number): Promise<void> {
  await deleteFeedEntriesOfAuthorAndReblogs(db, readerId, authorId);
}

/** Deleted statuses (and reblogs) leave every home feed they were written to, and every stream is told (`delete`). */
export async function removeFromFeeds(db: Executor, statusIds: readonly number[]): Promise<void> {
  await deleteFeedEntriesOfStatuses(db, statusIds);
  if (statusIds.length > 0) publishAfterCommit(db, { t: 'delete', ids: [...statusIds] });
}
