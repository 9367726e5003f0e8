import type { AccountRow } from '../accounts/accounts.repository.js';
import { findAccountsByIds } from '../accounts/accounts.repository.js';
import { type AccountJson, presentAccounts } from '../accounts/accounts.presenter.js';
import type { Context } from '../app/context.js';
import type { CollectionItemJson, CollectionJson } from '../http/schemas/account-collections.js';
import { exclusionsFor } from '../social/exclusions.js';
import { type CollectionItemRow, type CollectionRow, acceptedItemsOf } from './collections.repository.js';

/** The items a viewer sees: accepted ones, less the accounts the viewer blocks (Mastodon's items_for). */
async function visibleItems(ctx: Context, viewer: AccountRow | null, rows: readonly CollectionRow[]): Promise<Map<number, CollectionItemRow[]>> {
  const [items, ex] = await Promise.all([acceptedItemsOf(ctx.db, rows.map((r) => Number(r.id))), exclusionsFor(ctx, viewer ? Number(viewer.id) : null)]);
  const by = new Map<number, CollectionItemRow[]>();
  for (const item of items) {
    if (ex.blocking.has(Number(item.account_id))) continue;
    const list = by.get(Number(item.collection_id)) ?? [];
    list.push(item);
    by.set(Number(item.collection_id), list);
  }
  return by;
}

function presentItem(item: CollectionItemRow): CollectionItemJson {
  return { id: String(item.id), account_id: String(item.account_id), state: item.state, created_at: item.created_at };
}

/** Mastodon's Collection entities, every field listed: four queries whatever the count. */
export async function presentCollections(ctx: Context, viewer: AccountRow | null, rows: readonly CollectionRow[]): Promise<{ collections: CollectionJson[]; items: Map<number, CollectionItemRow[]> }> {
  if (rows.length === 0) return { collections: [], items: new Map() };
  const tagIds = [...new Set(rows.map((r) => r.tag_id).filter((t): t is number => t !== null))].map(Number);
  const [items, owners, tags] = await Promise.all([
    visibleItems(ctx, viewer, rows),
    findAccountsByIds(ctx.db, [...new Set(rows.map((r) => Number(r.account_id)))]),
    tagIds.length === 0 ? Promise.resolve([]) : ctx.db.selectFrom('tags').select(['id', 'name', 'display']).where('id', 'in', tagIds).execute(),
  ]);
  const username = new Map(owners.map((a) => [Number(a.id), a.username]));
  const tagOf = new Map(tags.map((t) => [Number(t.id), t]));
  const collections = rows.map((r): CollectionJson => {
    const tag = r.tag_id === null ? undefined : tagOf.get(Number(r.tag_id));
    return {
      id: String(r.id),
      uri: `${ctx.config.publicUrl}/@${username.get(Number(r.account_id)) ?? ''}/collections/${r.id}`,
      name: r.name,
      description: r.description,
      language: r.language,
      account_id: String(r.account_id),
      local: true,
      sensitive: Number(r.sensitive) === 1,
      discoverable: Number(r.discoverable) === 1,
      item_count: Number(r.item_count),
      created_at: r.created_at,
      updated_at: r.updated_at,
      tag: tag ? { name: tag.display, url: `${ctx.config.publicUrl}/tags/${encodeURIComponent(tag.name)}` } : null,
      items: (items.get(Number(r.id)) ?? []).map(presentItem),
    };
  });
  return { collections, items };
}

export async function presentCollection(ctx: Context, viewer: AccountRow | null, row: CollectionRow): Promise<CollectionJson> {
  return (await presentCollections(ctx, viewer, [row])).collections[0]!;
}

/** Mastodon's CollectionWithAccounts: the collection, then its curator and every account it shows the viewer. */
export async function presentCollectionWithAccounts(ctx: Context, viewer: AccountRow | null, row: CollectionRow): Promise<{ collection: CollectionJson; accounts: AccountJson[] }> {
  const { collections, items } = await presentCollections(ctx, viewer, [row]);
  const ids = [Number(row.account_id), ...(items.get(Number(row.id)) ?? []).map((i) => Number(i.account_id))];
  const byId = new Map((await findAccountsByIds(ctx.db, ids)).map((a) => [Number(a.id), a]));
  const accounts = ids.map((id) => byId.get(id)).filter((a): a is AccountRow => a !== undefined && a.closed_at === null);
  return { collection: collections[0]!, accounts: await presentAccounts(ctx.db, ctx.config, accounts) };
}

export { presentItem as presentCollectionItem };
