import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { errorResponses } from '../http/schemas/errors.js';
import type { Context } from '../app/context.js';
import { ERRORS, type ErrorCode } from '../app/errors.js';
import { type ActorExtras, actorExtras, findLocalActorAccount } from './actors.js';
import { federationOf } from './federation.js';
import { GOV_CONTEXT, GOV_CONTEXT_DOCUMENT, GOV_CONTEXT_PATH } from './gov-context.js';

/** Per address, for servers rather than people: a busy peer delivers far more than a person clicks (Mastodon leaves its inbox unthrottled). */
export const FEDERATION_RATE_LIMIT = { max: 3000, timeWindow: 5 * 60_000 };

/** Largest activity accepted in an inbox (Mastodon's is 1 MB too). */
export const INBOX_BODY_LIMIT = 1024 * 1024;

/** An ActivityPub document (an actor, a collection, a page) as Fedify writes it: JSON-LD, checked only for its shape here. */
const ActivityDocument = z.looseObject({ '@context': z.unknown(), type: z.string() });
/** A WebFinger answer (RFC 7033). */
const Jrd = z.looseObject({ subject: z.string(), links: z.array(z.looseObject({ rel: z.string() })) });
const json = (schema: z.ZodType) => ({ schema });

/** What the federation routes answer: Fedify's documents, its plain-text 202 and refusals, our JSON errors when a request falls through. */
const FEDERATION_RESPONSES = {
  200: { content: { 'application/activity+json': json(ActivityDocument), 'application/ld+json': json(ActivityDocument), 'application/jrd+json': json(Jrd), 'application/json': json(Jrd) } },
  202: { content: { 'text/plain': json(z.string()) } },
  302: z.undefined(),
  ...errorResponses,
};

/**
 * Fedify's answer to an actor request, finished: profile fields always as an
 * array (Mastodon reads `attachment` only as one; JSON-LD compaction writes a
 * lone one as an object), and a government account's `government` profile
 * with the govblog context that defines it.
 */
export function finishActorDocument(doc: Record<string, unknown>, extras: ActorExtras): Record<string, unknown> {
  const out: Record<string, unknown> = { ...doc };
  if (out.attachment !== undefined && !Array.isArray(out.attachment)) out.attachment = [out.attachment];
  if (out.attachment === undefined) out.attachment = [];
  if (extras.government) {
    const context = out['@context'];
    out['@context'] = [...(Array.isArray(context) ? context : context === undefined ? [] : [context]), GOV_CONTEXT];
    out.government = extras.government;
  }
  return out;
}

/** The catalogue's code for a refusal of Fedify's, by its status. */
const REFUSAL_CODES: Partial<Record<number, ErrorCode>> = { 400: 'bad_request', 401: 'invalid_signature', 403: 'forbidden', 404: 'not_found', 406: 'bad_request', 409: 'conflict', 410: 'not_found', 413: 'payload_too_large', 415: 'unsupported_media_type', 422: 'validation_failed', 429: 'rate_limited' };

/**
 * A 4xx of Fedify's (plain text: "Failed to verify the request signature.",
 * "Invalid JSON.", "Missing actor.") as the project's JSON error, naming what
 * was wrong: Fedify's own words, or, for an unsigned request, that it has no
 * signature at all (Fedify says the same for a missing and a forged one).
 */
export function refusalBody(status: number, text: string, headers: Headers): { error: string; code: ErrorCode } {
  const code = REFUSAL_CODES[status] ?? 'bad_request';
  const unsigned = status === 401 && !headers.has('signature') && !headers.has('signature-input');
  const said = text.trim().slice(0, 300);
  return { error: unsigned ? 'The request is not signed: it has no Signature header (HTTP Signatures) to verify' : said || ERRORS[code].message, code };
}

/** Whether a body is JSON text whose value is a string ("x"), which no activity is. */
function isBareJsonString(body: Buffer): boolean {
  const text = body.toString('utf8').trim();
  if (!text.startsWith('"')) return false;
  try {
    return typeof JSON.parse(text) === 'string';
  } catch {
    return false;
  }
}

/** The request as the Web API's Request Fedify takes: the URL under our public origin, headers and raw body untouched (signatures cover them). */
function toRequest(ctx: Context, req: FastifyRequest): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) {
      // A value that is no valid header value (raw non-Latin-1 text) is left out: it could sign nothing.
      try {
        headers.append(k, one);
      } catch {
        continue;
      }
    }
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const body = hasBody ? (Buffer.isBuffer(req.body) ? new Uint8Array(req.body) : new Uint8Array()) : null;
  return new Request(new URL(req.url, ctx.config.publicUrl), { method: req.method, headers, body });
}

/**
 * Routes ActivityPub's requests to `federation.fetch` (there is no Fastify
 * adapter on this registry): WebFinger, /users/…, the shared inbox and the
 * instance actor. What Fedify does not answer falls through to our own
 * routes (a browser asking /users/x for HTML is sent to /@x, the web UI's).
 * Registered only when federation is on; off, these paths are 404.
 */
export async function federationRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  const f = federationOf(ctx);
  if (!f) return;
  app.addHook('onClose', async () => f.stop());
  // Signatures are checked over the bytes as sent: bodies here stay raw.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: INBOX_BODY_LIMIT }, (_req, body, done) => done(null, body));

  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    // Fedify throws (a 500) on a JSON body that is a bare string: no activity is one, so it is refused here as Fedify refuses `null`.
    if (req.method === 'POST' && Buffer.isBuffer(req.body) && isBareJsonString(req.body)) return reply.status(400).send({ error: 'Invalid activity.', code: 'bad_request' });
    const request = toRequest(ctx, req);
    let outcome = 'answered' as 'answered' | 'not-found' | 'not-acceptable';
    const response = await f.federation.fetch(request, {
      contextData: undefined,
      onNotFound: () => {
        outcome = 'not-found';
        return new Response(null, { status: 404 });
      },
      onNotAcceptable: () => {
        outcome = 'not-acceptable';
        return new Response(null, { status: 406 });
      },
    });
    if (outcome === 'not-acceptable') {
      const m = /^\/users\/([A-Za-z0-9_]{1,30})\/?$/.exec(new URL(request.url).pathname);
      if (m && (await findLocalActorAccount(ctx, m[1] as string))) return reply.redirect(`/@${m[1]}`, 302);
    }
    if (outcome !== 'answered') return reply.callNotFound();
    let bytes: Buffer = Buffer.from(await response.arrayBuffer());
    const extras = actorExtras.get(request);
    const type = response.headers.get('content-type') ?? '';
    if (extras && response.ok && /json/.test(type)) {
      const doc = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
      if (doc.id === extras.id) bytes = Buffer.from(JSON.stringify(finishActorDocument(doc, extras)));
    }
    reply.code(response.status);
    // Refusals in JSON, as every other route's: Fedify writes them as plain text.
    const refusal = response.status >= 400 && response.status < 500 && !/json/.test(type);
    response.headers.forEach((value, key) => {
      if (key !== 'content-length' && key !== 'transfer-encoding' && !(refusal && key === 'content-type')) reply.header(key, value);
    });
    if (refusal) return reply.type('application/json; charset=utf-8').send(JSON.stringify(refusalBody(response.status, bytes.toString('utf8'), request.headers)));
    return reply.send(bytes);
  };

  const opts = { schema: { hide: true, response: FEDERATION_RESPONSES }, config: { rateLimit: FEDERATION_RATE_LIMIT }, bodyLimit: INBOX_BODY_LIMIT };
  app.get('/.well-known/webfinger', opts, handler);
  app.get('/actor', opts, handler);
  app.post('/inbox', opts, handler);
  app.get('/users/*', opts, handler);
  app.post('/users/:username/inbox', opts, handler);
}

/** The govblog JSON-LD context (docs/activitypub-gov.md), served whether or not federation is on: it is a definition, not an exchange. */
export async function govContextRoute(app: FastifyInstance): Promise<void> {
  app.get(GOV_CONTEXT_PATH, { schema: { hide: true, response: { 200: { content: { 'application/ld+json': json(z.looseObject({ '@context': z.looseObject({ govblog: z.string() }) })) } } } } }, async (_req, reply) => {
    reply.header('content-type', 'application/ld+json; charset=utf-8').header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=86400');
    return reply.send(JSON.stringify(GOV_CONTEXT_DOCUMENT));
  });
}
