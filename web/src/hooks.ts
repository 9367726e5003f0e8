import { useEffect, useRef, useState } from 'react';

/** One event of the streaming API, its payload parsed (a `delete` carries the bare id). */
export interface StreamEvent {
  event: string;
  payload: unknown;
}

/**
 * Listens to one stream of the provider's streaming API (a WebSocket to
 * /api/v1/streaming, the token as its protocol, as Mastodon apps do) while
 * mounted; reconnects after a drop, waiting longer each time (at most 30 s).
 */
export function useStream(token: string | null, stream: string | null, onEvent: (e: StreamEvent) => void): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    if (!token || !stream || typeof WebSocket === 'undefined') return;
    let ws: WebSocket | null = null;
    let stopped = false;
    let wait = 1000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      const url = new URL('/api/v1/streaming', location.href);
      url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
      url.searchParams.set('stream', stream);
      ws = new WebSocket(url, [token]);
      ws.onopen = () => {
        wait = 1000;
      };
      ws.onmessage = (m) => {
        try {
          const msg = JSON.parse(String(m.data)) as { event?: string; payload?: string };
          if (!msg.event || typeof msg.payload !== 'string') return;
          handler.current({ event: msg.event, payload: msg.event === 'delete' ? msg.payload : JSON.parse(msg.payload) });
        } catch {
          // Not a message of ours: ignored.
        }
      };
      ws.onclose = () => {
        if (stopped) return;
        timer = setTimeout(connect, wait);
        wait = Math.min(wait * 2, 30_000);
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      ws?.close();
    };
  }, [token, stream]);
}

/** Sets the document title for the page. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · 政务微博 govblog`;
  }, [title]);
}

/** Whether the screen is phone-narrow (the style sheet's breakpoint), following rotation and resizing. */
export function useNarrow(query = '(max-width: 640px)'): boolean {
  const [narrow, setNarrow] = useState(() => typeof matchMedia === 'function' && matchMedia(query).matches);
  useEffect(() => {
    const m = matchMedia(query);
    const on = () => setNarrow(m.matches);
    on();
    m.addEventListener('change', on);
    return () => m.removeEventListener('change', on);
  }, [query]);
  return narrow;
}
