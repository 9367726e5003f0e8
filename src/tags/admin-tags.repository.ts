import type { Executor } from '../db/database.js';
import type { IdWindow } from '../statuses/statuses.repository.js';

/** A hashtag with every setting staff may change. */
export interface AdminTagRow {
  id: number;
  name: string;
  display: string;
  trendable: number | null;
  reviewed_at: string | null;
  usable: number | null;
  listable: number | null;
}

const COLUMNS = ['id', 'name', 'display', 'trendable', 'reviewed_at', 'usable', 'listable'] as const;

function row(r: { id: number } & Omit<AdminTagRow, 'id'>): AdminTagRow {
  return { ...r, id: Number(r.id), trendable: r.trendable === null ? null : Number(r.trendable), usable: r.usable === null ? null : Number(r.usable), listable: r.listable === null ? null : Number(r.listable) };
}

/** Every hashtag known, paged by id, newest first (Mastodon's Tag.all.to_a_paginated_by_id). */
export async function adminTagsPage(db: Executor, w: IdWindow): Promise<AdminTagRow[]> {
  let q = db.selectFrom('tags').select([...COLUMNS]);
  if (w.maxId !== undefined) q = q.where('id', '<', w.maxId);
  if (w.sinceId !== undefined) q = q.where('id', '>', w.sinceId);
  if (w.minId !== undefined) q = q.where('id', '>', w.minId);
  const rows = (await q.orderBy('id', w.minId !== undefined ? 'asc' : 'desc').limit(w.limit).execute()).map(row);
  return w.minId !== undefined ? rows.reverse() : rows;
}

export async function adminTagById(db: Executor, id: number): Promise<AdminTagRow | undefined> {
  const r = await db.selectFrom('tags').select([...COLUMNS]).where('id', '=', id).executeTakeFirst();
  return r ? row(r) : undefined;
}

/** The settings staff changed, and when it was reviewed. */
export interface TagSettings {
  display?: string;
  trendable?: boolean;
  usable?: boolean;
  listable?: boolean;
  reviewedAt: string;
}

export async function updateAdminTag(db: Executor, id: number, s: TagSettings): Promise<void> {
  const bit = (b: boolean | undefined) => (b === undefined ? undefined : b ? 1 : 0);
  await db
    .updateTable('tags')
    .set({ display: s.display, trendable: bit(s.trendable), usable: bit(s.usable), listable: bit(s.listable), reviewed_at: s.reviewedAt })
    .where('id', '=', id)
    .execute();
}
