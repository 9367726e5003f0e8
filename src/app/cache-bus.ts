import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import pg from 'pg';

/** The channel every govblog process on a PostgreSQL database listens on. */
const CACHE_CHANNEL = 'govblog_cache_forget';

/** NOTIFY payloads must stay under 8000 bytes: ids go out in batches. */
const IDS_PER_MESSAGE = 500;

interface Message {
  /** The process that sent it, which has already forgotten. */
  from: string;
  /** Which cache: `accounts` or `statuses`. */
  cache: string;
  ids: number[];
}

/** What the bus needs of a cache (src/app/entity-cache.ts). */
export interface Forgetting {
  forgetHere(ids: Iterable<number>): void;
  onForget(listener: (ids: number[]) => void): () => void;
}

export interface CacheBus {
  close(): Promise<void>;
}

/**
 * Several `serve` processes over one PostgreSQL database each cache presented
 * entities. What one process forgets after a change, it announces with
 * NOTIFY; every other process LISTENs and forgets the same ids, so a change
 * made through one is seen through all within milliseconds, not after the
 * cache's TTL. A lost listener (the server restarted) reconnects; meanwhile
 * the TTL bounds what is missed.
 */
export async function startCacheBus(url: string, caches: Record<string, Forgetting>, log: Logger): Promise<CacheBus> {
  const me = randomBytes(8).toString('hex');
  let closed = false;
  let listener: pg.Client | null = null;
  // Announcements go out on their own connection, after the change has committed, in order.
  const sender = new pg.Client({ connectionString: url });
  sender.on('error', (err) => log.warn({ err }, 'cache bus: sender lost its connection'));
  await sender.connect();
  let sending: Promise<unknown> = Promise.resolve();

  const listen = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: url });
    client.on('notification', (n) => {
      if (n.channel !== CACHE_CHANNEL || !n.payload) return;
      let m: Message;
      try {
        m = JSON.parse(n.payload) as Message;
      } catch {
        return;
      }
      if (m.from === me) return;
      caches[m.cache]?.forgetHere(m.ids.filter((id) => Number.isSafeInteger(id)));
    });
    client.on('error', (err) => {
      log.warn({ err }, 'cache bus: listener lost its connection; reconnecting');
      listener = null;
      client.end().catch(() => {});
      if (!closed) setTimeout(() => void listen().catch((e: unknown) => log.warn({ err: e }, 'cache bus: reconnect failed')), 1000).unref();
    });
    await client.connect();
    await client.query(`listen ${CACHE_CHANNEL}`);
    listener = client;
  };
  await listen();

  const stops: (() => void)[] = [];
  for (const [name, cache] of Object.entries(caches)) {
    stops.push(cache.onForget((ids) => {
      for (let i = 0; i < ids.length; i += IDS_PER_MESSAGE) {
        const payload = JSON.stringify({ from: me, cache: name, ids: ids.slice(i, i + IDS_PER_MESSAGE) } satisfies Message);
        sending = sending
          .then(() => sender.query('select pg_notify($1, $2)', [CACHE_CHANNEL, payload]))
          .catch((err: unknown) => log.warn({ err }, 'cache bus: could not announce a change'));
      }
    }));
  }

  return {
    async close() {
      closed = true;
      for (const stop of stops) stop();
      await sending;
      await Promise.allSettled([sender.end(), listener?.end()]);
    },
  };
}
