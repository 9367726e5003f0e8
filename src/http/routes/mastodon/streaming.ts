import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import type { Context } from '../../../app/context.js';
import { type Actor, authenticate } from '../../../oauth/authenticate.js';
import { type ResolvedStream, type StreamCaller, StreamError, firstParam, isTruthy, listOfParam, resolveStream, streamOfPath } from '../../../streaming/channels.js';
import { findList } from '../../../lists/lists.repository.js';
import type { StreamConnection, Subscription } from '../../../streaming/hub.js';
import { STREAMING_LIMITS } from '../../../streaming/limits.js';
import { errorResponses } from '../../schemas/index.js';

/**
 * Mastodon's streaming API, served by the API process itself: the WebSocket
 * at /api/v1/streaming (subscribe and unsubscribe messages, any number of
 * streams on one connection) and one event stream (SSE) per route under
 * /api/v1/streaming/…, with Mastodon's paths, messages, heartbeats and errors
 * (streaming/index.js). What reaches which stream is the hub's business
 * (src/streaming/hub.ts).
 */

const SSE_PATHS = ['/user', '/user/notification', '/public', '/public/local', '/public/remote', '/hashtag', '/hashtag/local', '/list', '/direct'].map((p) => `/api/v1/streaming${p}`);

const eventStream = { description: 'text/event-stream: `event: <name>` and `data: <JSON>` lines, `:thump` comments as heartbeats', content: { 'text/event-stream': { schema: z.string() } } };
const plainText = { content: { 'text/plain': { schema: z.string() } } };

const StreamingQuery = z.object({
  access_token: z.union([z.string(), z.array(z.string())]).optional(),
  tag: z.union([z.string(), z.array(z.string())]).optional(),
  list: z.union([z.string(), z.array(z.string())]).optional(),
  only_media: z.union([z.string(), z.array(z.string())]).optional(),
});

/** The token of a streaming request, as Mastodon reads it: the Authorization header, else `access_token`, else Sec-WebSocket-Protocol. */
function tokenOf(req: IncomingMessage, query: URLSearchParams): string | undefined {
  const h = req.headers.authorization;
  if (typeof h === 'string' && h !== '') return h.replace(/^Bearer\s+/i, '').trim();
  const q = query.get('access_token');
  if (q) return q;
  const p = req.headers['sec-websocket-protocol'];
  const first = typeof p === 'string' ? p.split(',')[0]?.trim() : undefined;
  return first || undefined;
}

/** The signed-in caller of a stream, or Mastodon's 401. */
async function streamCaller(ctx: Context, token: string | undefined): Promise<Actor & { account: NonNullable<Actor['account']> }> {
  if (!token) throw new StreamError(401, 'Missing access token');
  let actor: Actor | null;
  try {
    actor = await authenticate(ctx, token);
  } catch {
    throw new StreamError(401, 'Invalid access token');
  }
  // Mastodon finds a stream's token through its user: an app's own token has none.
  if (!actor?.account) throw new StreamError(401, 'Invalid access token');
  return actor as Actor & { account: NonNullable<Actor['account']> };
}

function callerOf(actor: Actor & { account: NonNullable<Actor['account']> }): StreamCaller {
  return { accountId: Number(actor.account.id), scopes: actor.scopes };
}

/** The caller, with the list asked for among its own lists when it owns it (a `list` stream is the owner's alone). */
async function withList(ctx: Context, caller: StreamCaller, name: string | undefined, params: { list?: unknown }): Promise<StreamCaller> {
  if (name !== 'list') return caller;
  const id = listOfParam(params);
  const list = id === null ? undefined : await findList(ctx.db, id);
  return list && Number(list.account_id) === caller.accountId ? { ...caller, lists: new Set([id as number]) } : caller;
}

export async function streamingRoutes(app: FastifyInstance) {
  const { ctx } = app;
  const hub = ctx.streaming.hub;

  app.get('/api/v1/streaming/health', { schema: { tags: ['streaming'], response: { 200: plainText, ...errorResponses } } }, async (_req, reply) => {
    reply.type('text/plain');
    return 'OK';
  });

  // Anything else under the streaming path names no stream: Mastodon's answer (a plain GET of the WebSocket's path included).
  await app.register(
    async (under) => {
      under.setNotFoundHandler(async (_req, reply) => reply.code(400).send({ error: 'Unknown channel requested' }));
    },
    { prefix: '/api/v1/streaming' },
  );

  // ---- Server-sent events ----
  for (const path of SSE_PATHS) {
    app.get(path, { schema: { tags: ['streaming'], querystring: StreamingQuery, response: { 200: eventStream, ...errorResponses } } }, async (req: FastifyRequest, reply: FastifyReply) => {
      const query = new URLSearchParams((req.url.split('?')[1] ?? '') as string);
      const q = req.query as z.infer<typeof StreamingQuery>;
      let resolved: ResolvedStream;
      let actor: Actor & { account: NonNullable<Actor['account']> };
      try {
        actor = req.actor?.account ? (req.actor as typeof actor) : await streamCaller(ctx, tokenOf(req.raw, query));
        const name = streamOfPath(req.routeOptions.url ?? path, isTruthy(q.only_media));
        resolved = resolveStream(await withList(ctx, callerOf(actor), name, { list: q.list }), name, { tag: q.tag, list: q.list });
        const refused = hub.refusal(Number(actor.account.id), req.ip);
        if (refused) throw new StreamError(429, refused);
      } catch (err) {
        if (!(err instanceof StreamError)) throw err;
        return reply.code(err.status).send({ error: err.message });
      }
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        'transfer-encoding': 'chunked',
      });
      res.write(':)\n');
      const conn: StreamConnection = {
        kind: 'sse',
        accountId: Number(actor.account.id),
        tokenId: actor.tokenId,
        address: req.ip,
        write(frame) {
          // A client that reads nothing while events pile up is let go, not buffered without end.
          if (res.writableLength > STREAMING_LIMITS.maxBufferedBytes) res.destroy();
          else res.write(frame);
        },
        close() {
          res.end();
        },
      };
      const sub: Subscription = { conn, stream: resolved.stream, keys: resolved.keys };
      hub.open(conn);
      hub.add(sub);
      const heartbeat = setInterval(() => res.write(':thump\n'), STREAMING_LIMITS.sseHeartbeatMs);
      heartbeat.unref();
      const end = () => {
        clearInterval(heartbeat);
        hub.remove(sub);
        hub.closed(conn);
      };
      // A client gone before the stream was set up would otherwise never say so.
      if (res.destroyed) end();
      else res.once('close', end);
    });
  }

  // ---- WebSocket ----
  const wss = new WebSocketServer({ noServer: true, maxPayload: STREAMING_LIMITS.messageBytes, clientTracking: false });
  const sockets = new Set<WebSocket>();
  // Under `serve --workers`, which process took the connection (as every HTTP answer says).
  const worker = process.env.GOVBLOG_WORKER_INDEX;
  if (worker !== undefined) wss.on('headers', (headers) => headers.push(`x-govblog-worker: ${worker}`));

  /** Refuses an upgrade the way Mastodon does: an HTTP answer with the reason in X-Error-Message, no body. */
  const refuse = (socket: Duplex, status: number, message: string) => {
    socket.once('finish', () => socket.destroy());
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: 0\r\nX-Error-Message: ${message}\r\n\r\n`);
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://streaming.invalid');
    } catch {
      return refuse(socket, 400, 'Bad request');
    }
    if (url.pathname.replace(/\/+$/, '') !== '/api/v1/streaming') return refuse(socket, 404, 'Not found');
    void streamCaller(ctx, tokenOf(req, url.searchParams))
      .then((actor) => {
        const address = req.socket.remoteAddress ?? '';
        const refused = hub.refusal(Number(actor.account.id), address);
        if (refused) return refuse(socket, 429, refused);
        wss.handleUpgrade(req, socket, head, (ws) => session(ws, actor, address, url.searchParams));
      })
      .catch((err: unknown) => {
        if (err instanceof StreamError) return refuse(socket, err.status, err.message);
        ctx.log.error({ err }, 'streaming: upgrade failed');
        refuse(socket, 500, 'An unexpected error occurred');
      });
  };
  app.server.on('upgrade', onUpgrade);

  const session = (ws: WebSocket, actor: Actor & { account: NonNullable<Actor['account']> }, address: string, query: URLSearchParams) => {
    sockets.add(ws);
    const caller = callerOf(actor);
    const subscriptions = new Map<string, Subscription>();
    let alive = true;
    const conn: StreamConnection = {
      kind: 'ws',
      accountId: caller.accountId,
      tokenId: actor.tokenId,
      address,
      write(frame) {
        if (ws.readyState !== ws.OPEN) return;
        if (ws.bufferedAmount > STREAMING_LIMITS.maxBufferedBytes) ws.terminate();
        else ws.send(frame, { binary: false });
      },
      close() {
        ws.close();
      },
    };
    hub.open(conn);
    const sendError = (status: number, error: string) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ error, status }));
    };
    // Messages are handled in the order they came, though a list's owner is asked of the database first.
    let pending: Promise<void> = Promise.resolve();
    const inOrder = (work: () => void | Promise<void>) => {
      pending = pending.then(work).catch((err: unknown) => ctx.log.warn({ err }, 'streaming: a message could not be handled'));
    };
    const subscribe = (name: string | undefined, params: Record<string, unknown>) => {
      inOrder(async () => subscribeAs(name === 'list' ? await withList(ctx, caller, name, params) : caller, name, params));
    };
    const subscribeAs = (who: StreamCaller, name: string | undefined, params: Record<string, unknown>) => {
      if (ws.readyState !== ws.OPEN) return;
      let resolved: ResolvedStream;
      try {
        resolved = resolveStream(who, name, params);
      } catch (err) {
        if (err instanceof StreamError) return sendError(err.status, err.message);
        throw err;
      }
      const key = resolved.keys.join(';') + '|' + resolved.stream.join('\u0000');
      if (subscriptions.has(key)) return;
      if (subscriptions.size >= STREAMING_LIMITS.subscriptionsPerConnection) return sendError(429, `Too many subscriptions (at most ${STREAMING_LIMITS.subscriptionsPerConnection} on one connection)`);
      const sub: Subscription = { conn, stream: resolved.stream, keys: resolved.keys };
      subscriptions.set(key, sub);
      hub.add(sub);
    };
    const unsubscribe = (name: string | undefined, params: Record<string, unknown>) => {
      let resolved: ResolvedStream;
      // A list subscription exists only if it was the caller's when made: its key is all that is needed here.
      const list = name === 'list' ? listOfParam(params) : null;
      try {
        resolved = resolveStream(list === null ? caller : { ...caller, lists: new Set([list]) }, name, params);
      } catch {
        return sendError(400, 'Error unsubscribing from channel');
      }
      const key = resolved.keys.join(';') + '|' + resolved.stream.join('\u0000');
      const sub = subscriptions.get(key);
      if (!sub) return;
      hub.remove(sub);
      subscriptions.delete(key);
    };

    ws.on('pong', () => {
      alive = true;
    });
    const ping = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, STREAMING_LIMITS.pingMs);
    ping.unref();
    ws.on('error', () => {});
    ws.on('close', () => {
      clearInterval(ping);
      for (const sub of subscriptions.values()) hub.remove(sub);
      subscriptions.clear();
      hub.closed(conn);
      sockets.delete(ws);
    });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) return ws.close(1003, 'The streaming server does not support binary messages');
      let json: unknown;
      try {
        json = JSON.parse(data.toString());
      } catch {
        return sendError(400, 'Invalid JSON in the message');
      }
      if (!json || typeof json !== 'object' || Array.isArray(json)) return sendError(400, 'A message must be a JSON object');
      const { type, stream, ...params } = json as Record<string, unknown>;
      if (type === 'subscribe') subscribe(firstParam(stream), params);
      else if (type === 'unsubscribe') inOrder(() => unsubscribe(firstParam(stream), params));
      // Other types are ignored, as Mastodon ignores them.
    });

    const first = query.get('stream');
    if (first) subscribe(first, { tag: query.get('tag') ?? undefined, list: query.get('list') ?? undefined });
  };

  // Before the server closes: open streams would hold it open for ever.
  app.addHook('preClose', async () => {
    app.server.off('upgrade', onUpgrade);
    for (const ws of sockets) ws.terminate();
    hub.closeAll();
    wss.close();
  });
}
