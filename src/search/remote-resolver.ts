import type { AccountRow } from '../accounts/accounts.repository.js';
import type { StatusRow } from '../statuses/statuses.repository.js';

/**
 * What finds another server's account or status that is not stored here yet
 * (search with `resolve=true`): federation's (src/federation/resolve.ts),
 * handed to the search use cases by the HTTP route when the provider
 * federates. Search itself never reaches the network; without a resolver,
 * `resolve` finds only what is stored.
 */
export interface RemoteResolver {
  /** The account `username@host` names (WebFinger at `host`), fetched and stored; null when there is none to be had. */
  account(username: string, host: string): Promise<AccountRow | null>;
  /** The account or status an http(s) URL of another server names, fetched and stored; null when it is neither. */
  url(url: string): Promise<{ kind: 'account'; row: AccountRow } | { kind: 'status'; row: StatusRow } | null>;
}
