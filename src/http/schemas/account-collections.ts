import { z } from 'zod';
import { COLLECTION_ITEM_STATES } from '../../collections/collections.table.js';
import { AccountSchema } from './accounts.js';
import { id, named, timestamp } from './registry.js';
import { TagSchema } from './statuses.js';

/** Mastodon's CollectionItem: one featured account of a collection. */
export const CollectionItemSchema = named('CollectionItem', z.object({ id, account_id: id, state: z.enum(COLLECTION_ITEM_STATES), created_at: timestamp }));

/** Mastodon 4.6's Collection: an account's curated, public list of accounts it features. */
export const CollectionSchema = named(
  'Collection',
  z.object({
    id,
    uri: z.string(),
    name: z.string(),
    description: z.string(),
    language: z.string().nullable(),
    account_id: id,
    local: z.boolean(),
    sensitive: z.boolean(),
    discoverable: z.boolean(),
    item_count: z.number().int(),
    created_at: timestamp,
    updated_at: timestamp,
    tag: TagSchema.nullable(),
    items: z.array(CollectionItemSchema),
  }),
);

export const WrappedCollectionSchema = named('WrappedCollection', z.object({ collection: CollectionSchema }));
export const CollectionWithAccountsSchema = named('CollectionWithAccounts', z.object({ collection: CollectionSchema, accounts: z.array(AccountSchema) }));
export const CollectionsSchema = named('Collections', z.object({ collections: z.array(CollectionSchema) }));
export const WrappedCollectionItemSchema = named('WrappedCollectionItem', z.object({ collection_item: CollectionItemSchema }));

export type CollectionJson = z.infer<typeof CollectionSchema>;
export type CollectionItemJson = z.infer<typeof CollectionItemSchema>;
