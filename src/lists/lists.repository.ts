import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { ListsTable } from './lists.table.js';

export type ListRow = Selectable<ListsTable>;

export async function insertList(db: Executor, row: Insertable<ListsTable>): Promise<ListRow> {
  return db.insertInto('lists').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findList(db: Executor, id: number): Promise<ListRow | undefined> {
  return db.selectFrom('lists').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The account's lists, oldest first (as Mastodon orders them). */
export async function listsOf(db: Executor, accountId: number): Promise<ListRow[]> {
  return db.selectFrom('lists').selectAll().where('account_id', '=', accountId).orderBy('id').execute();
}

export async function countLists(db: Executor, accountId: number): Promise<number> {
  const r = await db.selectFrom('lists').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function updateList(db: Executor, id: number, patch: Updateable<ListsTable>): Promise<ListRow | undefined> {
  return db.updateTable('lists').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function deleteList(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('list_accounts').where('list_id', '=', id).execute();
  await db.deleteFrom('lists').where('id', '=', id).execute();
}

/** Adds members (already there: left as is). */
export async function insertListAccounts(db: Executor, listId: number, accountIds: readonly number[], at: string): Promise<void> {
  if (accountIds.length === 0) return;
  await db
    .insertInto('list_accounts')
    .values(accountIds.map((account_id) => ({ list_id: listId, account_id, created_at: at })))
    .onConflict((oc) => oc.columns(['list_id', 'account_id']).doNothing())
    .execute();
}

export async function deleteListAccounts(db: Executor, listId: number, accountIds: readonly number[]): Promise<void> {
  if (accountIds.length === 0) return;
  await db.deleteFrom('list_accounts').where('list_id', '=', listId).where('account_id', 'in', [...accountIds]).execute();
}

/** After an unfollow: the account leaves every list of the former follower (Mastodon's UnfollowService). */
export async function removeFromListsOf(db: Executor, ownerId: number, accountId: number): Promise<void> {
  await db
    .deleteFrom('list_accounts')
    .where('account_id', '=', accountId)
    .where('list_id', 'in', (eb) => eb.selectFrom('lists').select('id').where('account_id', '=', ownerId))
    .execute();
}

/** A list's members' account ids, paged by membership id (Mastodon pages list accounts so). */
export async function pageListMembers(db: Executor, listId: number, w: { maxId?: number | undefined; sinceId?: number | undefined; limit: number }) {
  let q = db.selectFrom('list_accounts').select(['id', 'account_id']).where('list_id', '=', listId);
  if (w.maxId !== undefined) q = q.where('id', '<', w.maxId);
  if (w.sinceId !== undefined) q = q.where('id', '>', w.sinceId);
  // limit 0 (Mastodon): every member.
  q = q.orderBy('id', 'desc');
  if (w.limit > 0) q = q.limit(w.limit);
  return q.execute();
}

/** The owner's lists that hold the account. */
export async function listsHolding(db: Executor, ownerId: number, accountId: number): Promise<ListRow[]> {
  return db
    .selectFrom('lists')
    .selectAll('lists')
    .where('lists.account_id', '=', ownerId)
    .where('lists.id', 'in', (eb) => eb.selectFrom('list_accounts').select('list_id').where('account_id', '=', accountId))
    .orderBy('lists.id')
    .execute();
}

/** The lists, among those of any owner, that hold `authorId`: whose list streams a status of theirs reaches. */
export async function listsWithMember(db: Executor, authorId: number): Promise<{ id: number; account_id: number; replies_policy: string }[]> {
  return db
    .selectFrom('list_accounts')
    .innerJoin('lists', 'lists.id', 'list_accounts.list_id')
    .select(['lists.id', 'lists.account_id', 'lists.replies_policy'])
    .where('list_accounts.account_id', '=', authorId)
    .execute();
}

/**
 * Of the lists listening for the author's statuses, those this status belongs
 * in: the rule of listTimelineIds (src/lists/list-timeline.ts) for one status,
 * for the streaming hub. At most two queries, and only for a reply to another
 * account or a reblog.
 */
export async function listsForStatus(
  db: Executor,
  status: { account_id: number; in_reply_to_account_id: number | null; reblog_of_id: number | null; visibility: string },
  listening: ReadonlySet<number>,
): Promise<{ id: number; account_id: number }[]> {
  if (listening.size === 0 || status.visibility === 'direct') return [];
  const author = Number(status.account_id);
  let lists = (await listsWithMember(db, author)).filter((l) => listening.has(Number(l.id))).map((l) => ({ id: Number(l.id), account_id: Number(l.account_id), replies_policy: l.replies_policy }));
  if (lists.length === 0) return [];
  const replyTo = status.in_reply_to_account_id === null ? null : Number(status.in_reply_to_account_id);
  if (replyTo !== null && replyTo !== author) {
    const judged = lists.filter((l) => l.account_id !== replyTo);
    const [followed, members] = await Promise.all([
      judged.some((l) => l.replies_policy === 'followed')
        ? db.selectFrom('follows').select('account_id').where('target_account_id', '=', replyTo).where('account_id', 'in', judged.map((l) => l.account_id)).execute()
        : Promise.resolve([]),
      judged.some((l) => l.replies_policy === 'list')
        ? db.selectFrom('list_accounts').select('list_id').where('account_id', '=', replyTo).where('list_id', 'in', judged.map((l) => l.id)).execute()
        : Promise.resolve([]),
    ]);
    const owners = new Set(followed.map((r) => Number(r.account_id)));
    const holding = new Set(members.map((r) => Number(r.list_id)));
    lists = lists.filter((l) => l.account_id === replyTo || (l.replies_policy === 'followed' && owners.has(l.account_id)) || (l.replies_policy === 'list' && holding.has(l.id)));
  }
  if (status.reblog_of_id !== null && lists.length > 0) {
    const hiding = await db.selectFrom('follows').select('account_id').where('target_account_id', '=', author).where('show_reblogs', '=', 0).where('account_id', 'in', lists.map((l) => l.account_id)).execute();
    const no = new Set(hiding.map((r) => Number(r.account_id)));
    lists = lists.filter((l) => !no.has(l.account_id));
  }
  return lists.map((l) => ({ id: l.id, account_id: l.account_id }));
}
