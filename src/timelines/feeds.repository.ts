import { type SqlBool, sql } from 'kysely';
import type { Executor } from '../db/database.js';
import { changed } from '../app/transaction.js';

/** The readers whose feeds a write touched: their presented home pages are stale once it commits (src/timelines/home-pages.ts). */
function homesChanged(db: Executor, readers: Iterable<number | string | bigint>): void {
  changed(db, 'homes', [...readers].map(Number));
}

/** A constant in a SELECT list, typed so that PostgreSQL need not guess a parameter's type. */
function bigint(n: number) {
  return sql<number>`cast(${n} as bigint)`;
}

/**
 * Whether the reader in `reader` (a column of the outer query) takes a status
 * of `authorId` into their home feed: they block none of `skip` (the author,
 * and for a reblog the original's author), mute none of them (a mute not ended
 * at `now`), and hold the author in none of their exclusive lists.
 */
function admitsToHome(reader: 'follows.account_id' | 'tag_follows.account_id', authorId: number, skip: readonly number[], now: string) {
  const r = sql.ref(reader);
  const authors = sql.join([...skip]);
  return sql<SqlBool>`not exists (select 1 from blocks where blocks.account_id = ${r} and blocks.target_account_id in (${authors}))
    and not exists (select 1 from mutes where mutes.account_id = ${r} and mutes.target_account_id in (${authors}) and (mutes.expires_at is null or mutes.expires_at > ${now}))
    and not exists (select 1 from list_accounts join lists on lists.id = list_accounts.list_id
      where list_accounts.account_id = ${authorId} and lists.exclusive = 1 and lists.account_id = ${r})`;
}

/** Puts one status in these accounts' feeds (already there: left as is). */
export async function insertFeedEntries(db: Executor, accountIds: readonly number[], statusId: number, authorId: number): Promise<void> {
  await db
    .insertInto('feeds')
    .values(accountIds.map((accountId) => ({ account_id: accountId, status_id: statusId, author_id: authorId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  homesChanged(db, accountIds);
}

/**
 * Puts one status in the feed of every follower of its author, in one INSERT … SELECT,
 * less the followers who keep it out of home (Mastodon's FeedManager#filter_from_home):
 * those who block or mute (a mute not ended at `now`) any of `skipIfExcluding` (the
 * author, and for a reblog the original's author: src/social/exclusions.ts, applied on
 * write so that the read path need not), a reblog for those who follow with
 * `reblogs: false`, a status in a language outside the follow's `languages`, and
 * anything by a member of one of their exclusive lists.
 */
export async function insertFeedEntriesForFollowers(
  db: Executor,
  statusId: number,
  authorId: number,
  status: { reblog: boolean; language: string | null } = { reblog: false, language: null },
  skipIfExcluding: readonly number[] = [authorId],
  now = new Date().toISOString(),
): Promise<void> {
  const skip = [...new Set(skipIfExcluding)];
  await db
    .insertInto('feeds')
    .columns(['account_id', 'status_id', 'author_id'])
    .expression((eb) => {
      let q = eb
        .selectFrom('follows')
        // Only local followers have a home feed here; a remote follower's server gets the status by federation.
        .innerJoin('accounts as follower', 'follower.id', 'follows.account_id')
        .select(['follows.account_id', bigint(statusId).as('status_id'), bigint(authorId).as('author_id')])
        .where('follows.target_account_id', '=', authorId)
        .where('follower.domain', 'is', null)
        .where(admitsToHome('follows.account_id', authorId, skip, now));
      if (status.reblog) q = q.where('follows.show_reblogs', '=', 1);
      const language = status.language;
      if (language !== null) q = q.where((w) => w.or([w('follows.languages', 'is', null), w('follows.languages', 'like', `%${JSON.stringify(language.split('-')[0])}%`)]));
      return q;
    })
    .onConflict((oc) => oc.doNothing())
    .returning('account_id')
    .execute()
    .then((rows) => homesChanged(db, rows.map((r) => r.account_id)));
}

/**
 * A public status with hashtags joins the home feed of every account that
 * follows one of them (Mastodon's TagFollow fan-out), but not the author's
 * own, nor a feed that keeps the author out (exclusive lists, a block or a
 * mute not ended at `now`), in one INSERT … SELECT.
 */
export async function insertFeedEntriesForTagFollowers(db: Executor, statusId: number, authorId: number, now = new Date().toISOString()): Promise<void> {
  await db
    .insertInto('feeds')
    .columns(['account_id', 'status_id', 'author_id'])
    .expression((eb) =>
      eb
        .selectFrom('tag_follows')
        .select(['tag_follows.account_id', bigint(statusId).as('status_id'), bigint(authorId).as('author_id')])
        .where('tag_follows.tag_id', 'in', eb.selectFrom('status_tags').select('status_tags.tag_id').where('status_tags.status_id', '=', statusId))
        .where('tag_follows.account_id', '<>', authorId)
        .where(admitsToHome('tag_follows.account_id', authorId, [authorId], now))
        .groupBy('tag_follows.account_id'),
    )
    .onConflict((oc) => oc.doNothing())
    .returning('account_id')
    .execute()
    .then((rows) => homesChanged(db, rows.map((r) => r.account_id)));
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

/** The followers who asked to be told when the author posts (`notify`). */
export async function notifiedFollowers(db: Executor, authorId: number): Promise<number[]> {
  const rows = await db.selectFrom('follows').select('account_id').where('target_account_id', '=', authorId).where('notify', '=', 1).execute();
  return rows.map((r) => Number(r.account_id));
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
        // A remote follower has no home feed here.
        .where(({ exists, selectFrom }) => exists(selectFrom('accounts').select('accounts.id').where('accounts.id', '=', followerId).where('accounts.domain', 'is', null)))
        .orderBy('statuses.id', 'desc')
        .limit(count),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
  homesChanged(db, [followerId]);
}

/** Takes the author's statuses out of one account's feed. */
export async function deleteFeedEntriesByAuthor(db: Executor, accountId: number, authorId: number): Promise<void> {
  await db.deleteFrom('feeds').where('account_id', '=', accountId).where('author_id', '=', authorId).execute();
  homesChanged(db, [accountId]);
}

/** Every feed entry of these statuses. */
export async function deleteFeedEntriesOfStatuses(db: Executor, statusIds: readonly number[]): Promise<void> {
  if (statusIds.length === 0) return;
  await db.deleteFrom('feeds').where('status_id', 'in', [...statusIds]).execute();
  // The kept home pages that showed them go with them (src/timelines/home-pages.ts follows the statuses cache).
  changed(db, 'statuses', statusIds);
}

/** A status leaves these accounts' feeds (a direct message an edit no longer addresses to them). */
export async function deleteFeedEntriesOfStatusFor(db: Executor, statusId: number, accountIds: readonly number[]): Promise<void> {
  if (accountIds.length === 0) return;
  await db.deleteFrom('feeds').where('status_id', '=', statusId).where('account_id', 'in', [...accountIds]).execute();
  homesChanged(db, accountIds);
}

/** Takes out of one account's feed the author's statuses and every reblog of them (after a block or a mute: Mastodon's clear_from_home_timeline). */
export async function deleteFeedEntriesOfAuthorAndReblogs(db: Executor, accountId: number, authorId: number): Promise<void> {
  await db.deleteFrom('feeds').where('account_id', '=', accountId).where('author_id', '=', authorId).execute();
  await sql`delete from feeds where account_id = ${accountId} and status_id in (
    select r.id from feeds f join statuses r on r.id = f.status_id join statuses o on o.id = r.reblog_of_id
    where f.account_id = ${accountId} and o.account_id = ${authorId})`.execute(db);
  homesChanged(db, [accountId]);
}

/**
 * Of these readers, those whose home keeps this status out though they follow
 * its author: the rules of insertFeedEntriesForFollowers for one status, for
 * the streaming hub (members of their exclusive lists, reblogs of those they
 * follow with `reblogs: false`, languages outside the follow's). Two queries.
 */
export async function keptOutOfHome(db: Executor, status: { account_id: number; reblog_of_id: number | null; language: string | null }, readers: readonly number[]): Promise<Set<number>> {
  const out = new Set<number>();
  if (readers.length === 0) return out;
  const author = Number(status.account_id);
  const language = status.language?.split('-')[0] ?? null;
  // The follows' options matter only for a reblog or a status in a stated language: most events skip that query.
  const optionsMatter = status.reblog_of_id !== null || language !== null;
  const [exclusive, follows] = await Promise.all([
    db
      .selectFrom('list_accounts')
      .innerJoin('lists', 'lists.id', 'list_accounts.list_id')
      .select('lists.account_id')
      .where('list_accounts.account_id', '=', author)
      .where('lists.exclusive', '=', 1)
      .execute(),
    optionsMatter
      ? db
          .selectFrom('follows')
          .select(['account_id', 'show_reblogs', 'languages'])
          .where('target_account_id', '=', author)
          .where((eb) => eb.or([eb('show_reblogs', '=', 0), eb('languages', 'is not', null)]))
          .execute()
      : Promise.resolve([]),
  ]);
  const wanted = new Set(readers);
  for (const r of exclusive) if (wanted.has(Number(r.account_id))) out.add(Number(r.account_id));
  for (const f of follows) {
    const who = Number(f.account_id);
    if (!wanted.has(who)) continue;
    if (status.reblog_of_id !== null && Number(f.show_reblogs) === 0) out.add(who);
    if (language !== null && f.languages !== null && !(JSON.parse(f.languages) as string[]).includes(language)) out.add(who);
  }
  return out;
}

/** Of these readers, those who follow one of these hashtags (a public original with them reaches their home). */
export async function tagFollowersAmong(db: Executor, tagNames: readonly string[], readers: readonly number[]): Promise<number[]> {
  if (tagNames.length === 0 || readers.length === 0) return [];
  const rows = await db
    .selectFrom('tag_follows')
    .innerJoin('tags', 'tags.id', 'tag_follows.tag_id')
    .select('tag_follows.account_id')
    .where('tags.name', 'in', tagNames.map((t) => t.toLowerCase()))
    .where('tag_follows.account_id', 'in', [...readers])
    .execute();
  return [...new Set(rows.map((r) => Number(r.account_id)))];
}
