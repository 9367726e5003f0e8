import type { AccountRow } from '../accounts/accounts.repository.js';
import { authorize } from '../app/authorize.js';
import { fieldError } from '../app/errors.js';
import type { Executor } from '../db/database.js';
import { LIMITS } from '../domain/limits.js';
import { loadExclusions } from '../social/exclusions.js';
import { loadGovProfiles } from '../verification/gov-profiles.repository.js';
import { mayFeature } from './collections.policy.js';
import { type CollectionItemRow, type CollectionRow, findItemOfAccount, insertItem } from './collections.repository.js';

/** Adds one account to a collection after the feature policy (403 when the account may not be featured, 422 when already in or the collection is full). */
export async function featureAccount(trx: Executor, curator: AccountRow, collection: CollectionRow, target: AccountRow, at: string): Promise<CollectionItemRow> {
  const existing = await findItemOfAccount(trx, Number(collection.id), Number(target.id));
  if (existing?.state === 'accepted') throw fieldError('account_id', 'ERR_TAKEN', 'has already been taken');
  // Read in the transaction (not the process cache): SQLite has one connection, and the block may be this instant's.
  const ex = await loadExclusions(trx, Number(curator.id));
  const gov = await loadGovProfiles(trx, [Number(target.id)]);
  const blocked = ex.blocking.has(Number(target.id)) || ex.blockedBy.has(Number(target.id));
  const allowed = mayFeature(curator, target, { gov: gov.has(Number(target.id)), blocked, revoked: existing?.state === 'revoked' });
  authorize(allowed, 'This account cannot be added to collections');
  const fresh = await trx.selectFrom('account_collections').select('item_count').where('id', '=', Number(collection.id)).executeTakeFirstOrThrow();
  if (Number(fresh.item_count) >= LIMITS.collectionItemsMax) throw fieldError('collection_items', 'ERR_TOO_MANY', `is too long (maximum is ${LIMITS.collectionItemsMax} accounts)`);
  return insertItem(trx, Number(collection.id), Number(target.id), at);
}
