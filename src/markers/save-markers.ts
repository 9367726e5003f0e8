import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { transaction } from '../app/transaction.js';
import { type MarkerRow, saveMarker } from './markers.repository.js';
import type { MarkerTimeline } from './markers.table.js';

/** POST /api/v1/markers: saves the positions given (home, notifications or both) in one transaction. */
export async function saveMarkers(ctx: Context, viewer: AccountRow, positions: Partial<Record<MarkerTimeline, string>>): Promise<MarkerRow[]> {
  const now = ctx.clock.now().toISOString();
  return transaction(ctx, async (trx) => {
    const out: MarkerRow[] = [];
    for (const [timeline, id] of Object.entries(positions) as [MarkerTimeline, string | undefined][]) {
      if (id !== undefined) out.push(await saveMarker(trx, Number(viewer.id), timeline, id, now));
    }
    return out;
  });
}
