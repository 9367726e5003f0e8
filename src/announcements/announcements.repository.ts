import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { AnnouncementsTable } from './announcements.table.js';

export type AnnouncementRow = Selectable<AnnouncementsTable>;

export async function insertAnnouncement(db: Executor, row: Insertable<AnnouncementsTable>): Promise<AnnouncementRow> {
  return db.insertInto('announcements').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateAnnouncementRow(db: Executor, id: number, patch: Partial<Omit<AnnouncementRow, 'id'>>): Promise<AnnouncementRow | undefined> {
  return db.updateTable('announcements').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function deleteAnnouncementRow(db: Executor, id: number): Promise<boolean> {
  const r = await db.deleteFrom('announcements').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function findAnnouncement(db: Executor, id: number): Promise<AnnouncementRow | undefined> {
  return db.selectFrom('announcements').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Published announcements not ended at `now`, newest first (Mastodon orders by starts_at then published_at; these are few). */
export async function activeAnnouncements(db: Executor, now: string): Promise<AnnouncementRow[]> {
  return db
    .selectFrom('announcements')
    .selectAll()
    .where('published_at', 'is not', null)
    .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>=', now)]))
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(100)
    .execute();
}

/** Every announcement, drafts too, newest first: the admins' list. */
export async function pageAllAnnouncements(db: Executor, page: { maxId?: number | undefined; sinceId?: number | undefined; limit: number }): Promise<AnnouncementRow[]> {
  let q = db.selectFrom('announcements').selectAll();
  if (page.maxId !== undefined) q = q.where('id', '<', page.maxId);
  if (page.sinceId !== undefined) q = q.where('id', '>', page.sinceId);
  return q.orderBy('id', 'desc').limit(page.limit).execute();
}

export async function readAmong(db: Executor, accountId: number, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('announcement_reads').select('announcement_id').where('account_id', '=', accountId).where('announcement_id', 'in', [...ids]).execute();
  return new Set(rows.map((r) => Number(r.announcement_id)));
}

export async function markRead(db: Executor, accountId: number, id: number, now: string): Promise<void> {
  await db
    .insertInto('announcement_reads')
    .values({ announcement_id: id, account_id: accountId, created_at: now })
    .onConflict((oc) => oc.columns(['account_id', 'announcement_id']).doNothing())
    .execute();
}

/** Reaction counts by announcement and name, in order of first reaction, with whether `viewer` is among them. */
export async function reactionsOf(db: Executor, ids: readonly number[], viewer: number | null): Promise<Map<number, { name: string; count: number; me: boolean }[]>> {
  const out = new Map<number, { name: string; count: number; me: boolean }[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('announcement_reactions')
    .select(['announcement_id', 'name', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.min('id').as('first')])
    .where('announcement_id', 'in', [...ids])
    .groupBy(['announcement_id', 'name'])
    .orderBy('first')
    .execute();
  const mine =
    viewer === null
      ? new Set<string>()
      : new Set((await db.selectFrom('announcement_reactions').select(['announcement_id', 'name']).where('account_id', '=', viewer).where('announcement_id', 'in', [...ids]).execute()).map((r) => `${r.announcement_id}\u0000${r.name}`));
  for (const r of rows) {
    const list = out.get(Number(r.announcement_id)) ?? [];
    list.push({ name: r.name, count: Number(r.n), me: mine.has(`${r.announcement_id}\u0000${r.name}`) });
    out.set(Number(r.announcement_id), list);
  }
  return out;
}

/** The distinct reaction names on one announcement. */
export async function reactionNames(db: Executor, id: number): Promise<string[]> {
  const rows = await db.selectFrom('announcement_reactions').select('name').distinct().where('announcement_id', '=', id).execute();
  return rows.map((r) => r.name);
}

/** Adds the reaction; false when the account had already reacted so. */
export async function insertReaction(db: Executor, id: number, accountId: number, name: string, now: string): Promise<boolean> {
  const r = await db
    .insertInto('announcement_reactions')
    .values({ announcement_id: id, account_id: accountId, name, created_at: now })
    .onConflict((oc) => oc.columns(['announcement_id', 'account_id', 'name']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function deleteReaction(db: Executor, id: number, accountId: number, name: string): Promise<boolean> {
  const r = await db.deleteFrom('announcement_reactions').where('announcement_id', '=', id).where('account_id', '=', accountId).where('name', '=', name).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function countReactions(db: Executor, id: number, name: string): Promise<number> {
  const r = await db.selectFrom('announcement_reactions').select((eb) => eb.fn.countAll<number>().as('n')).where('announcement_id', '=', id).where('name', '=', name).executeTakeFirstOrThrow();
  return Number(r.n);
}
