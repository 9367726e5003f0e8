import type { Executor } from '../db/database.js';
import type { AccountRow } from './accounts.repository.js';

/**
 * Mastodon's profile directory: every verified government account (their
 * presence is public by nature) and every account that opted in, open ones only.
 */
export async function listDirectory(db: Executor, q: { offset: number; limit: number; order: 'active' | 'new' }): Promise<AccountRow[]> {
  let query = db
    .selectFrom('accounts')
    .selectAll('accounts')
    // Only this provider's accounts: another server's are listed by their own (as Mastodon's `local` directory).
    .where('domain', 'is', null)
    .where('closed_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('discoverable', '=', 1),
        eb.exists(eb.selectFrom('gov_profiles').select('gov_profiles.account_id').whereRef('gov_profiles.account_id', '=', 'accounts.id')),
      ]),
    );
  query =
    q.order === 'new'
      ? query.orderBy('created_at', 'desc').orderBy('id', 'desc')
      : query.orderBy((eb) => eb.fn.coalesce('last_status_at', 'created_at'), 'desc').orderBy('id', 'desc');
  return query.offset(q.offset).limit(q.limit).execute();
}

export interface GovDirectoryQuery {
  /** Only accounts with a government profile (the census feed's default); else those and the discoverable ones. */
  verified: boolean;
  /** Keyset: ids greater than this. */
  afterId?: number;
  offset?: number;
  limit: number;
}

/** Rows of the census feed, ascending by id, each with its government profile if any. Closed accounts are included: the census decides what counts at its cut-off. */
export async function listGovDirectory(db: Executor, q: GovDirectoryQuery) {
  let query = db
    .selectFrom('accounts')
    .leftJoin('gov_profiles', 'gov_profiles.account_id', 'accounts.id')
    .select([
      'accounts.id',
      'accounts.username',
      'accounts.display_name',
      'accounts.created_at',
      'accounts.closed_at',
      'accounts.followers_count',
      'accounts.statuses_count',
      'gov_profiles.kind',
      'gov_profiles.organ',
      'gov_profiles.public_security',
      'gov_profiles.level',
      'gov_profiles.rank',
      'gov_profiles.province',
      'gov_profiles.verification',
      'gov_profiles.verified_at',
    ])
    // Never another server's account: the census counts each account once, at its home provider.
    .where('accounts.domain', 'is', null);
  // Without `verified`, the feed still lists only accounts whose presence is public: verified ones and those that opted in (Mastodon's `discoverable`), never a private citizen.
  query = q.verified
    ? query.where('gov_profiles.account_id', 'is not', null)
    : query.where((eb) => eb.or([eb('gov_profiles.account_id', 'is not', null), eb('accounts.discoverable', '=', 1)]));
  if (q.afterId !== undefined) query = query.where('accounts.id', '>', q.afterId);
  query = query.orderBy('accounts.id', 'asc').limit(q.limit);
  if (q.offset) query = query.offset(q.offset);
  return query.execute();
}

export type GovDirectoryRow = Awaited<ReturnType<typeof listGovDirectory>>[number];
