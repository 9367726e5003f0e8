import type { MarkerRow } from './markers.repository.js';

/** Mastodon's Marker entities, keyed by timeline. */
export function presentMarkers(rows: readonly MarkerRow[]): Record<string, { last_read_id: string; version: number; updated_at: string }> {
  const out: Record<string, { last_read_id: string; version: number; updated_at: string }> = {};
  for (const r of rows) out[r.timeline] = { last_read_id: r.last_read_id, version: Number(r.version), updated_at: r.updated_at };
  return out;
}
