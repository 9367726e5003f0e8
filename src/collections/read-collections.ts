import type { AccountRow } from '../accounts/accounts.repository.js';
import { getOpenAccount } from '../accounts/get-open-account.js';
import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { notFound } from '../app/errors.js';
import { blockFactsFor } from '../social/exclusions.js';
import { mayListFeaturedIn, maySeeCollections } from './collections.policy.js';
import { type CollectionRow, collectionsFeaturing, collectionsOf, findCollection } from './collections.repository.js';

async function curatorBlocks(ctx: Context, curatorId: number, viewer: AccountRow | null): Promise<boolean> {
  if (!viewer) return false;
  return (await blockFactsFor(ctx, curatorId, Number(viewer.id))).actorBlocks;
}

/** GET /api/v1/collections/:id: anyone's but a curator's who blocks the viewer (403, as Mastodon's show?). */
export async function getCollection(ctx: Context, viewer: AccountRow | null, id: number | null): Promise<CollectionRow> {
  const collection = id === null ? undefined : await findCollection(ctx.db, id);
  if (!collection) throw notFound('Collection');
  const owner = await getOpenAccount(ctx, Number(collection.account_id)).catch(() => {
    throw notFound('Collection');
  });
  authorize(maySeeCollections(viewer ? Number(viewer.id) : null, await curatorBlocks(ctx, Number(owner.id), viewer)));
  return collection;
}

/** GET /api/v1/accounts/:id/collections: its discoverable collections (all of them for the curator); none for one it blocks (as Mastodon: an empty list). */
export async function listAccountCollections(ctx: Context, viewer: AccountRow | null, accountId: number | null, page: { offset: number; limit: number }): Promise<CollectionRow[]> {
  const account = await getOpenAccount(ctx, accountId);
  if (!maySeeCollections(viewer ? Number(viewer.id) : null, await curatorBlocks(ctx, Number(account.id), viewer))) return [];
  const own = viewer !== null && Number(viewer.id) === Number(account.id);
  return collectionsOf(ctx.db, Number(account.id), { ...page, discoverableOnly: !own });
}

/** GET /api/v1/accounts/:id/in_collections: the collections that feature the caller; only the caller asks about itself (403 otherwise). */
export async function listFeaturedIn(ctx: Context, viewer: AccountRow, accountId: number | null, page: { offset: number; limit: number }): Promise<CollectionRow[]> {
  const account = await getOpenAccount(ctx, accountId);
  authorize(mayListFeaturedIn(viewer, account));
  const rows = await collectionsFeaturing(ctx.db, Number(account.id), page);
  // A curator who blocks the caller keeps its collections from the caller here too.
  const kept: CollectionRow[] = [];
  for (const r of rows) if (!(await curatorBlocks(ctx, Number(r.account_id), viewer))) kept.push(r);
  return kept;
}
