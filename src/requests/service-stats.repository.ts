import type { Executor } from '../db/database.js';
import { type ServiceStats, type ServiceStatsInput, computeServiceStats } from './service-stats.js';

/** The service records of many organs with one query, for the census feed's page. */
export async function serviceStatsOf(db: Executor, organIds: readonly number[]): Promise<Map<number, ServiceStats>> {
  const out = new Map<number, ServiceStats>();
  if (organIds.length === 0) return out;
  const rows = await db
    .selectFrom('service_requests')
    .select(['organ_account_id', 'state', 'created_at', 'first_response_at', 'rating'])
    .where('organ_account_id', 'in', [...organIds])
    .execute();
  const byOrgan = new Map<number, ServiceStatsInput[]>();
  for (const r of rows) {
    const list = byOrgan.get(Number(r.organ_account_id)) ?? [];
    list.push(r);
    byOrgan.set(Number(r.organ_account_id), list);
  }
  for (const [id, list] of byOrgan) out.set(id, computeServiceStats(list));
  return out;
}
