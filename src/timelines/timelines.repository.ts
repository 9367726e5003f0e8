import { type RawBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { Database, Executor } from '../db/database.js';
import type { IdWindow } from '../statuses/statuses.repository.js';
import { visibleToSql } from '../statuses/visibility.js';
import { hasMediaSql } from '../media/media.repository.js';
import { type HiddenAuthors, moderationVisibleSql } from '../moderation/hidden-authors.js';

/**
 * The queries that cut a timeline's page: each returns the ids of one window,
 * in the order it read them (min_id reads upwards); the use case sorts them
 * newest first and loads the statuses.
 */

/** Applies Mastodon's id window to a query over `column`; min_id reads the page just newer than the cursor. */
function windowed<O>(q: SelectQueryBuilder<Database, any, O>, column: string, w: IdWindow): SelectQueryBuilder<Database, any, O> {
  let out = q;
  if (w.maxId !== undefined) out = out.where(column as never, '<', w.maxId as never);
  if (w.sinceId !== undefined) out = out.where(column as never, '>', w.sinceId as never);
  if (w.minId !== undefined) out = out.where(column as never, '>', w.minId as never);
  return out.orderBy(column as never, w.minId !== undefined ? 'asc' : 'desc').limit(w.limit);
}

/** The id window as SQL conditions on `column`, and the order that reads it. */
function windowSql(column: RawBuilder<unknown>, w: IdWindow) {
  return sql`${w.maxId !== undefined ? sql` and ${column} < ${w.maxId}` : sql``}${w.sinceId !== undefined ? sql` and ${column} > ${w.sinceId}` : sql``}${
    w.minId !== undefined ? sql` and ${column} > ${w.minId} order by ${column} asc` : sql` order by ${column} desc`
  } limit ${w.limit}`;
}

/**
 * The home timeline's ids: the account's feed (written on post), merged with
 * the recent statuses of very large accounts it follows (read here instead of
 * written to every follower). Both halves read one window each, in one round
 * trip, so up to twice the limit come back. Written as SQL rather than with
 * the query builder: building this query cost more than running it, on every
 * request. The merged half is driven by the reader's follows (`in (select …)`):
 * as a join, SQLite walked every status not fanned out and probed the follows
 * for each, 400 µs at 1M posts against 66 µs this way. Members of the reader's
 * exclusive lists stay out of the merged half as fan-out keeps them out of the feed.
 */
export async function homeTimelineIds(db: Executor, accountId: number, w: IdWindow): Promise<number[]> {
  const me = accountId;
  const { rows } = await sql<{ id: number }>`
    select id from (select status_id as id from feeds where account_id = ${me}${windowSql(sql.ref('status_id'), w)}) as f
    union all
    select id from (
      select s.id as id from statuses s
      where s.fanned_out = 0 and s.account_id in (select target_account_id from follows where account_id = ${me})
        and s.account_id not in (select la.account_id from list_accounts la join lists l on l.id = la.list_id where l.account_id = ${me} and l.exclusive = 1)
        and s.deleted_at is null and s.visibility <> 'direct'${windowSql(sql.ref('s.id'), w)}
    ) as m`.execute(db);
  return rows.map((r) => Number(r.id));
}

/** The public timeline's ids: public statuses, no reblogs, none by `hiddenAuthors` (moderation) nor by those the reader excludes (`excluded`, src/social/exclusions.ts); with `onlyMedia`, those with attachments. */
/** Which statuses a public timeline shows (Mastodon's `local` and `remote` parameters): all, this provider's, or other servers'. A status is local when it has no ActivityPub id of its own. */
export type TimelineOrigin = 'all' | 'local' | 'remote';

export async function publicTimelineIds(db: Executor, w: IdWindow, onlyMedia = false, hiddenAuthors?: HiddenAuthors, excluded?: RawBuilder<SqlBool> | null, origin: TimelineOrigin = 'all'): Promise<number[]> {
  let q = db.selectFrom('statuses').select('id').where('visibility', '=', 'public').where('reblog_of_id', 'is', null).where('deleted_at', 'is', null);
  if (origin !== 'all') q = q.where('statuses.uri', origin === 'local' ? 'is' : 'is not', null);
  const moderated = moderationVisibleSql(hiddenAuthors);
  if (moderated) q = q.where(moderated);
  if (excluded) q = q.where(excluded);
  if (onlyMedia) q = q.where(hasMediaSql('statuses.id'));
  const rows = await windowed(q, 'id', w).execute();
  return rows.map((r) => Number(r.id));
}

/** A hashtag's ids (`name` as stored: no `#`, lower case), public statuses only, none by `hiddenAuthors` (moderation) nor by those the reader excludes; with `onlyMedia`, those with attachments. */
export async function tagTimelineIds(db: Executor, name: string, w: IdWindow, onlyMedia = false, hiddenAuthors?: HiddenAuthors, excluded?: RawBuilder<SqlBool> | null, origin: TimelineOrigin = 'all'): Promise<number[]> {
  let q = db
    .selectFrom('status_tags')
    .innerJoin('tags', 'tags.id', 'status_tags.tag_id')
    .innerJoin('statuses', 'statuses.id', 'status_tags.status_id')
    .select('statuses.id as id')
    .where('tags.name', '=', name)
    .where('statuses.visibility', '=', 'public')
    .where('statuses.deleted_at', 'is', null);
  if (origin !== 'all') q = q.where('statuses.uri', origin === 'local' ? 'is' : 'is not', null);
  const moderated = moderationVisibleSql(hiddenAuthors);
  if (moderated) q = q.where(moderated);
  if (excluded) q = q.where(excluded);
  if (onlyMedia) q = q.where(hasMediaSql('statuses.id'));
  const rows = await windowed(q, 'statuses.id', w).execute();
  return rows.map((r) => Number(r.id));
}

export interface AccountStatusIdsQuery {
  accountId: number;
  /** Who reads: what they may see is cut here; null for the public, and no cut at all for the owner. */
  viewer: AccountRow | null;
  owner: boolean;
  excludeReplies?: boolean | undefined;
  excludeReblogs?: boolean | undefined;
  /** A tag name as stored (no `#`, lower case). */
  tag?: string | undefined;
  /** Only statuses with media attachments. */
  onlyMedia?: boolean | undefined;
}

/** An account's status ids, visibility applied in the query that cuts the page (Mastodon's AccountStatusesFilter). */
export async function accountStatusIds(db: Executor, f: AccountStatusIdsQuery, w: IdWindow): Promise<number[]> {
  let q = db.selectFrom('statuses').select('statuses.id as id').where('statuses.account_id', '=', f.accountId).where('statuses.deleted_at', 'is', null);
  if (!f.owner) q = q.where(visibleToSql(f.viewer, 'statuses'));
  if (f.excludeReplies) q = q.where('statuses.in_reply_to_id', 'is', null);
  if (f.excludeReblogs) q = q.where('statuses.reblog_of_id', 'is', null);
  if (f.onlyMedia) q = q.where(hasMediaSql('statuses.id'));
  if (f.tag !== undefined) {
    const name = f.tag;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('status_tags')
          .innerJoin('tags', 'tags.id', 'status_tags.tag_id')
          .select('status_tags.status_id')
          .whereRef('status_tags.status_id', '=', 'statuses.id')
          .where('tags.name', '=', name),
      ),
    );
  }
  const rows = await windowed(q, 'statuses.id', w).execute();
  return rows.map((r) => Number(r.id));
}
