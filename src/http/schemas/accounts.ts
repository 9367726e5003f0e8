import { z } from 'zod';
import { CustomEmojiSchema } from './emojis.js';
import { ROLES } from '../../accounts/accounts.table.js';
import { ACCOUNT_KINDS, LEVELS, ORGAN_KINDS, RANKS } from '../../domain/taxonomy.js';
import { alwaysEmpty, id, named, timestamp } from './registry.js';

/** The `gov` object every account carries (CONTRACT §4). */
export const GovSchema = named(
  'Gov',
  z.object({
    kind: z.enum(ACCOUNT_KINDS),
    organ: z.enum(ORGAN_KINDS),
    public_security: z.boolean(),
    level: z.enum(LEVELS),
    rank: z.enum(RANKS).nullable(),
    province: z.string().nullable(),
    verification: z.string(),
    verified_at: timestamp,
    organ_name: z.string(),
    region_code: z.string().nullable(),
    position: z.string().nullable(),
    /** The host of the provider that verified the account: this provider for its own accounts, the home provider of a remote one as it states it. */
    verified_by: z.string(),
  }),
);

/** A profile field; a verified account shows its verification as one. */
export const AccountFieldSchema = named('AccountField', z.object({ name: z.string(), value: z.string(), verified_at: timestamp.nullable() }));

const accountShape = {
  id,
  username: z.string(),
  acct: z.string(),
  display_name: z.string(),
  locked: z.boolean(),
  bot: z.boolean(),
  discoverable: z.boolean(),
  indexable: z.boolean(),
  group: z.boolean(),
  created_at: timestamp,
  /** HTML. */
  note: z.string(),
  url: z.string(),
  uri: z.string(),
  avatar: z.string(),
  avatar_static: z.string(),
  header: z.string(),
  header_static: z.string(),
  followers_count: z.number().int(),
  following_count: z.number().int(),
  statuses_count: z.number().int(),
  /** A day, YYYY-MM-DD. */
  last_status_at: z.string().nullable(),
  hide_collections: z.boolean(),
  noindex: z.boolean(),
  emojis: z.array(CustomEmojiSchema),
  roles: alwaysEmpty,
  fields: z.array(AccountFieldSchema),
  gov: GovSchema.nullable(),
  /** Present (true) only for a suspended account, as Mastodon: its profile then shows nothing. */
  suspended: z.literal(true).optional(),
  /** Present (true) only for a silenced account (Mastodon's `limited`). */
  limited: z.literal(true).optional(),
};

/** Mastodon's Account, plus `gov`. */
export const AccountSchema = named('Account', z.object(accountShape));

/** The account's own view (verify_credentials, update_credentials): adds `source` and `role`. */
export const CredentialAccountSchema = named(
  'CredentialAccount',
  z.object({
    ...accountShape,
    source: z.object({
      privacy: z.string(),
      sensitive: z.boolean(),
      language: z.string(),
      /** The plain text behind `note`. */
      note: z.string(),
      /** The profile fields as entered (plain text; the verification field is not among them). */
      fields: z.array(z.object({ name: z.string(), value: z.string(), verified_at: timestamp.nullable() })),
      follow_requests_count: z.number().int(),
    }),
    role: z.object({ id: z.enum(ROLES), name: z.enum(ROLES), color: z.string(), permissions: z.string(), highlighted: z.boolean() }),
  }),
);

export type Gov = z.infer<typeof GovSchema>;
export type Account = z.infer<typeof AccountSchema>;
export type CredentialAccount = z.infer<typeof CredentialAccountSchema>;
