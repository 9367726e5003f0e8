/**
 * The UI's one cache of what the API answered (TanStack Query): every view
 * reads through it, and a change to a status or a relationship is written
 * into every cached answer that holds it, so two views showing the same post
 * (a post and a boost of it, a pinned post and the same post in the profile's
 * list, a thread and the timeline behind it) agree at once.
 */
import { type InfiniteData, QueryClient, type QueryKey, useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import type { Page, Query } from './api';
import { useSession } from './session';
import type { Relationship, Status } from './types';

export function newQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // An API error (a 404, a 403) is an answer to show, not a network blip to hide behind retries.
        retry: false,
        // Focus and reconnection do not reload lists under the reader's eyes; the streams and mutations keep them current.
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
      },
    },
  });
}

/** The key of a list read page by page: its path and its query. */
export function pagesKey(path: string, query?: Query): QueryKey {
  return ['pages', path, query ?? {}];
}

export interface Pages<T> {
  items: T[];
  error: unknown;
  loading: boolean;
  /** Whether the Link header named an older page. */
  hasMore: boolean;
  /** Whether the first page has arrived (an empty list is then known to be empty). */
  loaded: boolean;
  loadMore: () => void;
  reload: () => void;
  /** Edits the cached pages of this list (dropping an item, putting one first). */
  edit: (change: (items: T[]) => T[]) => void;
}

/** A list read page by page through the API's Link headers ("load more" follows rel="next"); `path` null reads nothing. */
export function usePages<T>(path: string | null, query?: Query): Pages<T> {
  const { api } = useSession();
  const qc = useQueryClient();
  const key = pagesKey(path ?? '', query);
  const q = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => (pageParam ? api.page<T>(pageParam) : api.page<T>(path ?? '', query)),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
    enabled: path !== null,
  });
  const items = useMemo(() => (path === null ? [] : (q.data?.pages.flatMap((p) => p.items) ?? [])), [q.data, path]);
  const { fetchNextPage, refetch, isFetchingNextPage } = q;
  const hash = JSON.stringify(key);
  const loadMore = useCallback(() => {
    if (!isFetchingNextPage) void fetchNextPage();
  }, [fetchNextPage, isFetchingNextPage]);
  const reload = useCallback(() => void refetch(), [refetch]);
  const edit = useCallback(
    (change: (items: T[]) => T[]) => editPages<T>(qc, JSON.parse(hash) as QueryKey, change),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [qc, hash],
  );
  return {
    items,
    error: path === null ? null : q.error,
    loading: path !== null && (q.isLoading || q.isFetchingNextPage || (q.isRefetching && items.length === 0)),
    hasMore: path !== null && q.hasNextPage,
    loaded: path !== null && q.isSuccess,
    loadMore,
    reload,
    edit,
  };
}

/**
 * Edits the items of a cached paged list as one array. They are kept in the first page: the pages' own
 * Link paths (where "load more" and a refetch go) stay as they were, and a refetch splits them again.
 */
function editPages<T>(qc: QueryClient, key: QueryKey, change: (items: T[]) => T[]): void {
  qc.setQueryData<InfiniteData<Page<T>, string | null>>(key, (old) => {
    if (!old) return old;
    const all = old.pages.flatMap((p) => p.items);
    const next = change(all);
    return next === all ? old : { ...old, pages: old.pages.map((p, i) => ({ ...p, items: i === 0 ? next : [] })) };
  });
}

/** Puts an item first in a cached paged list unless one with its id is there already. */
export function prependTo<T extends { id: string }>(qc: QueryClient, key: QueryKey, item: T): void {
  editPages<T>(qc, key, (items) => (items.some((x) => x.id === item.id) ? items : [item, ...items]));
}

const DROP = Symbol('drop');

function isStatus(x: Record<string, unknown>): boolean {
  return typeof x.id === 'string' && typeof x.content === 'string' && typeof x.favourites_count === 'number' && typeof x.account === 'object';
}

function isRelationship(x: Record<string, unknown>): boolean {
  return typeof x.id === 'string' && typeof x.following === 'boolean' && typeof x.followed_by === 'boolean' && typeof x.blocking === 'boolean';
}

/**
 * Rewrites a cached answer, sharing everything it does not change. `visit`
 * sees each status (inner ones first, so a boost's post before the boost) and
 * each relationship, and returns it, its replacement, or DROP; something that
 * holds a dropped status (a boost, a notification) is dropped with it, a quote
 * of it is emptied, and lists lose what is dropped.
 */
function rewrite(x: unknown, visit: (o: Record<string, unknown>) => unknown): unknown {
  if (Array.isArray(x)) {
    let changed = false;
    const out: unknown[] = [];
    for (const el of x) {
      const r = rewrite(el, visit);
      if (r !== el) changed = true;
      if (r !== DROP) out.push(r);
    }
    return changed ? out : x;
  }
  if (!x || typeof x !== 'object') return x;
  const obj = x as Record<string, unknown>;
  let copy: Record<string, unknown> | null = null;
  for (const [k, v] of Object.entries(obj)) {
    if (!v || typeof v !== 'object') continue;
    const r = rewrite(v, visit);
    if (r === DROP) {
      // A post quoting a gone one stays, its quote saying so as Mastodon's does (state `deleted`, no status).
      if (k === 'quoted_status') {
        copy = { ...(copy ?? obj), quoted_status: null, state: 'deleted' };
        continue;
      }
      // A boost goes with its post, a notification with its status.
      if (!isStatus(obj) || k === 'reblog') return DROP;
      (copy ??= { ...obj })[k] = null;
      continue;
    }
    if (r !== v) (copy ??= { ...obj })[k] = r;
  }
  const next = copy ?? obj;
  return isStatus(next) || isRelationship(next) ? visit(next) : next;
}

function rewriteAll(qc: QueryClient, visit: (o: Record<string, unknown>) => unknown): void {
  qc.setQueriesData({}, (old: unknown) => {
    if (old === undefined) return old;
    const r = rewrite(old, visit);
    // The answer that is itself the status (a thread's post) stays: its page says what became of it.
    return r === DROP ? old : r;
  });
}

/** Writes a status's new state (counts, favourited, poll, edit…) into every cached answer that shows it. */
export function putStatus(qc: QueryClient, s: Status): void {
  rewriteAll(qc, (o) => (isStatus(o) && o.id === s.id ? s : o));
}

/** Removes the statuses `gone` names (deleted, by a muted author…) from every cached list, with the boosts and notifications of them. */
export function dropStatuses(qc: QueryClient, gone: (s: Status) => boolean): void {
  rewriteAll(qc, (o) => (isStatus(o) && gone(o as unknown as Status) ? DROP : o));
}

/** Writes the reader's new relationship to an account into every cached answer that holds one. */
export function putRelationship(qc: QueryClient, rel: Relationship): void {
  rewriteAll(qc, (o) => (isRelationship(o) && o.id === rel.id ? rel : o));
}
