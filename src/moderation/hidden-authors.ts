import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Context } from '../app/context.js';

/**
 * Whose statuses the public and hashtag timelines leave out: the moderation
 * part of those queries, kept apart from their other conditions so that each
 * concern reads alone.
 */

/** The accounts whose statuses leave the public timelines, as last read: closed (suspended) and silenced. */
interface ModeratedAccounts {
  /** The accounts cache's mark when it was read: any account forgotten since (here or, through the bus, elsewhere) makes it stale. */
  mark: number;
  readAt: number;
  closed: number[];
  silenced: number[];
}

const moderatedByCache = new WeakMap<object, ModeratedAccounts>();

/**
 * The closed and the silenced accounts, read through the partial indexes
 * `accounts_closed` and `accounts_silenced` (few accounts each) and kept for
 * as long as no account changes and the cache's time to live allows: a
 * moderation act changes the account, whose forget (in every process) makes
 * the set stale, so the public timelines cost nothing for it while nothing
 * changes and one small query when something did.
 */
async function moderatedAccounts(ctx: Context): Promise<ModeratedAccounts> {
  const key = ctx.cache.accounts;
  const mark = key.mark();
  const now = ctx.clock.now().getTime();
  const hit = moderatedByCache.get(key);
  if (hit && hit.mark === mark && now - hit.readAt < ctx.config.cacheTtl * 1000) return hit;
  const { rows } = await sql<{ id: number; closed: number }>`
    select id, 1 as closed from accounts where closed_at is not null
    union all
    select id, 0 as closed from accounts where silenced_at is not null`.execute(ctx.db);
  const fresh: ModeratedAccounts = {
    mark,
    readAt: now,
    closed: rows.filter((r) => Number(r.closed) === 1).map((r) => Number(r.id)),
    silenced: rows.filter((r) => Number(r.closed) === 0).map((r) => Number(r.id)),
  };
  moderatedByCache.set(key, fresh);
  return fresh;
}

/** The authors the public and hashtag timelines leave out. */
export interface HiddenAuthors {
  /** Closed (suspended). */
  closed: readonly number[];
  /** Silenced (Mastodon's `limited`): as Mastodon's PublicFeed (`Account.without_silenced`), hidden there from everyone, followers and the account itself too; followers still get its posts at home. */
  silenced: readonly number[];
}

/** The moderated accounts as last read (the viewer does not change them: a silenced account leaves the public timelines for all). */
export async function hiddenAuthorsFor(ctx: Context): Promise<HiddenAuthors> {
  const { closed, silenced } = await moderatedAccounts(ctx);
  return { closed, silenced };
}

/**
 * The condition on the statuses row `alias` that leaves those authors out,
 * in the query that cuts the page; null when there are none (the usual case:
 * then no condition at all). Looked up for every status of the page instead
 * (an `exists` on accounts), the condition cost the page cut 1.8 times on
 * SQLite and 3.4 times on PostgreSQL, mostly in planning
 * (bench/public-timeline.ts).
 */
export function moderationVisibleSql(hidden: HiddenAuthors | undefined, alias = 'statuses'): RawBuilder<SqlBool> | null {
  if (!hidden) return null;
  const out = [...hidden.closed, ...hidden.silenced];
  if (out.length === 0) return null;
  return sql<SqlBool>`${sql.ref(`${alias}.account_id`)} not in (${sql.join(out)})`;
}
