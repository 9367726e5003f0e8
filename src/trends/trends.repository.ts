import type { SelectQueryBuilder, Selectable } from 'kysely';
import type { PreviewCardProvidersTable } from '../cards/cards.table.js';
import type { Executor } from '../db/database.js';
import { type HiddenAuthors, moderationVisibleSql } from '../moderation/hidden-authors.js';
import type { IdWindow } from '../statuses/statuses.repository.js';

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
    // Local content only (CONTRACT: trends as Mastodon's default): another server's posts trend there.
    .where('a.domain', 'is', null)
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
    // Local content only (CONTRACT: trends as Mastodon's default): another server's posts trend there.
    .where('a.domain', 'is', null)
    .where((eb) => eb.or([eb('a.discoverable', '=', 1), eb('g.account_id', 'is not', null)]))
    .execute();
  return rows.map((r) => ({ id: Number(r.id), created_at: r.created_at, interactions: Number(r.reblogs_count) + Number(r.favourites_count) }));
}

export async function tagsByIds(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('tags').selectAll().where('id', 'in', [...ids]).execute();
}

/**
 * One share of a link that may trend since `since` (Mastodon's Trends::Links
 * registration): a public status, or a public reblog of one, by an open
 * account that is not silenced, of an original that is public, carries no
 * content warning, is not sensitive and whose author is open and not
 * silenced, showing a card fit for trends (PreviewCard#appropriate_for_trends?,
 * src/trends/review.ts says it in words). `cardIds` narrows it to those cards.
 * Originals and reblogs are read apart: joined as one on
 * `coalesce(reblog_of_id, id)`, the link ranking took 1.3 s against 0.4 s
 * this way over bench/discovery.ts's 300,000 statuses (SQLite).
 */
export async function recentLinkShares(db: Executor, since: string, cardIds?: readonly number[]): Promise<{ card_id: number; account_id: number; created_at: string }[]> {
  if (cardIds && cardIds.length === 0) return [];
  const sharer = <T extends SelectQueryBuilder<any, any, any>>(q: T): T =>
    q
      .where('s.created_at', '>=', since)
      .where('s.visibility', '=', 'public')
      .where('s.deleted_at', 'is', null)
      .where('a.closed_at', 'is', null)
      .where('a.silenced_at', 'is', null)
      .where('a.domain', 'is', null) as T;
  const fit = <T extends SelectQueryBuilder<any, any, any>>(q: T): T => {
    let out = q
      .where('o.visibility', '=', 'public')
      .where('o.deleted_at', 'is', null)
      .where('o.spoiler_text', '=', '')
      .where('o.sensitive', '=', 0)
      .where('oa.closed_at', 'is', null)
      .where('oa.silenced_at', 'is', null)
      .where('oa.domain', 'is', null)
      .where('c.usable', '=', 1)
      .where('c.type', '=', 'link')
      .where('c.link_type', '=', 'article')
      .where('c.title', '<>', '')
      .where('c.description', '<>', '')
      .where('c.image_key', 'is not', null)
      .where('c.provider_name', '<>', '');
    if (cardIds) out = out.where('sc.preview_card_id', 'in', [...cardIds]);
    return out as T;
  };
  const base = () => db.selectFrom('statuses as s').innerJoin('accounts as a', 'a.id', 's.account_id');
  const originals = fit(
    sharer(base().where('s.reblog_of_id', 'is', null))
      .innerJoin('statuses as o', 'o.id', 's.id')
      .innerJoin('accounts as oa', 'oa.id', 'o.account_id')
      .innerJoin('status_cards as sc', 'sc.status_id', 's.id')
      .innerJoin('preview_cards as c', 'c.id', 'sc.preview_card_id')
      .select(['sc.preview_card_id as card_id', 's.account_id', 's.created_at']),
  );
  const reblogs = fit(
    sharer(base().where('s.reblog_of_id', 'is not', null))
      .innerJoin('statuses as o', 'o.id', 's.reblog_of_id')
      .innerJoin('accounts as oa', 'oa.id', 'o.account_id')
      .innerJoin('status_cards as sc', 'sc.status_id', 'o.id')
      .innerJoin('preview_cards as c', 'c.id', 'sc.preview_card_id')
      .select(['sc.preview_card_id as card_id', 's.account_id', 's.created_at']),
  );
  const rows = [...(await originals.execute()), ...(await reblogs.execute())];
  return rows.map((r) => ({ card_id: Number(r.card_id), account_id: Number(r.account_id), created_at: String(r.created_at) }));
}

/** The review decisions of these tags. */
export async function tagReviews(db: Executor, ids: readonly number[]): Promise<{ id: number; trendable: number | null; reviewed_at: string | null }[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('tags').select(['id', 'trendable', 'reviewed_at']).where('id', 'in', [...ids]).execute();
  return rows.map((r) => ({ id: Number(r.id), trendable: r.trendable === null ? null : Number(r.trendable), reviewed_at: r.reviewed_at }));
}

/** The review decisions of these statuses, and whether each one's author is a verified government account. */
export async function statusReviews(db: Executor, ids: readonly number[]): Promise<{ id: number; trendable: number | null; verified: boolean }[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('statuses as s')
    .leftJoin('gov_profiles as g', 'g.account_id', 's.account_id')
    .select(['s.id', 's.trendable', 'g.account_id as gov'])
    .where('s.id', 'in', [...ids])
    .execute();
  return rows.map((r) => ({ id: Number(r.id), trendable: r.trendable === null ? null : Number(r.trendable), verified: r.gov !== null }));
}

export type PublisherRow = Selectable<PreviewCardProvidersTable>;

/** The publishers stored under any of these domains. */
export async function publishersOfDomains(db: Executor, domains: readonly string[]): Promise<PublisherRow[]> {
  if (domains.length === 0) return [];
  return db.selectFrom('preview_card_providers').selectAll().where('domain', 'in', [...new Set(domains)]).execute();
}

/** Marks these domains as waiting for review, creating their publisher rows (one already there is left as it is). */
export async function requestPublisherReview(db: Executor, domains: readonly string[], at: string): Promise<void> {
  const fresh = [...new Set(domains)];
  if (fresh.length === 0) return;
  await db
    .insertInto('preview_card_providers')
    .values(fresh.map((domain) => ({ domain, trendable: null, reviewed_at: null, requested_review_at: at, created_at: at, updated_at: at })))
    .onConflict((oc) => oc.column('domain').doNothing())
    .execute();
}

export async function findPublisher(db: Executor, id: number): Promise<PublisherRow | undefined> {
  return db.selectFrom('preview_card_providers').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Publishers by id, newest first, in Mastodon's id window. */
export async function listPublishers(db: Executor, w: IdWindow): Promise<PublisherRow[]> {
  let q = db.selectFrom('preview_card_providers').selectAll();
  if (w.maxId !== undefined) q = q.where('id', '<', w.maxId);
  if (w.sinceId !== undefined) q = q.where('id', '>', w.sinceId);
  if (w.minId !== undefined) q = q.where('id', '>', w.minId);
  const rows = await q.orderBy('id', w.minId !== undefined ? 'asc' : 'desc').limit(w.limit).execute();
  return w.minId !== undefined ? rows.reverse() : rows;
}

export async function decidePublisher(db: Executor, id: number, trendable: boolean, at: string): Promise<PublisherRow | undefined> {
  return db.updateTable('preview_card_providers').set({ trendable: trendable ? 1 : 0, reviewed_at: at, updated_at: at }).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function decideTag(db: Executor, id: number, trendable: boolean, at: string): Promise<boolean> {
  const r = await db.updateTable('tags').set({ trendable: trendable ? 1 : 0, reviewed_at: at }).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Only a public status can trend, so only one is decided on: a reviewer learns nothing of private ones here. */
export async function decideStatus(db: Executor, id: number, trendable: boolean): Promise<boolean> {
  const r = await db.updateTable('statuses').set({ trendable: trendable ? 1 : 0 }).where('id', '=', id).where('deleted_at', 'is', null).where('visibility', '=', 'public').executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function decideCard(db: Executor, id: number, trendable: boolean): Promise<boolean> {
  const r = await db.updateTable('preview_cards').set({ trendable: trendable ? 1 : 0 }).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function cardsByIds(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('preview_cards').selectAll().where('id', 'in', [...ids]).execute();
}

/** A card fit to show (usable) by its URL as stored. */
export async function usableCardByUrl(db: Executor, url: string) {
  return db.selectFrom('preview_cards').selectAll().where('url', '=', url).where('usable', '=', 1).executeTakeFirst();
}

/** The ids of one window of the public, original statuses showing this card, by discoverable or verified government authors none of `hidden` (Mastodon's LinkFeed). */
export async function linkTimelineIds(db: Executor, cardId: number, w: IdWindow, hidden: HiddenAuthors): Promise<number[]> {
  let q = db
    .selectFrom('status_cards as sc')
    .innerJoin('statuses', 'statuses.id', 'sc.status_id')
    .innerJoin('accounts as a', 'a.id', 'statuses.account_id')
    .leftJoin('gov_profiles as g', 'g.account_id', 'statuses.account_id')
    .select('statuses.id')
    .where('sc.preview_card_id', '=', cardId)
    .where('statuses.visibility', '=', 'public')
    .where('statuses.reblog_of_id', 'is', null)
    .where('statuses.deleted_at', 'is', null)
    .where((eb) => eb.or([eb('a.discoverable', '=', 1), eb('g.account_id', 'is not', null)]));
  const moderated = moderationVisibleSql(hidden);
  if (moderated) q = q.where(moderated);
  if (w.maxId !== undefined) q = q.where('statuses.id', '<', w.maxId);
  if (w.sinceId !== undefined) q = q.where('statuses.id', '>', w.sinceId);
  if (w.minId !== undefined) q = q.where('statuses.id', '>', w.minId);
  const rows = await q.orderBy('statuses.id', w.minId !== undefined ? 'asc' : 'desc').limit(w.limit).execute();
  return rows.map((r) => Number(r.id));
}
