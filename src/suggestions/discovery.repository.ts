import { sql } from 'kysely';
import type { Executor } from '../db/database.js';
import type { AccountRow } from '../accounts/accounts.repository.js';

/** The viewer's notes on these accounts, by target id (absent: none). */
export async function notesOn(db: Executor, me: number, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('account_notes').select(['target_account_id', 'comment']).where('account_id', '=', me).where('target_account_id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [Number(r.target_account_id), r.comment]));
}

/** Saves the note; an empty one removes it. */
export async function saveNote(db: Executor, me: number, target: number, comment: string, now: string): Promise<void> {
  if (comment === '') {
    await db.deleteFrom('account_notes').where('account_id', '=', me).where('target_account_id', '=', target).execute();
    return;
  }
  await db
    .insertInto('account_notes')
    .values({ account_id: me, target_account_id: target, comment, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['account_id', 'target_account_id']).doUpdateSet({ comment, updated_at: now }))
    .execute();
}

/** Which of these accounts the viewer endorses. */
export async function endorsedAmong(db: Executor, me: number, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('account_pins').select('target_account_id').where('account_id', '=', me).where('target_account_id', 'in', [...ids]).execute();
  return new Set(rows.map((r) => Number(r.target_account_id)));
}

export async function insertPin(db: Executor, me: number, target: number, now: string): Promise<void> {
  await db
    .insertInto('account_pins')
    .values({ account_id: me, target_account_id: target, created_at: now })
    .onConflict((oc) => oc.columns(['account_id', 'target_account_id']).doNothing())
    .execute();
}

export async function deletePin(db: Executor, me: number, target: number): Promise<void> {
  await db.deleteFrom('account_pins').where('account_id', '=', me).where('target_account_id', '=', target).execute();
}

/** The open accounts an account endorses, newest endorsement first, paged by the pin's id. */
export async function pageEndorsed(db: Executor, accountId: number, page: { maxId?: number | undefined; sinceId?: number | undefined; minId?: number | undefined; limit: number }) {
  let q = db
    .selectFrom('account_pins')
    .innerJoin('accounts', 'accounts.id', 'account_pins.target_account_id')
    .selectAll('accounts')
    .select('account_pins.id as pin_id')
    .where('account_pins.account_id', '=', accountId)
    .where('accounts.closed_at', 'is', null);
  if (page.maxId !== undefined) q = q.where('account_pins.id', '<', page.maxId);
  if (page.sinceId !== undefined) q = q.where('account_pins.id', '>', page.sinceId);
  if (page.minId !== undefined) {
    const rows = await q.where('account_pins.id', '>', page.minId).orderBy('account_pins.id', 'asc').limit(page.limit).execute();
    return rows.reverse();
  }
  return q.orderBy('account_pins.id', 'desc').limit(page.limit).execute();
}

/** For each target: the open accounts the viewer follows that follow it (Mastodon's familiar followers), at most `per` each. */
export async function familiarFollowersOf(db: Executor, me: number, targets: readonly number[], per: number): Promise<Map<number, AccountRow[]>> {
  const out = new Map<number, AccountRow[]>(targets.map((t) => [t, []]));
  if (targets.length === 0) return out;
  const rows = await db
    .selectFrom('follows as theirs')
    .innerJoin('follows as mine', (j) => j.onRef('mine.target_account_id', '=', 'theirs.account_id').on('mine.account_id', '=', me))
    .innerJoin('accounts', 'accounts.id', 'theirs.account_id')
    .selectAll('accounts')
    .select('theirs.target_account_id as familiar_of')
    .where('theirs.target_account_id', 'in', [...targets])
    .where('accounts.closed_at', 'is', null)
    .where('accounts.id', '!=', me)
    .orderBy('theirs.id', 'desc')
    .execute();
  for (const { familiar_of, ...account } of rows) {
    const list = out.get(Number(familiar_of));
    if (list && list.length < per) list.push(account as AccountRow);
  }
  return out;
}

export async function insertDismissal(db: Executor, me: number, target: number, now: string): Promise<void> {
  await db
    .insertInto('suggestion_dismissals')
    .values({ account_id: me, target_account_id: target, created_at: now })
    .onConflict((oc) => oc.columns(['account_id', 'target_account_id']).doNothing())
    .execute();
}

/** The provinces of the verified organs an account follows, the most followed first. */
export async function provincesFollowed(db: Executor, me: number): Promise<string[]> {
  const rows = await db
    .selectFrom('follows')
    .innerJoin('gov_profiles', 'gov_profiles.account_id', 'follows.target_account_id')
    .select(['gov_profiles.province', (eb) => eb.fn.countAll<number>().as('n')])
    .where('follows.account_id', '=', me)
    .where('gov_profiles.kind', '=', 'institutional')
    .where('gov_profiles.province', 'is not', null)
    .groupBy('gov_profiles.province')
    .orderBy('n', 'desc')
    .orderBy('gov_profiles.province')
    .execute();
  return rows.map((r) => r.province as string);
}

/**
 * Open, unsilenced verified organs the viewer neither follows, nor asked to follow, nor
 * dismissed, nor is: in one province (or any, for null), most followed first,
 * leaving out `skip`.
 */
export async function suggestibleOrgans(db: Executor, me: number, province: string | null, skip: readonly number[], limit: number): Promise<AccountRow[]> {
  let q = db
    .selectFrom('gov_profiles')
    .innerJoin('accounts', 'accounts.id', 'gov_profiles.account_id')
    .selectAll('accounts')
    .where('gov_profiles.kind', '=', 'institutional')
    // This provider's accounts only (gov_profiles holds none other; said again so that it stays so).
    .where('accounts.domain', 'is', null)
    .where('accounts.closed_at', 'is', null)
    .where('accounts.silenced_at', 'is', null)
    .where('accounts.id', '!=', me)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('follows').select(sql.lit(1).as('x')).where('follows.account_id', '=', me).whereRef('follows.target_account_id', '=', 'accounts.id'))),
    )
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('follow_requests').select(sql.lit(1).as('x')).where('follow_requests.account_id', '=', me).whereRef('follow_requests.target_account_id', '=', 'accounts.id'))),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('suggestion_dismissals').select(sql.lit(1).as('x')).where('suggestion_dismissals.account_id', '=', me).whereRef('suggestion_dismissals.target_account_id', '=', 'accounts.id'),
        ),
      ),
    );
  if (province !== null) q = q.where('gov_profiles.province', '=', province);
  if (skip.length > 0) q = q.where('accounts.id', 'not in', [...skip]);
  return q.orderBy('accounts.followers_count', 'desc').orderBy('accounts.id').limit(limit).execute();
}
