import { scopeCovers } from '../domain/scopes.js';
import { STREAMING_LIMITS } from './limits.js';

/**
 * The streams of Mastodon's streaming API (streaming/index.js), what each
 * needs, and the hub keys each listens on. A failure is a StreamError with
 * Mastodon's status and message, sent as `{"error","status"}` over a
 * WebSocket or as an HTTP answer `{"error"}`.
 */

/** Streams any signed-in token may read, whatever its scopes (as Mastodon's PUBLIC_CHANNELS). */
export const PUBLIC_STREAMS = ['public', 'public:media', 'public:local', 'public:local:media', 'public:remote', 'public:remote:media', 'hashtag', 'hashtag:local'] as const;

export const STREAMS = ['user', 'user:notification', 'list', 'direct', ...PUBLIC_STREAMS] as const;

export class StreamError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** What a stream is asked for with. */
export interface StreamParams {
  tag?: unknown;
  list?: unknown;
}

export interface StreamCaller {
  accountId: number;
  scopes: readonly string[];
  /** The caller's own lists among those asked for (looked up before resolving a `list` stream: listOfParam). */
  lists?: ReadonlySet<number>;
}

/** A `list` parameter as a list id; null when it is none. */
export function listOfParam(params: StreamParams): number | null {
  const list = firstParam(params.list);
  return list !== undefined && /^\d{1,15}$/.test(list) ? Number(list) : null;
}

/** A resolved stream: the name messages carry (`["hashtag","雾霾"]`) and the hub keys it listens on. */
export interface ResolvedStream {
  name: string;
  stream: string[];
  keys: string[];
}

/** A query or message parameter as one string (`?stream=a&stream=b` and `["a"]` take the first, as Mastodon's firstParam). */
export function firstParam(v: unknown): string | undefined {
  const one = Array.isArray(v) ? v[0] : v;
  return typeof one === 'string' ? one : undefined;
}

/**
 * The key a hashtag stream and a status's hashtags meet on: Mastodon's
 * normalizeHashtag (NFKC, lower case, letters, digits, `_`, `·` and ZWNJ only,
 * so `#雾霾#` and `雾霾` agree) without its folding of accented Latin letters,
 * which govblog's tag timelines do not fold either.
 */
export function hashtagKey(tag: string): string {
  return tag
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\u00b7\u200c]/gu, '');
}

/** Mastodon's checkScopes: public streams need none; `user:notification` read or read:notifications; the rest read or read:statuses. */
export function checkStreamScopes(caller: StreamCaller, name: string): void {
  if ((PUBLIC_STREAMS as readonly string[]).includes(name)) return;
  const needed = name === 'user:notification' ? 'read:notifications' : 'read:statuses';
  if (!scopeCovers(caller.scopes, needed)) throw new StreamError(401, 'Access token does not have the required scopes');
}

/** The stream `name` with its parameters for this caller (Mastodon's channelNameToIds), scopes checked. */
export function resolveStream(caller: StreamCaller, name: string | undefined, params: StreamParams): ResolvedStream {
  if (name === undefined || !(STREAMS as readonly string[]).includes(name)) throw new StreamError(400, 'Unknown stream type');
  checkStreamScopes(caller, name);
  const me = caller.accountId;
  switch (name) {
    case 'user': {
      // The user stream carries notifications only for a token that may read them, as Mastodon's channelsForUserStream.
      const keys = [`user:${me}`];
      if (scopeCovers(caller.scopes, 'read:notifications')) keys.push(`notification:${me}`);
      return { name, stream: ['user'], keys };
    }
    case 'user:notification':
      return { name, stream: [name], keys: [`notification:${me}`] };
    case 'direct':
      return { name, stream: [name], keys: [`direct:${me}`] };
    case 'hashtag':
    case 'hashtag:local': {
      const tag = firstParam(params.tag);
      if (!tag) throw new StreamError(400, 'Missing tag name parameter');
      if (tag.length > STREAMING_LIMITS.paramLength) throw new StreamError(400, 'Tag name is too long');
      return { name, stream: [name, tag], keys: [`${name}:${hashtagKey(tag)}`] };
    }
    case 'list': {
      const list = firstParam(params.list);
      if (!list) throw new StreamError(400, 'Missing list name parameter');
      const id = listOfParam(params);
      // Someone else's list, or none: Mastodon's answer (authorizeListAccess).
      if (id === null || !caller.lists?.has(id)) throw new StreamError(401, 'Not authorized to stream this list');
      return { name, stream: [name, list], keys: [`list:${id}`] };
    }
    default:
      return { name, stream: [name], keys: [name] };
  }
}

/** The stream an event-stream route serves (Mastodon's channelNameFromPath); undefined for a path that is none. */
export function streamOfPath(path: string, onlyMedia: boolean): string | undefined {
  const p = path.replace(/\/+$/, '');
  const media = onlyMedia ? ':media' : '';
  switch (p) {
    case '/api/v1/streaming/user':
      return 'user';
    case '/api/v1/streaming/user/notification':
      return 'user:notification';
    case '/api/v1/streaming/public':
      return `public${media}`;
    case '/api/v1/streaming/public/local':
      return `public:local${media}`;
    case '/api/v1/streaming/public/remote':
      return `public:remote${media}`;
    case '/api/v1/streaming/hashtag':
      return 'hashtag';
    case '/api/v1/streaming/hashtag/local':
      return 'hashtag:local';
    case '/api/v1/streaming/direct':
      return 'direct';
    case '/api/v1/streaming/list':
      return 'list';
    default:
      return undefined;
  }
}

/** Mastodon's isTruthy for `only_media`: anything given but its false values. */
export function isTruthy(v: unknown): boolean {
  const s = firstParam(v);
  return s !== undefined && s !== '' && !['0', 'f', 'F', 'false', 'FALSE', 'off', 'OFF'].includes(s);
}
