import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { AccountCollectionItemsTable, AccountCollectionsTable } from './collections.table.js';

export type CollectionRow = Selectable<AccountCollectionsTable>;
export type CollectionItemRow = Selectable<AccountCollectionItemsTable>;

export async function findCollection(db: Executor, id: number): Promise<CollectionRow | undefined> {
  return db.selectFrom('account_collections').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countCollections(db: Executor, accountId: number): Promise<number> {
  const r = await db.selectFrom('account_collections').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertCollection(db: Executor, row: Insertable<AccountCollectionsTable>): Promise<CollectionRow> {
  return db.insertInto('account_collections').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateCollection(db: Executor, id: number, patch: Updateable<AccountCollectionsTable>): Promise<CollectionRow> {
  return db.updateTable('account_collections').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteCollection(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('account_collection_items').where('collection_id', '=', id).execute();
  await db.deleteFrom('account_collections').where('id', '=', id).execute();
}

/** An account's collections, newest first, by offset (as Mastodon pages them); only discoverable ones unless the reader is the curator. */
export async function collectionsOf(db: Executor, accountId: number, page: { offset: number; limit: number; discoverableOnly: boolean }): Promise<CollectionRow[]> {
  let q = db.selectFrom('account_collections').selectAll().where('account_id', '=', accountId);
  if (page.discoverableOnly) q = q.where('discoverable', '=', 1);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').offset(page.offset).limit(page.limit).execute();
}

/** The collections that feature an account (accepted items only), newest first. */
export async function collectionsFeaturing(db: Executor, accountId: number, page: { offset: number; limit: number }): Promise<CollectionRow[]> {
  return db
    .selectFrom('account_collections')
    .selectAll('account_collections')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('account_collection_items')
          .select('account_collection_items.id')
          .whereRef('account_collection_items.collection_id', '=', 'account_collections.id')
          .where('account_collection_items.account_id', '=', accountId)
          .where('account_collection_items.state', '=', 'accepted'),
      ),
    )
    .orderBy('account_collections.id', 'desc')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
}

/** The accepted items of these collections, in their order. */
export async function acceptedItemsOf(db: Executor, collectionIds: readonly number[]): Promise<CollectionItemRow[]> {
  if (collectionIds.length === 0) return [];
  return db
    .selectFrom('account_collection_items')
    .selectAll()
    .where('collection_id', 'in', [...collectionIds])
    .where('state', '=', 'accepted')
    .orderBy('collection_id')
    .orderBy('position')
    .execute();
}

export async function findItem(db: Executor, collectionId: number, id: number): Promise<CollectionItemRow | undefined> {
  return db.selectFrom('account_collection_items').selectAll().where('collection_id', '=', collectionId).where('id', '=', id).executeTakeFirst();
}

export async function findItemOfAccount(db: Executor, collectionId: number, accountId: number): Promise<CollectionItemRow | undefined> {
  return db.selectFrom('account_collection_items').selectAll().where('collection_id', '=', collectionId).where('account_id', '=', accountId).executeTakeFirst();
}

/** Appends an accepted item at the end and counts it. */
export async function insertItem(db: Executor, collectionId: number, accountId: number, at: string): Promise<CollectionItemRow> {
  const last = await db.selectFrom('account_collection_items').select((eb) => eb.fn.max('position').as('p')).where('collection_id', '=', collectionId).executeTakeFirst();
  const position = Number(last?.p ?? 0) + 1;
  const row = await db
    .insertInto('account_collection_items')
    .values({ collection_id: collectionId, account_id: accountId, state: 'accepted', position, created_at: at, updated_at: at })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recount(db, collectionId);
  return row;
}

export async function deleteItem(db: Executor, collectionId: number, id: number): Promise<void> {
  await db.deleteFrom('account_collection_items').where('id', '=', id).execute();
  await recount(db, collectionId);
}

/** The featured account took itself out: the item stays, revoked, so that it is not added again. */
export async function revokeItem(db: Executor, collectionId: number, id: number, at: string): Promise<void> {
  await db.updateTable('account_collection_items').set({ state: 'revoked', updated_at: at }).where('id', '=', id).execute();
  await recount(db, collectionId);
}

async function recount(db: Executor, collectionId: number): Promise<void> {
  const r = await db
    .selectFrom('account_collection_items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('collection_id', '=', collectionId)
    .where('state', '=', 'accepted')
    .executeTakeFirstOrThrow();
  await db.updateTable('account_collections').set({ item_count: Number(r.n) }).where('id', '=', collectionId).execute();
}
