import { type Kysely, sql } from 'kysely';
import { idColumn } from './helpers.js';

// Frozen: never edit a migration that has shipped; add a new one.
// Reports and moderation: what citizens report, what moderators decide, and
// the standing those decisions give an account (Mastodon's suspended,
// silenced, sensitized and disabled states, each the time it began).

export async function up(db: Kysely<any>): Promise<void> {
  for (const column of ['suspended_at', 'silenced_at', 'sensitized_at', 'disabled_at', 'deleted_at']) {
    await db.schema.alterTable('accounts').addColumn(column, 'text').execute();
  }
  // Few accounts are ever closed or silenced: the public and hashtag timelines look each author up among those few (src/moderation/account-standing.ts).
  await db.schema.createIndex('accounts_closed').on('accounts').column('id').where(sql.ref('closed_at'), 'is not', null).execute();
  await db.schema.createIndex('accounts_silenced').on('accounts').column('id').where(sql.ref('silenced_at'), 'is not', null).execute();
  await idColumn(db, db.schema.createTable('reports'))
    // Who reported; the reported account never learns it.
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('target_account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    // JSON arrays of ids as text: statuses of the target, rules of the instance (1-based, as presented).
    .addColumn('status_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('rule_ids', 'text')
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('forwarded', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('assigned_account_id', 'bigint')
    .addColumn('action_taken_at', 'text')
    .addColumn('action_taken_by_account_id', 'bigint')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reports_target').on('reports').columns(['target_account_id', 'id']).execute();
  await db.schema.createIndex('reports_account').on('reports').columns(['account_id', 'id']).execute();
  await db.schema.createIndex('reports_open').on('reports').columns(['action_taken_at', 'id']).execute();
  await idColumn(db, db.schema.createTable('account_warnings'))
    // The moderator who acted; never shown to the target.
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('target_account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('report_id', 'bigint')
    .addColumn('status_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('account_warnings_target').on('account_warnings').columns(['target_account_id', 'id']).execute();
  // The warning a `moderation_warning` notification tells of, the report an `admin.report` one does.
  await db.schema.alterTable('notifications').addColumn('account_warning_id', 'bigint').execute();
  await db.schema.alterTable('notifications').addColumn('report_id', 'bigint').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('notifications').dropColumn('report_id').execute();
  await db.schema.alterTable('notifications').dropColumn('account_warning_id').execute();
  await db.schema.dropTable('account_warnings').execute();
  await db.schema.dropTable('reports').execute();
  await db.schema.dropIndex('accounts_silenced').execute();
  await db.schema.dropIndex('accounts_closed').execute();
  for (const column of ['deleted_at', 'disabled_at', 'sensitized_at', 'silenced_at', 'suspended_at']) {
    await db.schema.alterTable('accounts').dropColumn(column).execute();
  }
}
