/**
 * The web UI's only way to the provider: its HTTP API, with the bearer token
 * of the session, Link-header paging, and the API's `{error, details}` errors.
 */
import LinkHeader from 'http-link-header';

/** One problem of one field: Mastodon's code and English description, govblog's reason and what it names. */
export interface FieldProblem {
  error: string;
  description: string;
  reason?: string;
  params?: Record<string, string | number>;
}

/** Per-field problems, as the API's 422 names them. */
export type FieldErrors = Record<string, FieldProblem[]>;

/** An answer of 4xx/5xx from the API, carrying its message and the fields at fault. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string | null,
    readonly details: FieldErrors | null,
    /** For a 404: what was looked for (`account`, `status`…). */
    readonly resource: string | null = null,
  ) {
    super(message);
  }

  /** One field's problems, if any. */
  field(name: string): FieldProblem[] {
    return this.details?.[name] ?? [];
  }
}

/** One page of a list and the paths of its neighbours (from the Link header). */
export interface Page<T> {
  items: T[];
  next: string | null;
  prev: string | null;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}

/**
 * Parses `<url>; rel="next", <url>; rel="prev"` (RFC 8288, by http-link-header)
 * into paths on this origin (the provider's public URL may differ from the page's).
 */
export function parseLink(header: string | null, base: string = location.origin): { next: string | null; prev: string | null } {
  const out = { next: null as string | null, prev: null as string | null };
  if (!header) return out;
  let refs: LinkHeader.Reference[];
  try {
    refs = LinkHeader.parse(header).refs;
  } catch {
    // A malformed header names no page.
    return out;
  }
  for (const rel of ['next', 'prev'] as const) {
    const ref = refs.find((r) => r.rel.toLowerCase().split(/\s+/).includes(rel));
    if (!ref) continue;
    try {
      const u = new URL(ref.uri, base);
      out[rel] = u.pathname + u.search;
    } catch {
      // An unparsable link names no page.
    }
  }
  return out;
}

async function errorOf(res: Response): Promise<ApiError> {
  let body: { error?: unknown; error_description?: unknown; code?: unknown; details?: unknown; message?: unknown; resource?: unknown } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  // OAuth endpoints answer {error: code, error_description}; the rest {error: message, code, details}.
  const message =
    typeof body.error_description === 'string' ? body.error_description : typeof body.error === 'string' ? body.error : typeof body.message === 'string' ? body.message : `HTTP ${res.status}`;
  const code = typeof body.code === 'string' ? body.code : typeof body.error_description === 'string' && typeof body.error === 'string' ? body.error : null;
  const details = body.details && typeof body.details === 'object' ? (body.details as FieldErrors) : null;
  const resource = typeof body.resource === 'string' ? body.resource : null;
  return new ApiError(res.status, message, code ?? (res.status >= 500 ? 'internal' : null), details, resource);
}

/** A client bound to a token (or none, for public reads). */
export class Api {
  constructor(readonly token: string | null) {}

  async raw(method: string, path: string, opts: { query?: Query; body?: unknown; token?: string | null } = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = opts.token === undefined ? this.token : opts.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | FormData | undefined;
    if (opts.body instanceof FormData) {
      // The browser writes the multipart boundary into the content type itself.
      body = opts.body;
    } else if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    let res: Response;
    try {
      res = await fetch(withQuery(path, opts.query), { method, headers, ...(body !== undefined ? { body } : {}), credentials: 'omit' });
    } catch (err) {
      throw new ApiError(0, `Network error: ${(err as Error).message}`, 'network', null);
    }
    if (!res.ok) throw await errorOf(res);
    return res;
  }

  async request<T>(method: string, path: string, opts: { query?: Query; body?: unknown; token?: string | null } = {}): Promise<T> {
    const res = await this.raw(method, path, opts);
    const text = await res.text();
    return (text ? JSON.parse(text) : {}) as T;
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path, query ? { query } : {});
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('POST', path, { body });
  }

  patch<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('PATCH', path, { body });
  }

  put<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('PUT', path, { body });
  }

  /** A multipart request (file uploads): `form` is sent as the browser builds it. */
  send<T>(method: 'POST' | 'PATCH', path: string, form: FormData): Promise<T> {
    return this.request<T>(method, path, { body: form });
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  /** One page of a list; `path` may be a `next` path from an earlier page. */
  async page<T>(path: string, query?: Query): Promise<Page<T>> {
    const res = await this.raw('GET', path, query ? { query } : {});
    const items = (await res.json()) as T[];
    return { items, ...parseLink(res.headers.get('link')) };
  }
}
