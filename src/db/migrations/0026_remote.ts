import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// Accounts and statuses of other servers (ActivityPub), kept beside local ones.
// A null `domain` (accounts) or `uri` (statuses, follows) marks what is local:
// local ids are derived from the public URL, never stored. Remote accounts keep
// username_key = `name@domain` (lower-cased), so the existing unique index keeps
// usernames unique per domain and no local lookup by bare name can reach them.

const ACCOUNT_COLUMNS = [
  'domain',
  'uri',
  'url',
  'inbox_url',
  'shared_inbox_url',
  'followers_url',
  'featured_url',
  'actor_type',
  'remote_gov',
  'avatar_remote_url',
  'header_remote_url',
  'fetched_at',
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const c of ACCOUNT_COLUMNS) await db.schema.alterTable('accounts').addColumn(c, 'text').execute();
  await db.schema.createIndex('accounts_uri_unique').on('accounts').column('uri').unique().execute();
  await db.schema.createIndex('accounts_domain_index').on('accounts').columns(['domain', 'id']).execute();
  await db.schema.alterTable('statuses').addColumn('uri', 'text').execute();
  await db.schema.alterTable('statuses').addColumn('url', 'text').execute();
  // A remote reply whose parent is not known here (yet): the parent's id as the remote gave it.
  await db.schema.alterTable('statuses').addColumn('in_reply_to_uri', 'text').execute();
  await db.schema.createIndex('statuses_uri_unique').on('statuses').column('uri').unique().execute();
  for (const t of ['follows', 'follow_requests']) {
    await db.schema.alterTable(t).addColumn('uri', 'text').execute();
    await db.schema.createIndex(`${t}_uri_unique`).on(t).column('uri').unique().execute();
  }
  await db.schema.alterTable('media_attachments').addColumn('remote_url', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('media_attachments').dropColumn('remote_url').execute();
  for (const t of ['follow_requests', 'follows']) {
    await db.schema.dropIndex(`${t}_uri_unique`).execute();
    await db.schema.alterTable(t).dropColumn('uri').execute();
  }
  await db.schema.dropIndex('statuses_uri_unique').execute();
  await db.schema.alterTable('statuses').dropColumn('in_reply_to_uri').execute();
  await db.schema.alterTable('statuses').dropColumn('url').execute();
  await db.schema.alterTable('statuses').dropColumn('uri').execute();
  await db.schema.dropIndex('accounts_domain_index').execute();
  await db.schema.dropIndex('accounts_uri_unique').execute();
  for (const c of [...ACCOUNT_COLUMNS].reverse()) await db.schema.alterTable('accounts').dropColumn(c).execute();
}
