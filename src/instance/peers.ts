import type { Context } from '../app/context.js';
import { loadDomainRules, ruleFor } from '../moderation/domain-policy.js';

/**
 * GET /api/v1/instance/peers, as Mastodon's: the domains of the remote
 * accounts known here (accounts.domain, `host` or `host:port`), sorted, less
 * those under a suspension. The census's --discover walks them.
 */
export async function instancePeers(ctx: Context): Promise<string[]> {
  const rows = await ctx.db.selectFrom('accounts').select('domain').distinct().where('domain', 'is not', null).execute();
  const rules = await loadDomainRules(ctx);
  return rows
    .map((r) => r.domain as string)
    .filter((d) => ruleFor(rules, d)?.severity !== 'suspend')
    .sort();
}

/** GET /api/v1/peers/search: the peers whose domain begins with `q` (Mastodon's autocomplete), at most 10. */
export async function searchPeers(ctx: Context, q: string | undefined): Promise<string[]> {
  const prefix = (q ?? '').trim().toLowerCase();
  if (!prefix) return [];
  return (await instancePeers(ctx)).filter((d) => d.startsWith(prefix)).slice(0, 10);
}
