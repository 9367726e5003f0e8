import { sql } from 'kysely';
import type { Executor } from '../db/database.js';

export interface TagRef {
  id: number;
  name: string;
  display: string;
}

/** The tag by its stored name, made when not seen before (following or featuring a tag nobody used yet, as Mastodon's find_or_create_by_names). */
export async function findOrCreateTag(db: Executor, display: string): Promise<TagRef> {
  const name = display.toLowerCase();
  await db.insertInto('tags').values({ name, display }).onConflict((oc) => oc.column('name').doNothing()).execute();
  const r = await db.selectFrom('tags').select(['id', 'name', 'display']).where('name', '=', name).executeTakeFirstOrThrow();
  return { id: Number(r.id), name: r.name, display: r.display };
}

export async function insertTagFollow(db: Executor, accountId: number, tagId: number, at: string): Promise<void> {
  await db.insertInto('tag_follows').values({ account_id: accountId, tag_id: tagId, created_at: at }).onConflict((oc) => oc.columns(['account_id', 'tag_id']).doNothing()).execute();
}

export async function deleteTagFollow(db: Executor, accountId: number, tagId: number): Promise<void> {
  await db.deleteFrom('tag_follows').where('account_id', '=', accountId).where('tag_id', '=', tagId).execute();
}

/** Which of these tags the account features. */
export async function featuredAmong(db: Executor, accountId: number, tagIds: readonly number[]): Promise<Set<number>> {
  if (tagIds.length === 0) return new Set();
  const rows = await db.selectFrom('featured_tags').select('tag_id').where('account_id', '=', accountId).where('tag_id', 'in', [...tagIds]).execute();
  return new Set(rows.map((r) => Number(r.tag_id)));
}

/** Which of these tags the account follows. */
export async function followedAmong(db: Executor, accountId: number, tagIds: readonly number[]): Promise<Set<number>> {
  if (tagIds.length === 0) return new Set();
  const rows = await db.selectFrom('tag_follows').select('tag_id').where('account_id', '=', accountId).where('tag_id', 'in', [...tagIds]).execute();
  return new Set(rows.map((r) => Number(r.tag_id)));
}

/** The tags the account follows, latest follow first, paged by the follow's id. */
export async function pageFollowedTags(db: Executor, accountId: number, w: { maxId?: number | undefined; sinceId?: number | undefined; minId?: number | undefined; limit: number }) {
  let q = db.selectFrom('tag_follows').innerJoin('tags', 'tags.id', 'tag_follows.tag_id').select(['tag_follows.id as mark', 'tags.id', 'tags.name', 'tags.display']).where('tag_follows.account_id', '=', accountId);
  if (w.maxId !== undefined) q = q.where('tag_follows.id', '<', w.maxId);
  if (w.sinceId !== undefined) q = q.where('tag_follows.id', '>', w.sinceId);
  if (w.minId !== undefined) q = q.where('tag_follows.id', '>', w.minId);
  const rows = await q.orderBy('tag_follows.id', w.minId !== undefined ? 'asc' : 'desc').limit(w.limit).execute();
  const list = rows.map((r) => ({ mark: Number(r.mark), tag: { id: Number(r.id), name: r.name, display: r.display } }));
  return w.minId !== undefined ? list.reverse() : list;
}

export interface FeaturedTagRow {
  id: number;
  tag: TagRef;
  /** The account's public and unlisted statuses with the tag, and when it last used it. */
  statuses_count: number;
  last_status_at: string | null;
}

/** The account's featured tags with their counts, most used first (as Mastodon orders them). */
export async function featuredTagsOf(db: Executor, accountId: number): Promise<FeaturedTagRow[]> {
  const rows = await db
    .selectFrom('featured_tags as f')
    .innerJoin('tags as t', 't.id', 'f.tag_id')
    .select([
      'f.id',
      't.id as tag_id',
      't.name',
      't.display',
      sql<number>`(select count(*) from status_tags st join statuses s on s.id = st.status_id where st.tag_id = f.tag_id and s.account_id = f.account_id and s.deleted_at is null and s.visibility in ('public', 'unlisted'))`.as('statuses_count'),
      sql<string | null>`(select max(s.created_at) from status_tags st join statuses s on s.id = st.status_id where st.tag_id = f.tag_id and s.account_id = f.account_id and s.deleted_at is null and s.visibility in ('public', 'unlisted'))`.as('last_status_at'),
    ])
    .where('f.account_id', '=', accountId)
    .execute();
  return rows
    .map((r) => ({ id: Number(r.id), tag: { id: Number(r.tag_id), name: r.name, display: r.display }, statuses_count: Number(r.statuses_count), last_status_at: r.last_status_at }))
    .sort((a, b) => b.statuses_count - a.statuses_count || a.id - b.id);
}

export async function insertFeaturedTag(db: Executor, accountId: number, tagId: number, at: string): Promise<number | undefined> {
  const r = await db.insertInto('featured_tags').values({ account_id: accountId, tag_id: tagId, created_at: at }).onConflict((oc) => oc.columns(['account_id', 'tag_id']).doNothing()).returning('id').executeTakeFirst();
  return r ? Number(r.id) : undefined;
}

export async function findFeaturedTag(db: Executor, id: number): Promise<{ id: number; account_id: number; tag_id: number } | undefined> {
  const r = await db.selectFrom('featured_tags').select(['id', 'account_id', 'tag_id']).where('id', '=', id).executeTakeFirst();
  return r ? { id: Number(r.id), account_id: Number(r.account_id), tag_id: Number(r.tag_id) } : undefined;
}

export async function deleteFeaturedTag(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('featured_tags').where('id', '=', id).execute();
}

/** The tags the account used most in its recent statuses and does not feature yet (Mastodon's suggestions: its 10 most used). */
export async function suggestedFeaturedTags(db: Executor, accountId: number, limit: number): Promise<TagRef[]> {
  const rows = await db
    .selectFrom('status_tags as st')
    .innerJoin('statuses as s', 's.id', 'st.status_id')
    .innerJoin('tags as t', 't.id', 'st.tag_id')
    .select(['t.id', 't.name', 't.display', sql<number>`count(*)`.as('n')])
    .where('s.account_id', '=', accountId)
    .where('s.deleted_at', 'is', null)
    .where('t.id', 'not in', (eb) => eb.selectFrom('featured_tags').select('tag_id').where('account_id', '=', accountId))
    .groupBy(['t.id', 't.name', 't.display'])
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('t.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: Number(r.id), name: r.name, display: r.display }));
}
