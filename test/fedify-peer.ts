import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Federation, MemoryKvStore, createFederation, generateCryptoKeyPair } from '@fedify/fedify';
import { Create, Person } from '@fedify/vocab';

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
  /** POSTs to its inboxes so far, held ones included. */
  posts: number;
  /** From now on inbox POSTs are taken and never answered (a server that hangs mid-delivery). */
  hold(): void;
  /** Answers again; the held requests are dropped. */
  release(): void;
  close(): Promise<void>;
}

/**
 * A second ActivityPub server for tests: Fedify on node:http over loopback,
 * one actor (`alice`, RSA key) and an inbox that records the Creates whose
 * signatures it verified (Fedify's own checks, fetching the sender's key).
 */
export async function startPeer(): Promise<FedifyPeer> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const keys = [await generateCryptoKeyPair('RSASSA-PKCS1-v1_5')];
  const federation = createFederation<void>({ kv: new MemoryKvStore(), origin, allowPrivateAddress: true });
  federation
    .setActorDispatcher('/users/{identifier}', async (c, identifier) => {
      if (identifier !== 'alice') return null;
      const k = await c.getActorKeyPairs(identifier);
      return new Person({ id: c.getActorUri(identifier), preferredUsername: identifier, inbox: c.getInboxUri(identifier), publicKey: k[0]?.cryptographicKey ?? null });
    })
    .setKeyPairsDispatcher((_c, identifier) => (identifier === 'alice' ? keys : []));
  const held: ServerResponse[] = [];
  let holding = false;
  const peer: FedifyPeer = {
    origin,
    federation,
    received: [],
    posts: 0,
    hold: () => void (holding = true),
    release: () => {
      holding = false;
      for (const res of held.splice(0)) res.destroy();
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  federation.setInboxListeners('/users/{identifier}/inbox', '/inbox').on(Create, (_c, create) => {
    peer.received.push(create);
  });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST') peer.posts += 1;
      if (req.method === 'POST' && holding) return void held.push(res);
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
