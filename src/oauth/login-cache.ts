import { LRUCache } from 'lru-cache';
import { ForgettingCache } from '../app/forgetting-cache.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { TokenRow } from './oauth.repository.js';

/** What authentication found for a bearer token: the token's facts and the account it acts as (null: app-only). */
export interface CachedLogin {
  token: Pick<TokenRow, 'id' | 'app_id' | 'account_id' | 'operator_id' | 'scopes'>;
  account: Readonly<AccountRow> | null;
}

/**
 * Live bearer tokens as authentication found them, by the token's digest, so
 * that a client's every request does not read its token and its account's row
 * again. Coherent as the entity caches are (src/app/entity-cache.ts): a
 * revocation forgets the tokens it revoked (`changed(db, 'logins', ids)` in
 * the repository that revokes), any change to an account's row forgets that
 * account's logins (the accounts cache passes its forgets on), both after the
 * commit and in every process (src/app/cache-bus.ts, src/cli/cluster.ts); and
 * `fill` refuses what was read before the latest forget. An operator's token
 * is never kept: it also depends on the organ keeping the operator on.
 */
export class LoginCache extends ForgettingCache {
  private readonly lru: LRUCache<string, CachedLogin> | null;
  /** Token id -> digest, and account id -> digests: what a forget by id needs. */
  private readonly digestOf = new Map<number, string>();
  private readonly digestsOfAccount = new Map<number, Set<string>>();

  constructor(max: number, ttlMs: number) {
    super();
    this.lru =
      ttlMs > 0 && max > 0
        ? new LRUCache<string, CachedLogin>({
            max,
            ttl: ttlMs,
            ttlAutopurge: false,
            updateAgeOnGet: false,
            dispose: (login, digest) => this.unindex(login, digest),
          })
        : null;
  }

  protected get enabled(): boolean {
    return this.lru !== null;
  }

  get(digest: string): CachedLogin | undefined {
    return this.lru?.get(digest);
  }

  /** Keeps what was read since `mark`, unless something was forgotten meanwhile. */
  fill(mark: number, digest: string, login: CachedLogin): void {
    if (!this.lru || mark !== this.epoch || login.token.operator_id !== null) return;
    // Shared by every request that carries the token: nobody may change it.
    if (login.account) Object.freeze(login.account);
    this.lru.set(digest, Object.freeze(login));
    this.digestOf.set(Number(login.token.id), digest);
    if (login.account) {
      const id = Number(login.account.id);
      const set = this.digestsOfAccount.get(id) ?? new Set<string>();
      set.add(digest);
      this.digestsOfAccount.set(id, set);
    }
  }

  /** Forgets these tokens in this process only (what another process announced). */
  forgetHere(tokenIds: Iterable<number>): void {
    this.epoch++;
    if (!this.lru) return;
    for (const id of tokenIds) {
      const digest = this.digestOf.get(id);
      if (digest !== undefined) this.lru.delete(digest);
    }
  }

  /** Forgets the logins of these accounts in this process (their rows changed; the accounts cache tells every process). */
  forgetAccountsHere(accountIds: Iterable<number>): void {
    this.epoch++;
    if (!this.lru) return;
    for (const id of accountIds) for (const digest of [...(this.digestsOfAccount.get(id) ?? [])]) this.lru.delete(digest);
  }

  get size(): number {
    return this.lru?.size ?? 0;
  }

  private unindex(login: CachedLogin, digest: string): void {
    const id = Number(login.token.id);
    if (this.digestOf.get(id) === digest) this.digestOf.delete(id);
    if (!login.account) return;
    const set = this.digestsOfAccount.get(Number(login.account.id));
    set?.delete(digest);
    if (set?.size === 0) this.digestsOfAccount.delete(Number(login.account.id));
  }
}
