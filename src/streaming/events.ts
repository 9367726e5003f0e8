/**
 * What use cases publish after commit, for the streaming API. Events name
 * what happened by id, never a rendered body: every process renders for its
 * own subscribers (the same status reads differently to each), and a NOTIFY
 * payload must stay under 8000 bytes.
 */
export type StreamEvent =
  /** A status or a reblog was posted (now, or by the scheduler): `update`. */
  | { t: 'status'; id: number }
  /** What a status shows changed (an edit, src/statuses/edit-status.ts): `status.update`. */
  | { t: 'status.update'; id: number }
  /** Statuses (and reblogs) deleted: `delete`. */
  | { t: 'delete'; ids: number[] }
  /** New notifications, each `[notification id, the account it is for]`: `notification`. */
  | { t: 'notification'; n: [number, number][] }
  /** A direct status became the last of these participants' conversations: `conversation`. */
  | { t: 'conversation'; status: number; accounts: number[] }
  /** These tokens were revoked: streams opened with them close (Mastodon's `kill`). */
  | { t: 'kill'; tokens: number[] }
  /** An announcement was published or changed: `announcement`, to every user stream. */
  | { t: 'announcement'; id: number }
  /** A reaction on an announcement now counts `count`: `announcement.reaction`. */
  | { t: 'announcement.reaction'; id: number; name: string; count: number }
  /** An announcement was removed or unpublished: `announcement.delete`. */
  | { t: 'announcement.delete'; id: number }
  /** The account's filters changed: `filters_changed`, with no payload, to its user streams (Mastodon's CustomFilter callback). */
  | { t: 'filters_changed'; account: number };

/**
 * Lists in one event at most this long: an event with its envelope fits a
 * NOTIFY payload (8000 bytes) even with ids of 16 digits, the longest a safe
 * integer has (200 pairs: 7,000 bytes).
 */
export const IDS_PER_EVENT = 200;

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += IDS_PER_EVENT) out.push(list.slice(i, i + IDS_PER_EVENT));
  return out;
}

/** The event split so that no list in it is longer than IDS_PER_EVENT. */
export function splitEvent(e: StreamEvent): StreamEvent[] {
  switch (e.t) {
    case 'delete':
      return chunks(e.ids).map((ids) => ({ t: 'delete', ids }));
    case 'notification':
      return chunks(e.n).map((n) => ({ t: 'notification', n }));
    case 'conversation':
      return chunks(e.accounts).map((accounts) => ({ t: 'conversation', status: e.status, accounts }));
    case 'kill':
      return chunks(e.tokens).map((tokens) => ({ t: 'kill', tokens }));
    default:
      return [e];
  }
}

const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;
const ids = (v: unknown): v is number[] => Array.isArray(v) && v.length <= IDS_PER_EVENT && v.every(isId);

/** An event as read off a transport, checked field by field (another process sent it, but a bus is no place to trust shapes); null when malformed. */
export function parseEvent(v: unknown): StreamEvent | null {
  if (!v || typeof v !== 'object') return null;
  const e = v as Record<string, unknown>;
  switch (e.t) {
    case 'status':
    case 'status.update':
      return isId(e.id) ? { t: e.t, id: e.id } : null;
    case 'delete':
      return ids(e.ids) ? { t: 'delete', ids: e.ids } : null;
    case 'notification':
      return Array.isArray(e.n) && e.n.length <= IDS_PER_EVENT && e.n.every((p) => Array.isArray(p) && p.length === 2 && isId(p[0]) && isId(p[1]))
        ? { t: 'notification', n: e.n as [number, number][] }
        : null;
    case 'conversation':
      return isId(e.status) && ids(e.accounts) ? { t: 'conversation', status: e.status, accounts: e.accounts } : null;
    case 'kill':
      return ids(e.tokens) ? { t: 'kill', tokens: e.tokens } : null;
    case 'announcement':
    case 'announcement.delete':
      return isId(e.id) ? { t: e.t, id: e.id } : null;
    case 'filters_changed':
      return isId(e.account) ? { t: 'filters_changed', account: e.account } : null;
    case 'announcement.reaction':
      return isId(e.id) && typeof e.name === 'string' && e.name.length <= 64 && Number.isSafeInteger(e.count) && (e.count as number) >= 0
        ? { t: 'announcement.reaction', id: e.id, name: e.name, count: e.count as number }
        : null;
    default:
      return null;
  }
}
