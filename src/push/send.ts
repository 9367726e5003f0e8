import http from 'node:http';
import https from 'node:https';
import webpush from 'web-push';
import { isIP } from 'node:net';
import { PrivateAddressError, guardedLookup, isPrivateAddress } from '../app/private-address.js';
import type { VapidKeys } from './vapid.js';

/** From sending the request to the end of the answer: a push service that stalls is a failure to retry. */
export const PUSH_TIMEOUT_MS = 10_000;
/** How long the push service is asked to keep an undelivered message (Mastodon: 48 hours). */
const TTL_SECONDS = 48 * 3600;
/** The most of a push service's answer read (it is only logged). */
const ANSWER_MAX = 4096;

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
  /** aes128gcm (RFC 8291) with `vapid` authorization (RFC 8292); else the draft Mastodon sends by default (aesgcm, `WebPush` + Crypto-Key). */
  standard: boolean;
}

/** What the push service answered: a status (and Retry-After), or why nothing came back. */
export type PushAnswer = { status: number; retryAfter: string | null; body: string } | { error: Error };

/**
 * Encrypts the payload for the subscription and POSTs it to its endpoint.
 * web-push does the RFC 8291 encryption and the VAPID JWT; the request is
 * ours: the address connected to is checked by the private-address guard
 * (unless `allowPrivate`), redirects are not followed (an answer is an
 * answer), and the whole exchange is bounded by PUSH_TIMEOUT_MS.
 */
export function sendPush(target: PushTarget, payload: string, vapid: VapidKeys, subject: string, options: { allowPrivate: boolean; signal?: AbortSignal }): Promise<PushAnswer> {
  let details: ReturnType<typeof webpush.generateRequestDetails>;
  try {
    details = webpush.generateRequestDetails({ endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } }, payload, {
      vapidDetails: { subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey },
      contentEncoding: target.standard ? 'aes128gcm' : 'aesgcm',
      TTL: TTL_SECONDS,
      urgency: 'normal',
    });
  } catch (err) {
    return Promise.resolve({ error: err as Error });
  }
  const url = new URL(details.endpoint);
  const client = url.protocol === 'https:' ? https : url.protocol === 'http:' && options.allowPrivate ? http : null;
  if (!client) return Promise.resolve({ error: new Error(`refused: ${url.protocol} endpoint`) });
  // A literal address is connected to without a lookup, so the guarded lookup never sees it: judged here.
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivate && isIP(literal) && isPrivateAddress(literal)) return Promise.resolve({ error: new PrivateAddressError(url.hostname, literal) });
  const signals = [AbortSignal.timeout(PUSH_TIMEOUT_MS), ...(options.signal ? [options.signal] : [])];
  const signal = AbortSignal.any(signals);
  return new Promise<PushAnswer>((resolve) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: details.headers as Record<string, string | number>,
        lookup: guardedLookup(options.allowPrivate) as unknown as typeof import('node:dns').lookup,
        signal,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < ANSWER_MAX) chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: typeof res.headers['retry-after'] === 'string' ? res.headers['retry-after'] : null,
            body: Buffer.concat(chunks).toString('utf8').slice(0, ANSWER_MAX),
          }),
        );
        res.on('error', (err) => resolve({ error: err }));
      },
    );
    req.on('error', (err) => resolve({ error: signal.aborted && !options.signal?.aborted ? new Error(`no answer within ${PUSH_TIMEOUT_MS / 1000} s`) : err }));
    req.end(details.body);
  });
}
