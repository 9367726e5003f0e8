import { createHash, randomBytes } from 'node:crypto';
import cluster from 'node:cluster';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import pg from 'pg';
import type { Config } from '../app/config.js';
import type { DB } from '../db/database.js';
import { type StreamEvent, parseEvent, splitEvent } from './events.js';

/**
 * One event bus for the streaming API, whatever carries it between processes.
 * `publish` hands events to this process's listener at once and sends them to
 * the other processes of the provider; each process renders for its own
 * subscribers. Which transport:
 *
 * - `--redis` given: Redis pub/sub. It takes the traffic off the database
 *   (PostgreSQL serializes every NOTIFY through one queue, under a lock held
 *   at commit) and is what Mastodon's own streaming server reads; it also
 *   joins processes over one SQLite file.
 * - else PostgreSQL: LISTEN/NOTIFY, as the cache bus (src/app/cache-bus.ts):
 *   nothing more to run, and every `serve` on the database hears it.
 * - else, in a worker of `serve --workers N` on SQLite: through the primary
 *   process, as the cache forgets go (src/cli/cluster.ts).
 * - else: this process only.
 *
 * Connections to PostgreSQL or Redis open on first use: a process nobody
 * streams from, and that posts nothing, opens none.
 */
export interface EventBus {
  /** Sends the events to every process of the provider, this one included. */
  publish(events: readonly StreamEvent[]): void;
  /** Where events arrive (one listener: the process's stream hub). */
  onEvents(listener: (events: StreamEvent[]) => void): void;
  /** Starts hearing other processes (called when the first stream opens here). */
  listen(): void;
  /** Which transport carries events between processes. */
  readonly transport: 'redis' | 'postgres' | 'cluster' | 'local';
  close(): Promise<void>;
}

/** One message on a transport: who sent it (it has delivered them itself) and the events. */
interface Envelope {
  from: string;
  events: StreamEvent[];
}

/** A NOTIFY payload must be shorter than 8000 bytes. */
const MAX_MESSAGE_BYTES = 7800;

/** The events in messages no longer than MAX_MESSAGE_BYTES (each event alone is well under it: splitEvent). */
export function envelopes(from: string, events: readonly StreamEvent[]): string[] {
  const out: string[] = [];
  let batch: StreamEvent[] = [];
  let size = 0;
  for (const e of events.flatMap(splitEvent)) {
    const n = JSON.stringify(e).length + 1;
    if (batch.length > 0 && size + n > MAX_MESSAGE_BYTES - 40) {
      out.push(JSON.stringify({ from, events: batch } satisfies Envelope));
      batch = [];
      size = 0;
    }
    batch.push(e);
    size += n;
  }
  if (batch.length > 0) out.push(JSON.stringify({ from, events: batch } satisfies Envelope));
  return out;
}

/** The events of a message from another process; none when it is this one's own or malformed. */
export function openEnvelope(me: string, text: string): StreamEvent[] {
  let m: Partial<Envelope>;
  try {
    m = JSON.parse(text) as Partial<Envelope>;
  } catch {
    return [];
  }
  if (!m || m.from === me || !Array.isArray(m.events)) return [];
  return m.events.flatMap((e) => parseEvent(e) ?? []);
}

interface Transport {
  send(messages: string[]): void;
  listen(onMessage: (text: string) => void): void;
  close(): Promise<void>;
}

/** The channel name for this provider and database: tests run many schemas on one PostgreSQL, and their events must not meet. */
async function channelKey(config: Config, db: DB, dialect: 'sqlite' | 'postgres'): Promise<string> {
  let where = resolve(config.db);
  if (dialect === 'postgres') {
    const { rows } = await sql<{ s: string }>`select current_database() || '.' || current_schema() as s`.execute(db);
    where = rows[0]?.s ?? 'public';
  }
  return createHash('sha256').update(`${config.provider}|${where}`).digest('hex').slice(0, 20);
}

function postgresTransport(url: string, key: Promise<string>, log: Logger): Transport {
  const channel = key.then((k) => `govblog_stream_${k}`);
  let sender: Promise<pg.Client> | null = null;
  let sending: Promise<unknown> = Promise.resolve();
  let listener: pg.Client | null = null;
  let listening = false;
  let closed = false;
  const connectSender = () => {
    const c = new pg.Client({ connectionString: url });
    c.on('error', (err) => {
      log.warn({ err }, 'streaming bus: sender lost its connection');
      sender = null;
    });
    return c.connect().then(() => c);
  };
  const listen = async (onMessage: (text: string) => void): Promise<void> => {
    const name = await channel;
    const client = new pg.Client({ connectionString: url });
    client.on('notification', (n) => {
      if (n.channel === name && n.payload) onMessage(n.payload);
    });
    client.on('error', (err) => {
      log.warn({ err }, 'streaming bus: listener lost its connection; reconnecting');
      listener = null;
      client.end().catch(() => {});
      if (!closed) setTimeout(() => void listen(onMessage).catch((e: unknown) => log.warn({ err: e }, 'streaming bus: reconnect failed')), 1000).unref();
    });
    await client.connect();
    await client.query(`listen ${name}`);
    if (closed) await client.end();
    else listener = client;
  };
  return {
    send(messages) {
      sending = sending
        .then(async () => {
          sender ??= connectSender();
          const [client, name] = await Promise.all([sender, channel]);
          for (const m of messages) await client.query('select pg_notify($1, $2)', [name, m]);
        })
        .catch((err: unknown) => log.warn({ err }, 'streaming bus: could not publish'));
    },
    listen(onMessage) {
      if (listening) return;
      listening = true;
      void listen(onMessage).catch((err: unknown) => log.warn({ err }, 'streaming bus: could not listen'));
    },
    async close() {
      closed = true;
      await sending;
      const s = sender;
      await Promise.allSettled([s?.then((c) => c.end()), listener?.end()]);
    },
  };
}

/**
 * Redis pub/sub. In a worker of `serve --workers N`, while Redis is away
 * after having been reached, events go to the other workers through the
 * primary instead (and every worker hears that path too): a Redis restart
 * then loses nothing between the workers of one machine, where before the
 * streams of the other workers missed every event of the outage. Before
 * Redis was first reached, events wait in ioredis's queue as they always
 * did, so that processes elsewhere get them once it connects.
 */
function redisTransport(url: string, key: Promise<string>, log: Logger): Transport {
  const channel = key.then((k) => `govblog:stream:${k}`);
  let publisher: Redis | null = null;
  let subscriber: Redis | null = null;
  let reached = false;
  const viaPrimary = cluster.isWorker ? clusterTransport() : null;
  const client = (role: string) => {
    const r = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000 });
    r.on('error', (err) => log.warn({ err }, `streaming bus: Redis ${role} unreachable`));
    return r;
  };
  return {
    send(messages) {
      if (!publisher) {
        publisher = client('publisher');
        publisher.on('ready', () => (reached = true));
      }
      const p = publisher;
      if (viaPrimary && reached && p.status !== 'ready') {
        viaPrimary.send(messages);
        return;
      }
      void channel.then((name) => Promise.all(messages.map((m) => p.publish(name, m)))).catch((err: unknown) => log.warn({ err }, 'streaming bus: could not publish'));
    },
    listen(onMessage) {
      if (subscriber) return;
      viaPrimary?.listen(onMessage);
      const s = client('subscriber');
      subscriber = s;
      void channel
        .then(async (name) => {
          s.on('message', (ch: string, text: string) => {
            if (ch === name) onMessage(text);
          });
          await s.subscribe(name);
        })
        .catch((err: unknown) => log.warn({ err }, 'streaming bus: could not subscribe'));
    },
    async close() {
      await Promise.allSettled([publisher?.quit(), subscriber?.quit(), viaPrimary?.close()]);
    },
  };
}

/** Worker to primary to the other workers (src/cli/cluster.ts relays `stream` messages). */
function clusterTransport(): Transport {
  let handler: ((m: unknown) => void) | null = null;
  return {
    send(messages) {
      for (const text of messages) process.send?.({ type: 'stream', text });
    },
    listen(onMessage) {
      if (handler) return;
      handler = (m: unknown) => {
        const msg = m as { type?: string; text?: unknown };
        if (msg?.type === 'stream' && typeof msg.text === 'string') onMessage(msg.text);
      };
      process.on('message', handler);
    },
    async close() {
      if (handler) process.off('message', handler);
    },
  };
}

/** The bus for this process (see EventBus for the choice of transport). */
export function createEventBus(config: Config, db: DB, dialect: 'sqlite' | 'postgres', log: Logger): EventBus {
  const me = randomBytes(8).toString('hex');
  let listener: (events: StreamEvent[]) => void = () => {};
  const key = () => {
    const k = channelKey(config, db, dialect);
    k.catch(() => {});
    return k;
  };
  const kind: EventBus['transport'] = config.redis ? 'redis' : dialect === 'postgres' ? 'postgres' : cluster.isWorker ? 'cluster' : 'local';
  const transport: Transport | null =
    kind === 'redis' ? redisTransport(config.redis as string, key(), log) : kind === 'postgres' ? postgresTransport(config.db, key(), log) : kind === 'cluster' ? clusterTransport() : null;
  // Events go out only while someone may be listening elsewhere; with no transport, never.
  return {
    transport: kind,
    publish(events) {
      if (events.length === 0) return;
      const copy = [...events];
      queueMicrotask(() => listener(copy));
      transport?.send(envelopes(me, copy));
    },
    onEvents(l) {
      listener = l;
    },
    listen() {
      transport?.listen((text) => {
        const events = openEnvelope(me, text);
        if (events.length > 0) listener(events);
      });
    },
    async close() {
      await transport?.close();
    },
  };
}
