import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Federation, MemoryKvStore, createFederation, generateCryptoKeyPair } from '@fedify/fedify';

type CryptoKeyPair = Awaited<ReturnType<typeof generateCryptoKeyPair>>;
import { Activity, Create, Endpoints, Image, Organization, Person, Service } from '@fedify/vocab';

/** A port free on loopback now (a provider's public URL must be known before it is built). */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** How one of the peer's actors looks (all optional; `alice` exists from the start). */
export interface PeerActor {
  type?: 'Person' | 'Organization' | 'Service';
  name?: string;
  summary?: string;
  locked?: boolean;
  /** An icon URL. */
  icon?: string;
  /** Properties added to the actor's JSON as served (after Fedify wrote it): `government`, `attachment`… */
  extra?: Record<string, unknown>;
  /** Contexts appended to its `@context` (the govblog one for `government`). */
  contexts?: unknown[];
}

export interface FedifyPeer {
  origin: string;
  /** `host:port`, as accounts.domain writes it. */
  host: string;
  federation: Federation<void>;
  /** Create activities its inbox verified and took. */
  received: Create[];
  /** Every activity its inbox verified and took, of any type. */
  inbox: Activity[];
  /** The same list (outbound's tests' name for it). */
  activities: Activity[];
  /** The JSON of every POST to its inboxes that was answered, with the path it came to, as sent (for the shape Mastodon reads). */
  bodies: { path: string; json: Record<string, any> }[];
  /** An actor's id as a string: `${origin}/users/${name}`. */
  actorUri(name: string): string;
  /** POSTs to its inboxes so far, held ones included. */
  posts: number;
  /** GETs it answered so far (actor documents, WebFinger, objects). */
  gets: number;
  /** Adds (or changes) an actor at /users/{identifier}. */
  setActor(identifier: string, actor: PeerActor): void;
  /** The id of an actor of the peer. */
  actorId(identifier: string): URL;
  /** A JSON-LD document served at `path` (a Note, for URL resolution and Announces). */
  serve(path: string, doc: Record<string, unknown>): void;
  /** Sends an activity signed by one of its actors straight to an inbox (no queue). */
  send(identifier: string, to: { id: string; inbox: string }, activity: Activity): Promise<void>;
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
 * actors (`alice` from the start, RSA keys) that sign what they send, and an
 * inbox that records what it verified (Fedify's own checks, fetching the
 * sender's key). WebFinger is Fedify's.
 */
export async function startPeer(names: readonly string[] = ['alice']): Promise<FedifyPeer> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const actors = new Map<string, PeerActor>(names.map((n) => [n, {}]));
  const keys = new Map<string, CryptoKeyPair[]>();
  const documents = new Map<string, Record<string, unknown>>();
  const keysOf = async (identifier: string) => {
    let k = keys.get(identifier);
    if (!k) {
      k = [await generateCryptoKeyPair('RSASSA-PKCS1-v1_5')];
      keys.set(identifier, k);
    }
    return k;
  };
  const federation = createFederation<void>({ kv: new MemoryKvStore(), origin, allowPrivateAddress: true });
  federation
    .setActorDispatcher('/users/{identifier}', async (c, identifier) => {
      const a = actors.get(identifier);
      if (!a) return null;
      const k = await c.getActorKeyPairs(identifier);
      const values = {
        id: c.getActorUri(identifier),
        preferredUsername: identifier,
        name: a.name ?? identifier,
        summary: a.summary ?? null,
        inbox: c.getInboxUri(identifier),
        endpoints: new Endpoints({ sharedInbox: c.getInboxUri() }),
        followers: new URL(`${origin}/users/${identifier}/followers`),
        manuallyApprovesFollowers: a.locked === true,
        icon: a.icon ? new Image({ url: new URL(a.icon) }) : null,
        publicKey: k[0]?.cryptographicKey ?? null,
      };
      return a.type === 'Organization' ? new Organization(values) : a.type === 'Service' ? new Service(values) : new Person(values);
    })
    .setKeyPairsDispatcher((_c, identifier) => (actors.has(identifier) ? keysOf(identifier) : []));
  const held: ServerResponse[] = [];
  let holding = false;
  let failing = 0;
  const inbox: Activity[] = [];
  const peer: FedifyPeer = {
    origin,
    host: `127.0.0.1:${port}`,
    federation,
    received: [],
    inbox,
    activities: inbox,
    bodies: [],
    actorUri: (name) => `${origin}/users/${name}`,
    posts: 0,
    gets: 0,
    setActor: (identifier, actor) => void actors.set(identifier, actor),
    actorId: (identifier) => new URL(`${origin}/users/${identifier}`),
    serve: (path, doc) => void documents.set(path, doc),
    async send(identifier, to, activity) {
      const c = federation.createContext(new URL(origin));
      await c.sendActivity({ identifier }, { id: new URL(to.id), inboxId: new URL(to.inbox) }, activity, { immediate: true });
    },
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
      peer.inbox.push(create);
    })
    .on(Activity, (_c, activity) => {
      peer.inbox.push(activity);
    });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST') peer.posts += 1;
      if (req.method === 'GET') peer.gets += 1;
      if (req.method === 'POST' && holding) return void held.push(res);
      if (req.method === 'POST' && failing > 0) {
        failing -= 1;
        res.writeHead(503);
        return void res.end();
      }
      if (req.method === 'POST') {
        try {
          peer.bodies.push({ path: req.url ?? '', json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, any> });
        } catch {
          // not JSON: the inbox refuses it
        }
      }
      const path = (req.url ?? '/').split('?')[0] as string;
      const doc = req.method === 'GET' ? documents.get(path) : undefined;
      if (doc) {
        res.writeHead(200, { 'content-type': 'application/activity+json' });
        return void res.end(JSON.stringify(doc));
      }
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const body = req.method === 'GET' || req.method === 'HEAD' ? null : Buffer.concat(chunks);
      void federation.fetch(new Request(`${origin}${req.url}`, { method: req.method, headers, body }), { contextData: undefined }).then(async (r) => {
        let bytes = Buffer.from(await r.arrayBuffer());
        const m = /^\/users\/([^/]+)$/.exec(path);
        const actor = m ? actors.get(m[1] as string) : undefined;
        if (actor && r.ok && /json/.test(r.headers.get('content-type') ?? '') && (actor.extra || actor.contexts)) {
          const json = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
          const context = json['@context'];
          if (actor.contexts) json['@context'] = [...(Array.isArray(context) ? context : [context]), ...actor.contexts];
          Object.assign(json, actor.extra ?? {});
          bytes = Buffer.from(JSON.stringify(json));
        }
        const out = Object.fromEntries(r.headers);
        delete out['content-length'];
        res.writeHead(r.status, out);
        res.end(bytes);
      });
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return peer;
}
