import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { AppError, fieldError, notFound } from '../app/errors.js';
import { transaction } from '../app/transaction.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { findAccountById } from '../accounts/accounts.repository.js';
import type { Executor } from '../db/database.js';
import { LIMITS } from '../domain/limits.js';
import { checkedTagName } from '../tags/follow-tag.js';
import { findOrCreateTag } from '../tags/tags.repository.js';
import { mayEditCollection } from './collections.policy.js';
import { type CollectionRow, countCollections, deleteCollection, findCollection, insertCollection, updateCollection } from './collections.repository.js';
import { featureAccount } from './feature-check.js';

/** What a client may set on a collection (Mastodon's collection_creation_params / collection_update_params). */
export interface CollectionInput {
  name?: string | undefined;
  description?: string | null | undefined;
  language?: string | null | undefined;
  tag_name?: string | null | undefined;
  sensitive?: boolean | undefined;
  discoverable?: boolean | undefined;
}

function checkedName(raw: string | undefined): string {
  const name = (raw ?? '').trim();
  if (name === '') throw fieldError('name', 'ERR_BLANK', "can't be blank");
  if ([...name].length > LIMITS.collectionNameMax) throw fieldError('name', 'ERR_TOO_LONG', `is too long (maximum is ${LIMITS.collectionNameMax} characters)`);
  return name;
}

function checkedDescription(raw: string | null | undefined): string {
  const d = (raw ?? '').trim();
  if ([...d].length > LIMITS.collectionDescriptionMax) throw fieldError('description', 'ERR_TOO_LONG', `is too long (maximum is ${LIMITS.collectionDescriptionMax} characters)`);
  return d;
}

function checkedLanguage(raw: string | null | undefined): string | null {
  if (raw == null || raw === '') return null;
  if (!/^[a-z]{2,3}$/.test(raw)) throw fieldError('language', 'ERR_INVALID', 'is not a valid language code');
  return raw;
}

async function tagIdOf(trx: Executor, raw: string | null | undefined): Promise<number | null> {
  if (raw == null || raw.trim() === '') return null;
  return (await findOrCreateTag(trx, checkedTagName(raw, 'tag_name'))).id;
}

/** The collection by id for its curator: 404 when there is none, 403 for anyone else (Mastodon's Collection.find then authorize :update?). */
export async function editableCollection(db: Executor, caller: ActingCaller, id: number | null): Promise<CollectionRow> {
  const collection = id === null ? undefined : await findCollection(db, id);
  if (!collection) throw notFound('Collection');
  authorize(mayEditCollection(caller.account, collection));
  return collection;
}

/** POST /api/v1/collections: a new collection, with its first accounts each through the feature policy, all or nothing. */
export async function createCollection(ctx: Context, caller: ActingCaller, input: CollectionInput & { account_ids?: readonly number[] }): Promise<CollectionRow> {
  const name = checkedName(input.name);
  const description = checkedDescription(input.description);
  const language = checkedLanguage(input.language);
  const me = Number(caller.account.id);
  const now = ctx.clock.now().toISOString();
  const accountIds = [...new Set(input.account_ids ?? [])];
  if (accountIds.length > LIMITS.collectionItemsMax) throw fieldError('account_ids', 'ERR_TOO_MANY', `is too long (maximum is ${LIMITS.collectionItemsMax} accounts)`);
  return transaction(ctx, async (trx) => {
    if ((await countCollections(trx, me)) >= LIMITS.collectionsPerAccount) throw new AppError('validation_failed', `An account curates at most ${LIMITS.collectionsPerAccount} collections`);
    let row = await insertCollection(trx, {
      account_id: me,
      name,
      description,
      language,
      sensitive: input.sensitive ? 1 : 0,
      discoverable: input.discoverable === false ? 0 : 1,
      tag_id: await tagIdOf(trx, input.tag_name),
      item_count: 0,
      created_at: now,
      updated_at: now,
    });
    for (const id of accountIds) {
      const target = await findAccountById(trx, id);
      if (!target || target.closed_at) throw notFound('Account');
      await featureAccount(trx, caller.account, row, target, now);
    }
    if (accountIds.length > 0) row = (await findCollection(trx, Number(row.id))) ?? row;
    await recordOperatorAct(trx, caller, { action: 'collection.create', subjectType: 'collection', subjectId: Number(row.id), data: { account_ids: accountIds.map(String) } }, now);
    return row;
  });
}

/** PATCH/PUT /api/v1/collections/:id: what is given changes, the rest stays. */
export async function editCollection(ctx: Context, caller: ActingCaller, id: number | null, input: CollectionInput): Promise<CollectionRow> {
  const now = ctx.clock.now().toISOString();
  return transaction(ctx, async (trx) => {
    const collection = await editableCollection(trx, caller, id);
    const patch: Partial<CollectionRow> = { updated_at: now };
    if (input.name !== undefined) patch.name = checkedName(input.name);
    if (input.description !== undefined) patch.description = checkedDescription(input.description);
    if (input.language !== undefined) patch.language = checkedLanguage(input.language);
    if (input.tag_name !== undefined) patch.tag_id = await tagIdOf(trx, input.tag_name);
    if (input.sensitive !== undefined) patch.sensitive = input.sensitive ? 1 : 0;
    if (input.discoverable !== undefined) patch.discoverable = input.discoverable ? 1 : 0;
    const row = await updateCollection(trx, Number(collection.id), patch);
    await recordOperatorAct(trx, caller, { action: 'collection.update', subjectType: 'collection', subjectId: Number(collection.id) }, now);
    return row;
  });
}

/** DELETE /api/v1/collections/:id: the collection and its items. */
export async function removeCollection(ctx: Context, caller: ActingCaller, id: number | null): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    const collection = await editableCollection(trx, caller, id);
    await deleteCollection(trx, Number(collection.id));
    await recordOperatorAct(trx, caller, { action: 'collection.delete', subjectType: 'collection', subjectId: Number(collection.id) }, now);
  });
}
