import type { Context } from '../app/context.js';
import { AppError } from '../app/errors.js';
import { type AccountRow, findAccountByUri, findAccountByUsername } from '../accounts/accounts.repository.js';
import type { StatusRow } from '../statuses/statuses.repository.js';
import { findStatus, findStatusByUri } from '../statuses/statuses.repository.js';
import { loadStatuses } from '../statuses/status-cache.js';
import { visibleOne } from '../statuses/visibility.js';
import { searchAccounts } from './search-accounts.js';
import { historyDays } from './search.presenter.js';
import { type TagRow, searchStatusIds, searchTags, tagUsesSince } from './search.repository.js';
import { mayPageOrResolve, maySearchStatuses } from './search.policy.js';
import { planQuery } from './tokens.js';
import type { RemoteResolver } from './remote-resolver.js';
import { excludesAccount, exclusionsFor } from '../social/exclusions.js';
import { withoutExcluded } from '../timelines/without-excluded.js';

export const SEARCH_TYPES = ['accounts', 'hashtags', 'statuses'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

export interface SearchInput {
  q: string;
  type?: SearchType | undefined;
  resolve: boolean;
  following: boolean;
  account_id?: number | undefined;
  max_id?: number | undefined;
  min_id?: number | undefined;
  exclude_unreviewed: boolean;
  limit: number;
  /** Undefined when the client sent none (Mastodon refuses an offset, not its absence, without a token). */
  offset?: number | undefined;
}

export interface SearchResults {
  accounts: AccountRow[];
  statuses: StatusRow[];
  hashtags: TagRow[];
  /** Uses per tag id and UTC day, for the hashtags' history. */
  tagUses: Map<number, Map<string, { uses: number; accounts: number }>>;
  days: string[];
}

/**
 * GET /api/v2/search, as Mastodon's SearchService: a URL with `resolve`
 * finds the account or status behind it (this provider's, one stored here,
 * or, with a resolver, another server's fetched now); otherwise accounts,
 * statuses and hashtags by text (`name@host` with `resolve` and a resolver
 * fetched when unknown). Without `resolve`, nothing is fetched. `offset`
 * counts only with a `type`.
 */
export async function search(ctx: Context, viewer: AccountRow | null, input: SearchInput, resolver: RemoteResolver | null = null): Promise<SearchResults> {
  if (!mayPageOrResolve(viewer)) {
    if (input.offset !== undefined) throw new AppError('token_required', 'Search queries pagination is not supported without authentication');
    if (input.resolve) throw new AppError('token_required', 'Search queries that resolve remote resources are not supported without authentication');
  }
  const days = historyDays(ctx.clock.now());
  const results: SearchResults = { accounts: [], statuses: [], hashtags: [], tagUses: new Map(), days };
  const q = input.q.trim();
  if (!q || input.limit < 1) return results;
  const offset = input.type ? (input.offset ?? 0) : 0;
  const wants = (t: SearchType) => input.type === undefined || input.type === t;

  if (input.resolve && /^https?:\/\//i.test(q)) {
    if (offset > 0) return results;
    const found = (await resolveLocalUrl(ctx, viewer, q)) ?? (viewer && resolver ? await resolveRemoteUrl(ctx, viewer, resolver, q) : null);
    if (found?.kind === 'account' && wants('accounts')) results.accounts = [found.row];
    if (found?.kind === 'status' && wants('statuses')) results.statuses = [found.row];
    return results;
  }

  const hashish = q.startsWith('#');
  if (wants('accounts') && !(hashish || (q.includes('@') && q.includes(' ')))) {
    results.accounts = await searchAccounts(ctx, viewer, { q, limit: input.limit, offset, resolve: input.resolve && viewer !== null, following: input.following, resolver });
    // As Mastodon's AccountSearchService: not those the viewer blocks, mutes or is blocked by.
    const ex = await exclusionsFor(ctx, viewer ? Number(viewer.id) : null);
    const now = ctx.clock.now().getTime();
    results.accounts = results.accounts.filter((a) => !excludesAccount(ex, Number(a.id), now, a.domain));
  }
  if (wants('statuses') && maySearchStatuses(viewer) && !((hashish || q.includes('@')) && !q.includes(' '))) {
    const ids = await searchStatusIds(ctx.db, viewer, planQuery(q), { limit: input.limit, offset, accountId: input.account_id, maxId: input.max_id, minId: input.min_id });
    const rows = new Map((await loadStatuses(ctx, ids)).map((r) => [Number(r.id), r]));
    results.statuses = await withoutExcluded(
      ctx,
      await exclusionsFor(ctx, viewer ? Number(viewer.id) : null),
      ids.map((id) => rows.get(id)).filter((r): r is StatusRow => r !== undefined),
    );
  }
  if (wants('hashtags') && !q.includes('@')) {
    const name = q.replace(/^#+/, '').replace(/#$/, '').trim().toLowerCase();
    if (name) {
      results.hashtags = await searchTags(ctx.db, name, { limit: input.limit, offset });
      for (const u of await tagUsesSince(ctx.db, results.hashtags.map((t) => t.id), `${days[days.length - 1]}T00:00:00.000Z`)) {
        const m = results.tagUses.get(u.tag_id) ?? new Map<string, { uses: number; accounts: number }>();
        m.set(u.day, { uses: u.uses, accounts: u.accounts });
        results.tagUses.set(u.tag_id, m);
      }
    }
  }
  return results;
}

/** Another server's URL, fetched by the resolver (not this provider's own), as the viewer may see it. */
async function resolveRemoteUrl(ctx: Context, viewer: AccountRow, resolver: RemoteResolver, q: string): Promise<{ kind: 'account'; row: AccountRow } | { kind: 'status'; row: StatusRow } | null> {
  let origin: string;
  try {
    origin = new URL(q).origin;
  } catch {
    return null;
  }
  if (origin === new URL(ctx.config.publicUrl).origin) return null;
  const found = await resolver.url(q);
  if (!found) return null;
  if (found.kind === 'account') return found.row.closed_at ? null : found;
  const status = await visibleOne(ctx.db, viewer, found.row);
  return status && status.reblog_of_id === null && status.deleted_at === null ? { kind: 'status', row: status } : null;
}

/** A remote account or status stored here under this actor or object id, as the viewer may see it. */
async function resolveKnownRemote(ctx: Context, viewer: AccountRow | null, uri: string): Promise<{ kind: 'account'; row: AccountRow } | { kind: 'status'; row: StatusRow } | null> {
  const account = await findAccountByUri(ctx.db, uri);
  if (account) return account.closed_at ? null : { kind: 'account', row: account };
  const found = await findStatusByUri(ctx.db, uri);
  const status = found && found.deleted_at === null ? await visibleOne(ctx.db, viewer, found) : undefined;
  return status && status.reblog_of_id === null ? { kind: 'status', row: status } : null;
}

/** `{publicUrl}/@name` or `{publicUrl}/@name/:id` of this provider, as the viewer may see it; anything else is not ours to fetch. */
async function resolveLocalUrl(ctx: Context, viewer: AccountRow | null, q: string): Promise<{ kind: 'account'; row: AccountRow } | { kind: 'status'; row: StatusRow } | null> {
  let url: URL;
  let base: URL;
  try {
    url = new URL(q);
    base = new URL(ctx.config.publicUrl);
  } catch {
    return null;
  }
  // Another server's address: what is stored here under that ActivityPub id (fetching the unknown is federation's).
  if (url.origin !== base.origin) return resolveKnownRemote(ctx, viewer, q);
  const basePath = base.pathname.replace(/\/$/, '');
  if (!url.pathname.startsWith(`${basePath}/`)) return null;
  const m = /^\/@([a-z0-9_]{1,30})(?:\/(\d{1,15}))?\/?$/i.exec(url.pathname.slice(basePath.length));
  if (!m) return null;
  const account = await findAccountByUsername(ctx.db, m[1] as string);
  if (!account || account.closed_at) return null;
  if (m[2] === undefined) return { kind: 'account', row: account };
  const status = await visibleOne(ctx.db, viewer, await findStatus(ctx.db, Number(m[2])));
  if (!status || Number(status.account_id) !== Number(account.id) || status.reblog_of_id !== null) return null;
  return { kind: 'status', row: status };
}
