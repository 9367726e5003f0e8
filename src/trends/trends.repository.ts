import type { Executor } from '../db/database.js';

/** One use of a hashtag in a public, original status of an open account since `since`. */
export async function recentTagUses(db: Executor, since: string): Promise<{ tag_id: number; account_id: number; created_at: string }[]> {
  const rows = await db
    .selectFrom('statuses as s')
    .innerJoin('status_tags as st', 'st.status_id', 's.id')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .select(['st.tag_id', 's.account_id', 's.created_at'])
    .where('s.created_at', '>=', since)
    .where('s.visibility', '=', 'public')
    .where('s.reblog_of_id', 'is', null)
    .where('s.deleted_at', 'is', null)
    .where('a.closed_at', 'is', null)
    .where('a.silenced_at', 'is', null)
    .execute();
  return rows.map((r) => ({ tag_id: Number(r.tag_id), account_id: Number(r.account_id), created_at: r.created_at }));
}

/**
 * Statuses that could trend (Mastodon's Trends::Statuses eligibility): public,
 * original, not a reply, no content warning, not sensitive, by an open account
 * (nor silenced) that is discoverable or a verified government account, posted since `since`,
 * with at least `minInteractions` reblogs and favourites together.
 */
export async function trendCandidates(db: Executor, since: string, minInteractions: number): Promise<{ id: number; created_at: string; interactions: number }[]> {
  const rows = await db
    .selectFrom('statuses as s')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .leftJoin('gov_profiles as g', 'g.account_id', 's.account_id')
    .select(['s.id', 's.created_at', 's.reblogs_count', 's.favourites_count'])
    .where('s.created_at', '>=', since)
    .where('s.visibility', '=', 'public')
    .where('s.reblog_of_id', 'is', null)
    .where('s.in_reply_to_id', 'is', null)
    .where('s.deleted_at', 'is', null)
    .where('s.spoiler_text', '=', '')
    .where('s.sensitive', '=', 0)
    .where((eb) => eb(eb('s.reblogs_count', '+', eb.ref('s.favourites_count')), '>=', minInteractions))
    .where('a.closed_at', 'is', null)
    .where('a.silenced_at', 'is', null)
    .where((eb) => eb.or([eb('a.discoverable', '=', 1), eb('g.account_id', 'is not', null)]))
    .execute();
  return rows.map((r) => ({ id: Number(r.id), created_at: r.created_at, interactions: Number(r.reblogs_count) + Number(r.favourites_count) }));
}

export async function tagsByIds(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('tags').selectAll().where('id', 'in', [...ids]).execute();
}
