import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { type MarkerRow, findMarkers } from './markers.repository.js';
import type { MarkerTimeline } from './markers.table.js';

/** GET /api/v1/markers: the account's own markers for the timelines asked (only those it has saved). */
export async function getMarkers(ctx: Context, viewer: AccountRow, timelines: readonly MarkerTimeline[]): Promise<MarkerRow[]> {
  return findMarkers(ctx.db, Number(viewer.id), timelines);
}
