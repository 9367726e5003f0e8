import WebSocket from 'ws';

/** A Mastodon streaming message as received, the payload parsed (a `delete`'s is the bare id). */
export interface Received {
  stream?: string[];
  event?: string;
  payload?: any;
  error?: string;
  status?: number;
}

/** Collects what a stream receives, and waits for what a test expects. */
export class Inbox {
  readonly items: Received[] = [];
  private waiters: { test: (m: Received) => boolean; resolve: (m: Received) => void }[] = [];

  push(m: Received): void {
    this.items.push(m);
    this.waiters = this.waiters.filter((w) => {
      if (!w.test(m)) return true;
      w.resolve(m);
      return false;
    });
  }

  /** The first message (already received or to come) that passes `test`; fails after `ms`. */
  next(test: (m: Received) => boolean, ms = 5000): Promise<Received> {
    const seen = this.items.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching message within ${ms} ms; got ${JSON.stringify(this.items).slice(0, 800)}`)), ms);
      this.waiters.push({ test, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  }

  /** Resolves true if nothing passing `test` arrives within `ms`. */
  async none(test: (m: Received) => boolean, ms = 500): Promise<boolean> {
    await new Promise((r) => setTimeout(r, ms));
    return !this.items.some(test);
  }
}

function parse(text: string): Received {
  const m = JSON.parse(text) as Received & { payload?: string };
  if (typeof m.payload === 'string' && m.event !== 'delete') m.payload = JSON.parse(m.payload);
  return m;
}

export interface OpenSocket {
  ws: WebSocket;
  inbox: Inbox;
  /** Which worker answered the upgrade (`x-govblog-worker`), under `serve --workers`. */
  worker: string | undefined;
  send(m: unknown): void;
  closed: Promise<{ code: number }>;
}

/** A WebSocket to /api/v1/streaming as an app opens it; rejects with `{ status, message }` when the upgrade is refused. */
export function openSocket(base: string, opts: { token?: string; query?: Record<string, string>; protocol?: boolean; header?: boolean } = {}): Promise<OpenSocket> {
  const url = new URL('/api/v1/streaming', base.replace(/^http/, 'ws'));
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  if (opts.token && !opts.protocol && !opts.header) url.searchParams.set('access_token', opts.token);
  const ws = new WebSocket(url, opts.token && opts.protocol ? [opts.token] : [], opts.token && opts.header ? { headers: { authorization: `Bearer ${opts.token}` } } : {});
  const inbox = new Inbox();
  let worker: string | undefined;
  ws.on('upgrade', (res) => {
    worker = res.headers['x-govblog-worker'] as string | undefined;
  });
  ws.on('message', (data) => inbox.push(parse(data.toString())));
  const closed = new Promise<{ code: number }>((resolve) => ws.on('close', (code) => resolve({ code })));
  return new Promise((resolve, reject) => {
    ws.on('unexpected-response', (_req, res) => {
      reject(Object.assign(new Error(`refused ${res.statusCode}`), { status: res.statusCode, message: res.headers['x-error-message'] }));
      ws.terminate();
    });
    ws.on('error', (err) => reject(err));
    ws.on('open', () => resolve({ ws, inbox, worker, send: (m) => ws.send(typeof m === 'string' ? m : JSON.stringify(m)), closed }));
  });
}

/** An event stream read as a browser's EventSource would (fetch, then `event:`/`data:` lines). */
export async function openEventStream(base: string, path: string, token?: string, extraHeaders: Record<string, string> = {}) {
  const ac = new AbortController();
  const res = await fetch(new URL(path, base), { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...extraHeaders }, signal: ac.signal });
  const inbox = new Inbox();
  const comments: string[] = [];
  if (res.status === 200 && res.body) {
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      let event: string | undefined;
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let i: number;
          while ((i = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, i);
            buffer = buffer.slice(i + 1);
            if (line.startsWith(':')) comments.push(line);
            else if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) {
              const data = line.slice(6);
              inbox.push({ event, payload: event === 'delete' ? data : JSON.parse(data) });
            }
          }
        }
      } catch {
        // aborted
      }
    })();
  }
  return { res, inbox, comments, close: () => ac.abort() };
}
