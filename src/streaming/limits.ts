/**
 * What one client may hold open. Mastodon's streaming server sets none of
 * these itself (its operators put them in nginx); govblog serves streams from
 * the API process, so it bounds them here. Counted per process: behind
 * `serve --workers N` an account may hold N times as many.
 */
export const STREAMING_LIMITS = {
  /** Streams (WebSocket connections and event streams together) open at once for one account. */
  connectionsPerAccount: 50,
  /** Streams open at once from one address, while rate limits are on (`--rate-limit off` lifts it, for benchmarks). */
  connectionsPerAddress: 300,
  /** Streams one WebSocket connection may subscribe to. */
  subscriptionsPerConnection: 100,
  /** The largest message a client may send over the WebSocket, in bytes (larger: closed with 1009). */
  messageBytes: 16 * 1024,
  /** Longest hashtag or list id taken in a subscription. */
  paramLength: 200,
  /** A comment line on every event stream this often, as Mastodon (`:thump`). */
  sseHeartbeatMs: 15_000,
  /** A ping on every WebSocket this often; one that has not answered the last one is closed (Mastodon's 30 s). */
  pingMs: 30_000,
  /** Open streams check that their token is still live this often (a revocation through the API closes them at once). */
  tokenCheckMs: 60_000,
  /** Bytes waiting to go out to one slow client before it is dropped, rather than held in memory without end. */
  maxBufferedBytes: 4 * 1024 * 1024,
} as const;
