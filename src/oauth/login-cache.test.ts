import { describe, expect, it } from 'vitest';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { EntityCache } from '../app/entity-cache.js';
import { type CachedLogin, LoginCache } from './login-cache.js';

const login = (tokenId: number, accountId: number | null, operatorId: number | null = null): CachedLogin => ({
  token: { id: tokenId, app_id: 1, account_id: accountId, operator_id: operatorId, scopes: 'read' },
  account: accountId === null ? null : ({ id: accountId, username: `u${accountId}` } as unknown as AccountRow),
});

describe('LoginCache', () => {
  it('forgets a token by id, an account by id, and refuses what was read before a forget', () => {
    const cache = new LoginCache(100, 60_000);
    cache.fill(cache.mark(), 'd1', login(1, 10));
    cache.fill(cache.mark(), 'd2', login(2, 10));
    cache.fill(cache.mark(), 'd3', login(3, 11));
    cache.fill(cache.mark(), 'app', login(4, null));
    expect(cache.size).toBe(4);

    cache.forgetHere([1]);
    expect(cache.get('d1')).toBeUndefined();
    expect(cache.get('d2')?.token.id).toBe(2);

    cache.forgetAccountsHere([10]);
    expect(cache.get('d2')).toBeUndefined();
    expect(cache.get('d3')?.account?.id).toBe(11);
    expect(cache.get('app')?.account).toBeNull();

    // A read that began before a revocation committed must not be kept.
    const mark = cache.mark();
    cache.forgetHere([99]);
    cache.fill(mark, 'late', login(5, 12));
    expect(cache.get('late')).toBeUndefined();
  });

  it('never keeps an operator\'s token, and hands out rows nobody can change', () => {
    const cache = new LoginCache(100, 60_000);
    cache.fill(cache.mark(), 'op', login(1, 10, 20));
    expect(cache.get('op')).toBeUndefined();
    cache.fill(cache.mark(), 'own', login(2, 10));
    const row = cache.get('own')!.account as AccountRow;
    expect(() => {
      (row as { username: string }).username = 'changed';
    }).toThrow(TypeError);
  });

  it('keeps its indexes to what it holds when entries fall out, and stays empty with no TTL', () => {
    const cache = new LoginCache(2, 60_000);
    cache.fill(cache.mark(), 'a', login(1, 10));
    cache.fill(cache.mark(), 'b', login(2, 10));
    cache.fill(cache.mark(), 'c', login(3, 10));
    expect(cache.get('a')).toBeUndefined();
    // 'a' fell out: forgetting its token id must not remove the digest now held for another.
    cache.forgetHere([1]);
    expect(cache.get('b')?.token.id).toBe(2);
    expect(cache.get('c')?.token.id).toBe(3);
    const off = new LoginCache(100, 0);
    off.fill(off.mark(), 'a', login(1, 10));
    expect(off.get('a')).toBeUndefined();
  });

  it('follows the accounts cache: an account forgotten there, here or announced by another process, ends its logins', () => {
    const accounts = new EntityCache<{ n: number }>(100, 60_000);
    const logins = new LoginCache(100, 60_000);
    accounts.alsoForget((ids) => logins.forgetAccountsHere(ids));
    logins.fill(logins.mark(), 'd1', login(1, 10));
    logins.fill(logins.mark(), 'd2', login(2, 11));
    accounts.forget([10]);
    expect(logins.get('d1')).toBeUndefined();
    accounts.forgetHere([11]);
    expect(logins.get('d2')).toBeUndefined();
  });
});
