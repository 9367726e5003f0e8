import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Federation, MemoryKvStore, createFederation, generateCryptoKeyPair } from '@fedify/fedify';
import { Activity, Create, Endpoints, Person } from '@fedify/vocab';

/** A port free on loopback now (a provider's public URL must be known before it is built). */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export interface FedifyPeer {
  origin: string;
  federation: Federation<void>;
  /** Create activities its inbox verified and took. */
  received: Create[];
  /** Every activity its inboxes verified and took (Creates too), in the order they came. */
  activities: Activity[];
  /** The JSON of every POST to its inboxes, with the path it came to, as sent (for the shape Mastodon reads). */
  bodies: { path: string; json: Record<string, any> }[];
  /** Its actor ids: `${origin}/users/${name}`. */
  actorUri(name: string): string;
  /** POSTs to its inboxes so far, held ones included. */
  posts: number;
  /** From now on inbox POSTs are taken and never answered (a server that hangs mid-delivery). */
  hold(): void;
  /** Answers again; the held requests are dropped. */
  release(): void;
  /** The next `n` inbox POSTs are answered 503 (a server briefly down): the sender retries later. */
  failNext(n: number): void;
  close(): Promise<void>;
}

/**
 * A second ActivityPub server for tests: Fedify on node:http over loopback,
 * actors (`alice` by default, RSA keys; each with its inbox and the server's
 * shared inbox) and inboxes that record the activities whose signatures
 * they verified (Fedify's own checks, fetching the sender's key).
 */
export async function startPeer(names: readonly string[] = ['alice']): Promise<FedifyPeer> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const keys = new Map<string, Awaited<ReturnType<typeof generateCryptoKeyPair>>[]>();
  for (const n of names) keys.set(n, [await generateCryptoKeyPair('RSASSA-PKCS1-v1_5')]);
  const federation = createFederation<void>({ kv: new MemoryKvStore(), origin, allowPrivateAddress: true });
  federation
    .setActorDispatcher('/users/{identifier}', async (c, identifier) => {
      if (!keys.has(identifier)) return null;
      const k = await c.getActorKeyPairs(identifier);
      return new Person({
        id: c.getActorUri(identifier),
        preferredUsername: identifier,
        inbox: c.getInboxUri(identifier),
        endpoints: new Endpoints({ sharedInbox: c.getInboxUri() }),
        publicKey: k[0]?.cryptographicKey ?? null,
      });
    })
    .setKeyPairsDispatcher((_c, identifier) => keys.get(identifier) ?? []);
  const held: ServerResponse[] = [];
  let holding = false;
  let failing = 0;
  const peer: FedifyPeer = {
    origin,
    federation,
    received: [],
    activities: [],
    bodies: [],
    actorUri: (name) => `${origin}/users/${name}`,
    posts: 0,
    hold: () => void (holding = true),
    failNext: (n) => void (failing = n),
    release: () => {
      holding = false;
      for (const res of held.splice(0)) res.destroy();
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  federation
    .setInboxListeners('/users/{identifier}/inbox', '/inbox')
    .on(Create, (_c, create) => {
      peer.received.push(create);
      peer.activities.push(create);
    })
    .on(Activity, (_c, activity) => {
      peer.activities.push(activity);
    });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST') {
        peer.posts += 1;
        try {
          peer.bodies.push({ path: req.url ?? '', json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, any> });
        } catch {
          // not JSON: the inbox refuses it
        }
      }
      if (req.method === 'POST' && holding) return void held.push(res);
      if (req.method === 'POST' && failing > 0) {
        failing -= 1;
        peer.bodies.pop();
        res.writeHead(503);
        return void res.end();
      }
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const body = req.method === 'GET' || req.method === 'HEAD' ? null : Buffer.concat(chunks);
      void federation.fetch(new Request(`${origin}${req.url}`, { method: req.method, headers, body }), { contextData: undefined }).then(async (r) => {
        res.writeHead(r.status, Object.fromEntries(r.headers));
        res.end(Buffer.from(await r.arrayBuffer()));
      });
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return peer;
}
