import { createECDH, createPublicKey, randomBytes, verify } from 'node:crypto';
import { type IncomingHttpHeaders, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
// http_ece decrypts what web-push encrypted: the receiving end of RFC 8291 (and of the older aesgcm draft).
import ece from 'http_ece';

/** One push as the receiver got it: decrypted, with its VAPID token checked. */
export interface ReceivedPush {
  path: string;
  headers: IncomingHttpHeaders;
  encoding: string;
  payload: Record<string, unknown>;
  /** The VAPID JWT's claims, once its ES256 signature verified against `serverKey`. */
  claims: { aud: string; exp: number; sub: string };
  /** The public key the push was signed with. */
  serverKey: string;
}

/**
 * A push service and the browser behind it, in one HTTP server: it holds a
 * subscription's private key and auth secret, decrypts every push it is
 * sent, checks the VAPID signature, and answers what the test tells it to.
 */
export async function pushReceiver() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  const received: ReceivedPush[] = [];
  const failures: string[] = [];
  let answers: { status: number; headers?: Record<string, string> }[] = [];
  const waiting: (() => void)[] = [];
  /** While set, answers wait until release(). */
  let held: Promise<void> | null = null;
  let releaseHeld = () => {};

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const body = Buffer.concat(chunks);
        const encoding = String(req.headers['content-encoding']);
        const authorization = String(req.headers.authorization ?? '');
        let jwt: string;
        let serverKey: string;
        let plain: Buffer;
        if (encoding === 'aes128gcm') {
          const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization);
          if (!m) throw new Error(`bad vapid authorization: ${authorization}`);
          [jwt, serverKey] = [m[1] as string, m[2] as string];
          plain = ece.decrypt(body, { version: 'aes128gcm', privateKey: ecdh, authSecret: auth.toString('base64url') });
        } else {
          const m = /^WebPush (\S+)$/.exec(authorization);
          const cryptoKey = String(req.headers['crypto-key'] ?? '');
          const dh = /dh=([^;,]+)/.exec(cryptoKey)?.[1];
          const salt = /salt=([^;,]+)/.exec(String(req.headers.encryption ?? ''))?.[1];
          const k = /p256ecdsa=([^;,]+)/.exec(cryptoKey)?.[1];
          if (!m || !dh || !salt || !k) throw new Error(`bad aesgcm headers: ${JSON.stringify(req.headers)}`);
          [jwt, serverKey] = [m[1] as string, k];
          plain = ece.decrypt(body, { version: 'aesgcm', privateKey: ecdh, authSecret: auth.toString('base64url'), dh, salt });
        }
        const [h, p, sig] = jwt.split('.') as [string, string, string];
        const point = Buffer.from(serverKey, 'base64url');
        const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33, 65).toString('base64url') }, format: 'jwk' });
        if (!verify('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(sig, 'base64url'))) throw new Error('the VAPID signature does not verify');
        received.push({
          path: req.url ?? '',
          headers: req.headers,
          encoding,
          payload: JSON.parse(plain.toString('utf8')) as Record<string, unknown>,
          claims: JSON.parse(Buffer.from(p, 'base64url').toString('utf8')),
          serverKey,
        });
      } catch (err) {
        failures.push((err as Error).message);
      }
      for (const w of waiting.splice(0)) w();
      const reply = () => {
        const answer = answers.shift() ?? { status: 201 };
        res.writeHead(answer.status, answer.headers ?? {});
        res.end();
      };
      if (held) void held.then(reply);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    /** An endpoint on this receiver (a path per subscription). */
    endpoint: (name = 'sub') => `http://127.0.0.1:${port}/push/${name}`,
    keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
    received,
    failures,
    /** The next answers, in order (then 201). */
    answer(...next: { status: number; headers?: Record<string, string> }[]) {
      answers = next;
    },
    /** From now on, pushes are read but not answered until release(). */
    hold() {
      held = new Promise<void>((r) => (releaseHeld = r));
    },
    release() {
      held = null;
      releaseHeld();
    },
    /** Resolves once `n` pushes have arrived in all (or after `ms`). */
    async waitFor(n: number, ms = 5000): Promise<void> {
      const until = Date.now() + ms;
      while (received.length + failures.length < n && Date.now() < until) await new Promise<void>((r) => (waiting.push(r), setTimeout(r, 50)));
    },
    close: () =>
      new Promise<void>((resolve) => {
        releaseHeld();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
