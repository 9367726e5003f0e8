import type { Kysely } from 'kysely';
import { idColumn } from './helpers.js';

// Frozen: never edit a migration that has shipped; add a new one.
// The review of trends (Mastodon's `trendable` / `reviewed_at`): on tags,
// statuses and preview cards, and the publishers (link domains) whose links
// may trend; and the kind of page a card shows (only articles trend).

export async function up(db: Kysely<any>): Promise<void> {
  // null: not decided (the provider's default applies); 1 allowed; 0 rejected.
  await db.schema.alterTable('tags').addColumn('trendable', 'integer').execute();
  await db.schema.alterTable('tags').addColumn('reviewed_at', 'text').execute();
  await db.schema.alterTable('statuses').addColumn('trendable', 'integer').execute();
  await db.schema.alterTable('preview_cards').addColumn('trendable', 'integer').execute();
  // 'article' when the page says it is one (og:type), else 'unknown'.
  await db.schema.alterTable('preview_cards').addColumn('link_type', 'text', (c) => c.notNull().defaultTo('unknown')).execute();

  await idColumn(db, db.schema.createTable('preview_card_providers'))
    // A lower-cased host name; it covers its subdomains (the longest match wins).
    .addColumn('domain', 'text', (c) => c.notNull().unique())
    .addColumn('trendable', 'integer')
    .addColumn('reviewed_at', 'text')
    .addColumn('requested_review_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('preview_card_providers').execute();
  await db.schema.alterTable('preview_cards').dropColumn('link_type').execute();
  await db.schema.alterTable('preview_cards').dropColumn('trendable').execute();
  await db.schema.alterTable('statuses').dropColumn('trendable').execute();
  await db.schema.alterTable('tags').dropColumn('reviewed_at').execute();
  await db.schema.alterTable('tags').dropColumn('trendable').execute();
}
