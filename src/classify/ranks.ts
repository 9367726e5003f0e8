/**
 * The rank table of CONTRACT §3: a post's category and the level of its
 * organ give the cadre rank band. Deputies share the band of the principal.
 */
import type { Level, Rank } from '../domain/taxonomy.js';

/** A post category once its context is known; M is the head of a ministry-level organ. */
export type ResolvedPost = 'A' | 'M' | 'B' | 'C' | 'staff';

const TABLE: Record<ResolvedPost, Record<Level, Rank>> = {
  // The national column of row A is empty in the contract; leaders of national bodies are ministerial at least.
  A: { national: 'ministerial', provincial: 'ministerial', prefectural: 'bureau', county: 'division', township: 'section' },
  // Only national organs have ministers; elsewhere a 局长 or 主任 heads a department (row B).
  M: { national: 'ministerial', provincial: 'bureau', prefectural: 'division', county: 'section', township: 'section' },
  // Row B has no township cell: a township has no departments, the nearest band is section.
  B: { national: 'bureau', provincial: 'bureau', prefectural: 'division', county: 'section', township: 'section' },
  C: { national: 'division', provincial: 'division', prefectural: 'section', county: 'section', township: 'section' },
  staff: { national: 'staff', provincial: 'staff', prefectural: 'staff', county: 'staff', township: 'staff' },
};

export function rankOf(post: ResolvedPost, level: Level): Rank {
  return TABLE[post][level];
}

const ORDER: Record<Rank, number> = { ministerial: 5, bureau: 4, division: 3, section: 2, staff: 1 };

/** Positive when `a` is the higher band. */
export function compareRanks(a: Rank, b: Rank): number {
  return ORDER[a] - ORDER[b];
}
