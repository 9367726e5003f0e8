import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { notFound } from '../app/errors.js';
import { transaction } from '../app/transaction.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { findAccountById } from '../accounts/accounts.repository.js';
import { mayRevokeItem } from './collections.policy.js';
import { type CollectionItemRow, deleteItem, findCollection, findItem, revokeItem } from './collections.repository.js';
import { featureAccount } from './feature-check.js';
import { editableCollection } from './write-collection.js';

/** POST /api/v1/collections/:id/items: the curator features one more account, if the account may be featured. */
export async function addCollectionItem(ctx: Context, caller: ActingCaller, collectionId: number | null, accountId: number | null): Promise<CollectionItemRow> {
  const now = ctx.clock.now().toISOString();
  return transaction(ctx, async (trx) => {
    const collection = await editableCollection(trx, caller, collectionId);
    const target = accountId === null ? undefined : await findAccountById(trx, accountId);
    if (!target || target.closed_at) throw notFound('Account');
    const item = await featureAccount(trx, caller.account, collection, target, now);
    await recordOperatorAct(trx, caller, { action: 'collection.add_account', subjectType: 'collection', subjectId: Number(collection.id), data: { account_id: String(target.id) } }, now);
    return item;
  });
}

/** DELETE /api/v1/collections/:collection_id/items/:id: the curator takes an account out. */
export async function removeCollectionItem(ctx: Context, caller: ActingCaller, collectionId: number | null, itemId: number | null): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    const collection = await editableCollection(trx, caller, collectionId);
    const item = itemId === null ? undefined : await findItem(trx, Number(collection.id), itemId);
    if (!item) throw notFound('CollectionItem');
    await deleteItem(trx, Number(collection.id), Number(item.id));
    await recordOperatorAct(trx, caller, { action: 'collection.remove_account', subjectType: 'collection', subjectId: Number(collection.id), data: { account_id: String(item.account_id) } }, now);
  });
}

/** POST /api/v1/collections/:collection_id/items/:id/revoke: the featured account takes itself out of someone's collection, for good. */
export async function revokeCollectionItem(ctx: Context, caller: ActingCaller, collectionId: number | null, itemId: number | null): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    const collection = collectionId === null ? undefined : await findCollection(trx, collectionId);
    if (!collection) throw notFound('Collection');
    const item = itemId === null ? undefined : await findItem(trx, Number(collection.id), itemId);
    if (!item) throw notFound('CollectionItem');
    authorize(mayRevokeItem(caller.account, item));
    await revokeItem(trx, Number(collection.id), Number(item.id), now);
    await recordOperatorAct(trx, caller, { action: 'collection.revoke', subjectType: 'collection', subjectId: Number(collection.id) }, now);
  });
}
