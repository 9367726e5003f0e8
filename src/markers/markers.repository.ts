import type { Selectable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { MarkerTimeline, MarkersTable } from './markers.table.js';

export type MarkerRow = Selectable<MarkersTable>;

export async function findMarkers(db: Executor, accountId: number, timelines: readonly MarkerTimeline[]): Promise<MarkerRow[]> {
  if (timelines.length === 0) return [];
  return db.selectFrom('markers').selectAll().where('account_id', '=', accountId).where('timeline', 'in', [...timelines]).execute();
}

/** Saves where the account stopped reading a timeline, bumping its version. */
export async function saveMarker(db: Executor, accountId: number, timeline: MarkerTimeline, lastReadId: string, now: string): Promise<MarkerRow> {
  return db
    .insertInto('markers')
    .values({ account_id: accountId, timeline, last_read_id: lastReadId, version: 0, updated_at: now })
    .onConflict((oc) =>
      oc.columns(['account_id', 'timeline']).doUpdateSet((eb) => ({ last_read_id: lastReadId, updated_at: now, version: eb(eb.ref('markers.version'), '+', 1) })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}
