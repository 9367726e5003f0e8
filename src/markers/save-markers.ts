import type { Context } from '../app/context.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { transaction } from '../app/transaction.js';
import { type MarkerRow, saveMarker } from './markers.repository.js';
import type { MarkerTimeline } from './markers.table.js';

/** POST /api/v1/markers: saves the positions given (home, notifications or both) in one transaction; an operator's save is in the organ's audit log. */
export async function saveMarkers(ctx: Context, caller: ActingCaller, positions: Partial<Record<MarkerTimeline, string>>): Promise<MarkerRow[]> {
  const now = ctx.clock.now().toISOString();
  return transaction(ctx, async (trx) => {
    const out: MarkerRow[] = [];
    for (const [timeline, id] of Object.entries(positions) as [MarkerTimeline, string | undefined][]) {
      if (id === undefined) continue;
      const row = await saveMarker(trx, Number(caller.account.id), timeline, id, now);
      await recordOperatorAct(trx, caller, { action: 'marker.save', subjectType: 'marker', subjectId: Number(row.id) }, now);
      out.push(row);
    }
    return out;
  });
}
