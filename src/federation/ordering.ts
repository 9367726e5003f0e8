import type { Context } from '../app/context.js';
import { DISTRIBUTE_JOB, type DistributionEvent, type DistributionPayload } from '../jobs/distribute.js';
import { FEDERATION_JOB_KINDS } from './message-queue.js';

/**
 * Ordering of what is sent about one thing (a status, a follow, a like, a
 * block): a Delete never overtakes its Create, an Undo never its Follow, on
 * its way to any server. The job queue runs jobs of a kind several at once
 * and Fedify retries a failed delivery as a new, later job, so the order is
 * ours to keep: every job on the way (the distribution, our send request,
 * each delivery) carries a mark (the thing's key, and a sequence number from
 * when the act happened here and what it was); a job waits, queued again a
 * little later, while a job of the same key with a lower sequence is still
 * queued or running (for deliveries: to the same server). The mark reaches
 * Fedify's delivery messages as their ordering key `{key}@{seq}` (Fedify adds
 * `\n{inbox origin}`). A delivery given up (OUTBOX_RETRY) or dead no longer holds
 * anything back.
 */
export interface OrderMark {
  key: string;
  seq: number;
  /** Deliveries only: the inbox's origin. */
  origin: string | null;
}

/** How long a held-back job waits before it looks again. */
export const ORDERING = { waitMs: 5_000 };

/** First (0) what makes a thing, then (1) what changes it, last (2) what takes it back. */
const RANK: Record<DistributionEvent['type'], number> = {
  'status.created': 0,
  'status.updated': 1,
  'status.deleted': 2,
  reblogged: 0,
  unreblogged: 2,
  favourited: 0,
  unfavourited: 2,
  'poll.voted': 0,
  'poll.tallied': 1,
  followed: 0,
  'follow.accepted': 1,
  unfollowed: 2,
  'follow.rejected': 2,
  blocked: 0,
  unblocked: 2,
  reported: 0,
  'account.updated': 1,
  'account.deleted': 2,
};

/** The key of what an event is about, or null when its activities need no order. */
export function orderingKeyOf(e: DistributionEvent): string | null {
  switch (e.type) {
    case 'status.created':
    case 'status.updated':
    case 'status.deleted':
    case 'poll.tallied':
      return `status:${e.status}`;
    case 'reblogged':
    case 'unreblogged':
      return `reblog:${e.status}`;
    case 'favourited':
    case 'unfavourited':
      return `like:${e.account}:${e.status}`;
    case 'followed':
    case 'unfollowed':
    case 'follow.accepted':
    case 'follow.rejected':
      return `follow:${e.follower}:${e.followee}`;
    case 'blocked':
    case 'unblocked':
      return `block:${e.account}:${e.target}`;
    case 'account.updated':
    case 'account.deleted':
      return `account:${e.account}`;
    default:
      return null;
  }
}

/** The mark of a distribution job. */
export function markOfDistribution(p: DistributionPayload): OrderMark | null {
  const key = orderingKeyOf(p.event);
  const at = Date.parse(p.at);
  if (key === null || Number.isNaN(at)) return null;
  return { key, seq: at * 4 + RANK[p.event.type], origin: null };
}

/** The ordering key given to Fedify (and kept in our send request) for a mark. */
export function orderingKeyString(m: Pick<OrderMark, 'key' | 'seq'>): string {
  return `${m.key}@${m.seq}`;
}

/** The mark in an ordering key as Fedify's messages carry it (`{key}@{seq}` then `\n{origin}`, or not). */
export function markOfOrderingKey(k: unknown): OrderMark | null {
  if (typeof k !== 'string') return null;
  const m = /^([a-z]+:[\d:]+)@(\d+)(?:\n(.+))?$/.exec(k);
  return m ? { key: m[1] as string, seq: Number(m[2]), origin: m[3] ?? null } : null;
}

/** The fragment of a distribution payload's JSON that names the thing a key is about (to narrow the look-up). */
function payloadFragment(key: string): string {
  const [kind, a, b] = key.split(':');
  if (kind === 'status' || kind === 'reblog') return `"status":${a}`;
  if (kind === 'like') return `"status":${b}`;
  if (kind === 'follow') return `"followee":${b}`;
  if (kind === 'block') return `"target":${b}`;
  return `"account":${a}`;
}

/** Whether another job (not `selfId`) with the same key and a lower sequence is still queued or running: if so, this one waits. */
export async function mustWait(ctx: Pick<Context, 'db'>, selfId: number | null, mark: OrderMark): Promise<boolean> {
  const rows = await ctx.db
    .selectFrom('jobs')
    .select(['id', 'kind', 'payload'])
    .where('state', 'in', ['queued', 'running'])
    .where((eb) =>
      eb.or([
        eb.and([eb('kind', '=', DISTRIBUTE_JOB), eb('payload', 'like', `%${payloadFragment(mark.key)}%`)]),
        eb.and([eb('kind', 'in', [FEDERATION_JOB_KINDS.fanout, FEDERATION_JOB_KINDS.outbox]), eb('payload', 'like', `%${mark.key}@%`)]),
      ]),
    )
    .execute();
  for (const r of rows) {
    if (selfId !== null && Number(r.id) === selfId) continue;
    let payload: unknown;
    try {
      payload = JSON.parse(r.payload);
    } catch {
      continue;
    }
    const other =
      r.kind === DISTRIBUTE_JOB ? markOfDistribution(payload as DistributionPayload) : markOfOrderingKey((payload as { orderingKey?: unknown } | null)?.orderingKey);
    if (!other || other.key !== mark.key || other.seq >= mark.seq) continue;
    // A delivery waits only for deliveries to the same server; anything earlier still being prepared holds everyone back.
    if (mark.origin !== null && other.origin !== null && other.origin !== mark.origin) continue;
    return true;
  }
  return false;
}
