import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { loadGovProfiles } from '../verification/gov-profiles.repository.js';
import { provincesFollowed, suggestibleOrgans } from './discovery.repository.js';

/** Why an account is suggested, in Mastodon 4.3's words (`sources`), with the older single `source`. */
export type SuggestionSource = 'featured' | 'most_followed';

export interface Suggestion {
  account: AccountRow;
  sources: SuggestionSource[];
  source: 'staff' | 'global';
}

/**
 * The province a reader belongs to, from what the provider knows: a verified
 * account's own region; else the province of most of the verified organs it
 * follows (a citizen who follows 北京市公安局 and 北京市卫健委 reads Beijing);
 * else none. Citizens give no address at sign-up, and none is asked here.
 */
export async function readerProvince(ctx: Context, viewer: AccountRow): Promise<string | null> {
  const own = (await loadGovProfiles(ctx.db, [Number(viewer.id)])).get(Number(viewer.id));
  if (own?.province) return own.province;
  const [top] = await provincesFollowed(ctx.db, Number(viewer.id));
  return top ?? null;
}

/**
 * GET /api/v2/suggestions (关注本地政务号): verified organs of the reader's own
 * province first, labelled `featured` (the provider features them), then the
 * most followed verified organs anywhere, `most_followed`; never one the reader
 * follows, asked to follow, dismissed, or is.
 */
export async function listSuggestions(ctx: Context, viewer: AccountRow, limit: number): Promise<Suggestion[]> {
  const me = Number(viewer.id);
  const province = await readerProvince(ctx, viewer);
  const local = province === null ? [] : await suggestibleOrgans(ctx.db, me, province, [], limit);
  const rest = local.length >= limit ? [] : await suggestibleOrgans(ctx.db, me, null, local.map((a) => Number(a.id)), limit - local.length);
  return [
    ...local.map((account) => ({ account, sources: ['featured'] as SuggestionSource[], source: 'staff' as const })),
    ...rest.map((account) => ({ account, sources: ['most_followed'] as SuggestionSource[], source: 'global' as const })),
  ];
}
