import type { Insertable } from 'kysely';
import type { Executor } from '../db/database.js';
import { deleteNotifications } from './notifications.repository.js';
import type { FollowsTable } from './social.table.js';

/** Of these accounts, the ones of other servers: their follows are marked `remote`. */
async function remoteAmong(db: Executor, accountIds: readonly number[]): Promise<Set<number>> {
  const ids = [...new Set(accountIds.map(Number))];
  const out = new Set<number>();
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db.selectFrom('accounts').select('id').where('id', 'in', ids.slice(i, i + 1000)).where('domain', 'is not', null).execute();
    for (const r of rows) out.add(Number(r.id));
  }
  return out;
}

/** Inserts follows in batches, skipping pairs that exist, each marked `remote` from its follower's domain; counters are the caller's business. */
export async function insertFollows(db: Executor, rows: readonly Insertable<FollowsTable>[]): Promise<void> {
  const remote = await remoteAmong(
    db,
    rows.map((r) => Number(r.account_id)),
  );
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto('follows')
      .values(rows.slice(i, i + 1000).map((r) => ({ ...r, remote: remote.has(Number(r.account_id)) ? 1 : 0 })))
      .onConflict((oc) => oc.columns(['account_id', 'target_account_id']).doNothing())
      .execute();
  }
}

/** Inserts one follow (marked `remote` when the follower is of another server); undefined when it existed already. */
export async function insertFollow(db: Executor, accountId: number, targetId: number, at: string): Promise<number | undefined> {
  const remote = (await remoteAmong(db, [accountId])).size > 0 ? 1 : 0;
  const row = await db
    .insertInto('follows')
    .values({ account_id: accountId, target_account_id: targetId, created_at: at, remote })
    .onConflict((oc) => oc.columns(['account_id', 'target_account_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row ? Number(row.id) : undefined;
}

/** Ends a follow and the notification that announced it (as Mastodon, whose follow owns its notification); false when there was none. */
export async function deleteFollow(db: Executor, accountId: number, targetId: number): Promise<boolean> {
  const r = await db.deleteFrom('follows').where('account_id', '=', accountId).where('target_account_id', '=', targetId).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) return false;
  await deleteNotifications(db, { type: 'follow', fromAccountId: accountId, accountId: targetId });
  return true;
}

export async function isFollowing(db: Executor, accountId: number, targetId: number): Promise<boolean> {
  const row = await db.selectFrom('follows').select('id').where('account_id', '=', accountId).where('target_account_id', '=', targetId).executeTakeFirst();
  return row !== undefined;
}

/** Whether any account of another server follows this one: one probe of follows_remote_target. */
export async function hasRemoteFollower(db: Executor, accountId: number): Promise<boolean> {
  const row = await db.selectFrom('follows').select('id').where('target_account_id', '=', accountId).where('remote', '=', 1).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Follows out and in, counted from the rows (the follow limit must not trust a drifting counter). */
export async function countFollows(db: Executor, accountId: number, direction: 'following' | 'followers'): Promise<number> {
  const column = direction === 'following' ? 'account_id' : 'target_account_id';
  const row = await db
    .selectFrom('follows')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where(column, '=', accountId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Records a follow request; undefined when the same request is pending already. */
export async function insertFollowRequest(db: Executor, accountId: number, targetId: number, at: string): Promise<number | undefined> {
  const row = await db
    .insertInto('follow_requests')
    .values({ account_id: accountId, target_account_id: targetId, created_at: at })
    .onConflict((oc) => oc.columns(['account_id', 'target_account_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row ? Number(row.id) : undefined;
}

export async function hasFollowRequest(db: Executor, accountId: number, targetId: number): Promise<boolean> {
  const row = await db.selectFrom('follow_requests').select('id').where('account_id', '=', accountId).where('target_account_id', '=', targetId).executeTakeFirst();
  return row !== undefined;
}

/** Removes a pending request and the notification that announced it; false when there was none. */
export async function deleteFollowRequest(db: Executor, accountId: number, targetId: number): Promise<boolean> {
  const r = await db.deleteFrom('follow_requests').where('account_id', '=', accountId).where('target_account_id', '=', targetId).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) return false;
  await deleteNotifications(db, { type: 'follow_request', fromAccountId: accountId, accountId: targetId });
  return true;
}

/** Who asked to follow the account, oldest first, up to `limit`. */
/** How many accounts wait for this one to decide on their follow request. */
export async function countFollowRequestsTo(db: Executor, targetId: number): Promise<number> {
  const row = await db.selectFrom('follow_requests').select((eb) => eb.fn.countAll().as('n')).where('target_account_id', '=', targetId).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function pendingRequesterIds(db: Executor, targetId: number, limit: number): Promise<number[]> {
  const rows = await db.selectFrom('follow_requests').select('account_id').where('target_account_id', '=', targetId).orderBy('id', 'asc').limit(limit).execute();
  return rows.map((r) => Number(r.account_id));
}

/** The accounts that asked to follow this one, newest request first, paged by the request's id (Mastodon's GET /api/v1/follow_requests). */
export async function pageFollowRequests(
  db: Executor,
  targetId: number,
  page: { maxId?: number | undefined; sinceId?: number | undefined; minId?: number | undefined; limit: number },
) {
  let q = db
    .selectFrom('follow_requests')
    .innerJoin('accounts', 'accounts.id', 'follow_requests.account_id')
    .selectAll('accounts')
    .select('follow_requests.id as request_id')
    .where('follow_requests.target_account_id', '=', targetId)
    .where('accounts.closed_at', 'is', null);
  if (page.maxId !== undefined) q = q.where('follow_requests.id', '<', page.maxId);
  if (page.sinceId !== undefined) q = q.where('follow_requests.id', '>', page.sinceId);
  if (page.minId !== undefined) q = q.where('follow_requests.id', '>', page.minId);
  const rows = await q.orderBy('follow_requests.id', page.minId !== undefined ? 'asc' : 'desc').limit(page.limit).execute();
  return page.minId !== undefined ? rows.reverse() : rows;
}

/** For the Relationship entity: which of `ids` the account follows or asked to, and which follow it or asked to. */
export async function relationsAmong(db: Executor, me: number, ids: readonly number[]) {
  if (ids.length === 0) return { following: new Set<number>(), followedBy: new Set<number>(), requested: new Set<number>(), requestedBy: new Set<number>() };
  const list = [...ids];
  const [out, inc, asked, askedBy] = await Promise.all([
    db.selectFrom('follows').select('target_account_id as id').where('account_id', '=', me).where('target_account_id', 'in', list).execute(),
    db.selectFrom('follows').select('account_id as id').where('target_account_id', '=', me).where('account_id', 'in', list).execute(),
    db.selectFrom('follow_requests').select('target_account_id as id').where('account_id', '=', me).where('target_account_id', 'in', list).execute(),
    db.selectFrom('follow_requests').select('account_id as id').where('target_account_id', '=', me).where('account_id', 'in', list).execute(),
  ]);
  const set = (rows: { id: number }[]) => new Set(rows.map((r) => Number(r.id)));
  return { following: set(out), followedBy: set(inc), requested: set(asked), requestedBy: set(askedBy) };
}

/** Followers or following of an account, newest follow first, paged by the follow's id. */
export async function pageFollows(
  db: Executor,
  accountId: number,
  direction: 'followers' | 'following',
  page: { maxId?: number | undefined; sinceId?: number | undefined; limit: number },
) {
  const [mine, other] = direction === 'followers' ? (['target_account_id', 'account_id'] as const) : (['account_id', 'target_account_id'] as const);
  let q = db
    .selectFrom('follows')
    .innerJoin('accounts', 'accounts.id', `follows.${other}`)
    .selectAll('accounts')
    .select('follows.id as follow_id')
    .where(`follows.${mine}`, '=', accountId)
    .where('accounts.closed_at', 'is', null);
  if (page.maxId !== undefined) q = q.where('follows.id', '<', page.maxId);
  if (page.sinceId !== undefined) q = q.where('follows.id', '>', page.sinceId);
  return q.orderBy('follows.id', 'desc').limit(page.limit).execute();
}

/** The followers of `targetId` among `candidates` (all of them when `candidates` is null): whose home, and so whose stream, a post reaches. */
export async function followersAmong(db: Executor, targetId: number, candidates: readonly number[] | null): Promise<number[]> {
  if (candidates === null) {
    const rows = await db.selectFrom('follows').select('account_id').where('target_account_id', '=', targetId).execute();
    return rows.map((r) => Number(r.account_id));
  }
  const out: number[] = [];
  for (let i = 0; i < candidates.length; i += 900) {
    const rows = await db
      .selectFrom('follows')
      .select('account_id')
      .where('target_account_id', '=', targetId)
      .where('account_id', 'in', candidates.slice(i, i + 900))
      .execute();
    for (const r of rows) out.push(Number(r.account_id));
  }
  return out;
}

/** Which of `candidates` follow each of `targetIds`, in a query per 900 candidates whatever the number of targets (up to 900). */
export async function followersOfEachAmong(db: Executor, targetIds: readonly number[], candidates: readonly number[]): Promise<Map<number, Set<number>>> {
  const out = new Map<number, Set<number>>();
  const targets = [...new Set(targetIds)];
  if (targets.length === 0 || candidates.length === 0) return out;
  for (let t = 0; t < targets.length; t += 900) {
    for (let i = 0; i < candidates.length; i += 900) {
      const rows = await db
        .selectFrom('follows')
        .select(['account_id', 'target_account_id'])
        .where('target_account_id', 'in', targets.slice(t, t + 900))
        .where('account_id', 'in', candidates.slice(i, i + 900))
        .execute();
      for (const r of rows) {
        const target = Number(r.target_account_id);
        let set = out.get(target);
        if (!set) out.set(target, (set = new Set()));
        set.add(Number(r.account_id));
      }
    }
  }
  return out;
}

/** A follow by the id of the Follow activity that made it (for an Undo), when one was recorded. */
export async function findFollowByUri(db: Executor, uri: string): Promise<{ id: number; account_id: number; target_account_id: number } | undefined> {
  return db.selectFrom('follows').select(['id', 'account_id', 'target_account_id']).where('uri', '=', uri).executeTakeFirst();
}

/** A follow request by the id of its Follow activity (for an Accept, a Reject or an Undo), when one was recorded. */
export async function findFollowRequestByUri(db: Executor, uri: string): Promise<{ id: number; account_id: number; target_account_id: number } | undefined> {
  return db.selectFrom('follow_requests').select(['id', 'account_id', 'target_account_id']).where('uri', '=', uri).executeTakeFirst();
}

/** Records the Follow activity's id on a follow or a follow request (sent to a remote server, or received from one). */
export async function setFollowUri(db: Executor, table: 'follows' | 'follow_requests', accountId: number, targetId: number, uri: string): Promise<void> {
  await db.updateTable(table).set({ uri }).where('account_id', '=', accountId).where('target_account_id', '=', targetId).execute();
}

/** The ActivityPub id stored for a follow or pending request between the two (a remote party's Follow, or ours to one), if any. */
export async function followUriOf(db: Executor, accountId: number, targetId: number): Promise<string | undefined> {
  const [f, r] = await Promise.all([
    db.selectFrom('follows').select('uri').where('account_id', '=', accountId).where('target_account_id', '=', targetId).executeTakeFirst(),
    db.selectFrom('follow_requests').select('uri').where('account_id', '=', accountId).where('target_account_id', '=', targetId).executeTakeFirst(),
  ]);
  return f?.uri ?? r?.uri ?? undefined;
}
