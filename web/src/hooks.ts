import { useCallback, useEffect, useRef, useState } from 'react';
import type { Api, Page, Query } from './api';

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload: () => void;
  setData: (update: T | ((old: T | null) => T | null)) => void;
}

/** Loads something once per change of `deps`, ignoring answers that arrive after a newer request. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    setLoading(true);
    setError(null);
    load().then(
      (d) => {
        if (mine !== seq.current) return;
        setData(d);
        setLoading(false);
      },
      (e: unknown) => {
        if (mine !== seq.current) return;
        setError(e);
        setLoading(false);
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload, setData: setData as Loaded<T>['setData'] };
}

export interface Paged<T> {
  items: T[];
  error: unknown;
  loading: boolean;
  /** Whether the Link header named an older page. */
  hasMore: boolean;
  /** Whether the first page of the current list has arrived (an empty list is then known to be empty). */
  loaded: boolean;
  loadMore: () => void;
  reload: () => void;
  /** Replaces one item (after a favourite, a decision) or drops it when the updater returns null. */
  update: (match: (item: T) => boolean, updater: (item: T) => T | null) => void;
  prepend: (item: T) => void;
}

/** A list read page by page through the API's Link headers ("load more" follows rel="next"). */
export function usePaged<T>(api: Api, path: string | null, query: Query | undefined, deps: readonly unknown[]): Paged<T> {
  const [items, setItems] = useState<T[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);

  const fetchPage = useCallback(
    (p: Promise<Page<T>>, append: boolean) => {
      const mine = ++seq.current;
      setLoading(true);
      setError(null);
      p.then(
        (page) => {
          if (mine !== seq.current) return;
          setItems((old) => (append ? [...old, ...page.items] : page.items));
          setNext(page.next);
          setLoading(false);
          if (!append) setLoaded(true);
        },
        (e: unknown) => {
          if (mine !== seq.current) return;
          setError(e);
          setLoading(false);
        },
      );
    },
    [],
  );

  useEffect(() => {
    setLoaded(false);
    if (path === null) {
      setItems([]);
      setNext(null);
      return;
    }
    fetchPage(api.page<T>(path, query), false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, path, JSON.stringify(query ?? {}), tick, ...deps]);

  const loadMore = useCallback(() => {
    if (next) fetchPage(api.page<T>(next), true);
  }, [api, next, fetchPage]);

  const update = useCallback((match: (item: T) => boolean, updater: (item: T) => T | null) => {
    setItems((old) => old.flatMap((it) => (match(it) ? ((u) => (u === null ? [] : [u]))(updater(it)) : [it])));
  }, []);

  // An item already there (posted here, then heard again on the stream) is not shown twice.
  const prepend = useCallback((item: T) => setItems((old) => (old.some((o) => sameId(o, item)) ? old : [item, ...old])), []);
  const reload = useCallback(() => setTick((n) => n + 1), []);

  return { items, error, loading, loaded, hasMore: next !== null, loadMore, reload, update, prepend };
}

function sameId(a: unknown, b: unknown): boolean {
  const id = (x: unknown) => (x && typeof x === 'object' && 'id' in x ? (x as { id: unknown }).id : undefined);
  return id(a) !== undefined && id(a) === id(b);
}

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
