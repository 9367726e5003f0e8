import type { Context } from '../app/context.js';
import { type IpRange, parseIpRange, rangeCovers } from './ip-range.js';
import { type IpBlockRow, liveIpBlocks } from './sign-up-blocks.repository.js';
import type { IpBlockSeverity } from './sign-up-blocks.table.js';

/** How long a process trusts its copy of the IP blocks: another process's change takes effect within this. */
const TTL_MS = 10_000;

interface Loaded {
  at: number;
  blocks: { range: IpRange; severity: IpBlockSeverity; expiresAt: number | null }[];
}

/**
 * Each database's blocks as this process last read them, keyed by the
 * database handle (one per provider context). Every request asks, so the
 * table is read at most once per TTL; a change made here forgets the copy
 * once it commits (forgetIpBlocks).
 */
const copies = new WeakMap<object, Loaded>();

export function forgetIpBlocks(db: Context['db']): void {
  copies.delete(db);
}

async function load(ctx: Context): Promise<Loaded> {
  const now = ctx.clock.now();
  const hit = copies.get(ctx.db);
  if (hit && now.getTime() - hit.at < TTL_MS) return hit;
  const rows: IpBlockRow[] = await liveIpBlocks(ctx.db, now.toISOString());
  const loaded: Loaded = {
    at: now.getTime(),
    blocks: rows.flatMap((r) => {
      const range = parseIpRange(r.ip);
      return range ? [{ range, severity: r.severity, expiresAt: r.expires_at === null ? null : Date.parse(r.expires_at) }] : [];
    }),
  };
  copies.set(ctx.db, loaded);
  return loaded;
}

/** The severities of the blocks in force that cover the address (as the server sees it: `req.ip`). */
export async function ipBlockSeverities(ctx: Context, address: string): Promise<Set<IpBlockSeverity>> {
  const { blocks } = await load(ctx);
  const now = ctx.clock.now().getTime();
  const out = new Set<IpBlockSeverity>();
  for (const b of blocks) if ((b.expiresAt === null || b.expiresAt > now) && rangeCovers(b.range, address)) out.add(b.severity);
  return out;
}
