import type { InfiniteData } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { Page } from './api';
import { dropStatuses, newQueryClient, pagesKey, prependTo, putRelationship, putStatus } from './query';
import type { Relationship, Status } from './types';

/** Just the fields the cache looks at and these tests read. */
function status(id: string, extra: Record<string, unknown> = {}): Status {
  return { id, content: `<p>${id}</p>`, favourites_count: 0, favourited: false, account: { id: `a${id}` }, reblog: null, quote: null, ...extra } as unknown as Status;
}

const pages = <T>(...lists: T[][]): InfiniteData<Page<T>, string | null> => ({
  pages: lists.map((items, i) => ({ items, next: i < lists.length - 1 ? `/next/${i}` : null, prev: null })),
  pageParams: lists.map((_x, i) => (i === 0 ? null : `/next/${i - 1}`)),
});

const itemsOf = <T>(d: InfiniteData<Page<T>, string | null> | undefined) => d?.pages.flatMap((p) => p.items) ?? [];

describe('the one cache of the web UI', () => {
  it('writes a favourite into every list, thread, boost and notification that shows the status, and nothing else', () => {
    const qc = newQueryClient();
    const post = status('1');
    const other = status('2');
    const home = pagesKey('/api/v1/timelines/home');
    qc.setQueryData(home, pages([other, status('3', { reblog: post })], [post]));
    qc.setQueryData(['status', '1'], post);
    qc.setQueryData(['notifications'], [{ id: 'n1', type: 'favourite', status: post }]);
    const untouched = qc.getQueryData<InfiniteData<Page<Status>>>(home)?.pages[0]?.items[0];

    putStatus(qc, { ...post, favourited: true, favourites_count: 1 });

    const [first, boost, again] = itemsOf(qc.getQueryData<InfiniteData<Page<Status>, string | null>>(home));
    expect(boost?.reblog).toMatchObject({ id: '1', favourited: true, favourites_count: 1 });
    expect(again).toMatchObject({ id: '1', favourited: true });
    expect(qc.getQueryData<Status>(['status', '1'])).toMatchObject({ favourited: true });
    expect(qc.getQueryData<{ status: Status }[]>(['notifications'])?.[0]?.status.favourited).toBe(true);
    // What the change does not touch keeps its identity, so React redraws only what changed.
    expect(first).toBe(untouched);
  });

  it('drops a deleted status from every list with its boosts and notifications, empties a quote of it, and keeps a thread’s own post', () => {
    const qc = newQueryClient();
    const gone = status('9');
    const home = pagesKey('/api/v1/timelines/home');
    qc.setQueryData(home, pages([status('1'), status('2', { reblog: gone })], [gone, status('4', { quote: { state: 'accepted', quoted_status: gone } })]));
    qc.setQueryData(['notifications'], [{ id: 'n1', status: gone }, { id: 'n2', status: status('5') }]);
    qc.setQueryData(['status', '9'], gone);

    dropStatuses(qc, (s) => s.id === '9');

    const left = itemsOf(qc.getQueryData<InfiniteData<Page<Status>, string | null>>(home));
    expect(left.map((s) => s.id)).toEqual(['1', '4']);
    expect(left[1]?.quote).toMatchObject({ state: 'deleted', quoted_status: null });
    expect(qc.getQueryData<{ id: string }[]>(['notifications'])?.map((n) => n.id)).toEqual(['n2']);
    expect(qc.getQueryData<Status>(['status', '9'])).toBe(gone);
  });

  it('puts a streamed post first once, keeping where "load more" goes', () => {
    const qc = newQueryClient();
    const home = pagesKey('/api/v1/timelines/home');
    qc.setQueryData(home, pages([status('2')], [status('1')]));
    prependTo(qc, home, status('3'));
    prependTo(qc, home, status('3'));
    const d = qc.getQueryData<InfiniteData<Page<Status>, string | null>>(home);
    expect(itemsOf(d).map((s) => s.id)).toEqual(['3', '2', '1']);
    expect(d?.pages.at(-1)?.next).toBeNull();
    expect(d?.pageParams).toEqual([null, '/next/0']);
  });

  it('writes a new relationship wherever the account’s relationship is cached', () => {
    const qc = newQueryClient();
    const rel = { id: '7', following: false, followed_by: false, blocking: false, muting: false, requested: false } as Relationship;
    qc.setQueryData(['relationship', '7'], rel);
    qc.setQueryData(['relationships', ['7', '8']], [rel, { ...rel, id: '8' }]);
    putRelationship(qc, { ...rel, following: true });
    expect(qc.getQueryData<Relationship>(['relationship', '7'])?.following).toBe(true);
    expect(qc.getQueryData<Relationship[]>(['relationships', ['7', '8']])?.map((r) => r.following)).toEqual([true, false]);
  });
});
