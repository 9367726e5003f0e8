import type { Generated } from 'kysely';

/** The timelines Mastodon keeps read markers for. */
export const MARKER_TIMELINES = ['home', 'notifications'] as const;
export type MarkerTimeline = (typeof MARKER_TIMELINES)[number];

/** Where an account stopped reading a timeline, shared by all its apps (Mastodon's markers). */
export interface MarkersTable {
  id: Generated<number>;
  account_id: number;
  timeline: MarkerTimeline;
  /** The id of the last status or notification read, as the client sent it. */
  last_read_id: string;
  /** Bumped on every save: clients use it to detect a stale marker. */
  version: number;
  updated_at: string;
}
