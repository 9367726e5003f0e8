import type { Insertable, Selectable, Updateable } from 'kysely';
import { type IdPage, adminListPage } from '../db/admin-page.js';
import type { Executor } from '../db/database.js';
import type { DomainAllowsTable, DomainBlocksTable } from './domain-moderation.table.js';

/** The admin lists' page (src/db/admin-page.ts), for the use cases that page these tables. */
export type { IdPage };

export type DomainBlockRow = Selectable<DomainBlocksTable>;
export type DomainAllowRow = Selectable<DomainAllowsTable>;

export async function listDomainBlocks(db: Executor, q: IdPage): Promise<DomainBlockRow[]> {
  return (await adminListPage(db, 'domain_blocks', q)) as DomainBlockRow[];
}

export async function findDomainBlock(db: Executor, id: number): Promise<DomainBlockRow | undefined> {
  return db.selectFrom('domain_blocks').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The block on the host itself or on its nearest parent (`variants` longest first: hostVariants), as Mastodon's DomainBlock.rule_for. */
export async function domainBlockCovering(db: Executor, variants: readonly string[]): Promise<DomainBlockRow | undefined> {
  if (variants.length === 0) return undefined;
  const rows = await db.selectFrom('domain_blocks').selectAll().where('domain', 'in', [...variants]).execute();
  return rows.sort((a, b) => b.domain.length - a.domain.length)[0];
}

/** Every block: the decision functions keep them in memory (domain-policy.ts), as there are at most some thousands. */
export async function allDomainBlocks(db: Executor): Promise<DomainBlockRow[]> {
  return db.selectFrom('domain_blocks').selectAll().execute();
}

/** The blocks shown to users (silence and suspend), silenced first, then by domain (Mastodon's with_user_facing_limitations.by_severity). */
export async function userFacingDomainBlocks(db: Executor): Promise<DomainBlockRow[]> {
  const rows = await db.selectFrom('domain_blocks').selectAll().where('severity', 'in', ['silence', 'suspend']).execute();
  const rank = { noop: 0, silence: 1, suspend: 2 } as const;
  return rows.sort((a, b) => rank[a.severity] - rank[b.severity] || (a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0));
}

export async function insertDomainBlock(db: Executor, row: Insertable<DomainBlocksTable>): Promise<DomainBlockRow> {
  return db.insertInto('domain_blocks').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateDomainBlock(db: Executor, id: number, set: Updateable<DomainBlocksTable>): Promise<DomainBlockRow> {
  return db.updateTable('domain_blocks').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteDomainBlock(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('domain_blocks').where('id', '=', id).execute();
}

export async function listDomainAllows(db: Executor, q: IdPage): Promise<DomainAllowRow[]> {
  return (await adminListPage(db, 'domain_allows', q)) as DomainAllowRow[];
}

export async function findDomainAllow(db: Executor, id: number): Promise<DomainAllowRow | undefined> {
  return db.selectFrom('domain_allows').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findDomainAllowByDomain(db: Executor, domain: string): Promise<DomainAllowRow | undefined> {
  return db.selectFrom('domain_allows').selectAll().where('domain', '=', domain).executeTakeFirst();
}

export async function allDomainAllows(db: Executor): Promise<string[]> {
  return (await db.selectFrom('domain_allows').select('domain').execute()).map((r) => r.domain);
}

export async function insertDomainAllow(db: Executor, row: Insertable<DomainAllowsTable>): Promise<DomainAllowRow> {
  return db.insertInto('domain_allows').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function deleteDomainAllow(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('domain_allows').where('id', '=', id).execute();
}
