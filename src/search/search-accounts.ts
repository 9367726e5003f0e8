import type { Context } from '../app/context.js';
import { type AccountRow, findAccountByAcct, findAccountsByIds } from '../accounts/accounts.repository.js';
import { isFollowing } from '../social/follows.repository.js';
import { searchAccountIds } from './search.repository.js';
import { minQueryChars } from './search.policy.js';
import { planQuery } from './tokens.js';
import type { RemoteResolver } from './remote-resolver.js';

export interface AccountSearchInput {
  q: string;
  limit: number;
  offset: number;
  resolve: boolean;
  following: boolean;
  /** With `resolve`: fetches `name@host` of another server when it is not stored yet. */
  resolver?: RemoteResolver | null | undefined;
}

/** `name`, `@name`, `name@host` or `@name@host`: what may name one account exactly. */
const ACCT = /^@?([a-z0-9_]{1,30})(?:@([a-z0-9.-]+(?::\d+)?))?$/i;

/**
 * Accounts by name, handle or verification text (GET /api/v1/accounts/search,
 * and the accounts of /api/v2/search). A query naming a local account
 * exactly (`name`, `@name`, `name@thishost`) puts it first; so does another
 * server's `name@host` when that account is known here, or, with `resolve`
 * and a resolver, once it has been fetched (federation's).
 */
export async function searchAccounts(ctx: Context, viewer: AccountRow | null, input: AccountSearchInput): Promise<AccountRow[]> {
  const q = input.q.trim();
  if (!q || input.limit < 1) return [];
  const me = viewer ? Number(viewer.id) : undefined;
  const following = input.following && me !== undefined;
  let words = q;
  let exact: AccountRow | undefined;
  let remote = false;
  const acct = ACCT.exec(q);
  if (acct) {
    const host = acct[2]?.toLowerCase();
    remote = host !== undefined && host !== ctx.config.provider.toLowerCase();
    words = acct[1] as string;
    if (input.offset === 0) {
      const found = await findAccountByAcct(ctx.db, q, ctx.config.provider);
      const resolved = !found && remote && input.resolve && input.resolver ? await input.resolver.account(acct[1] as string, host as string) : undefined;
      const one = found ?? resolved ?? undefined;
      if (one && !one.closed_at && (!following || Number(one.id) === me || (await isFollowing(ctx.db, me as number, Number(one.id))))) exact = one;
    }
  }
  // `name@elsewhere` names one account: the words of its name would find local namesakes instead.
  if (remote) return exact ? [exact] : [];
  const rest = [...words.replace(/^@/, '')].length >= minQueryChars(viewer) ? await searchAccountIds(ctx.db, planQuery(words.replace(/^@/, '')), { limit: input.limit, offset: input.offset, followedBy: following ? me : undefined }) : [];
  const ids = [...new Set([...(exact ? [Number(exact.id)] : []), ...rest])].slice(0, input.limit);
  const rows = new Map((await findAccountsByIds(ctx.db, ids.filter((id) => id !== Number(exact?.id)))).map((r) => [Number(r.id), r]));
  if (exact) rows.set(Number(exact.id), exact);
  return ids.map((id) => rows.get(id)).filter((r): r is AccountRow => r !== undefined && !r.closed_at);
}
