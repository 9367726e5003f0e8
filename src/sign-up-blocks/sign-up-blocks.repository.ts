import type { Insertable, Selectable, Updateable } from 'kysely';
import { type IdPage, adminListPage } from '../db/admin-page.js';
import type { Executor } from '../db/database.js';
import type { CanonicalEmailBlocksTable, EmailDomainBlocksTable, IpBlocksTable } from './sign-up-blocks.table.js';

/** The admin lists' page (src/db/admin-page.ts), for the use cases that page these tables. */
export type { IdPage };

export type EmailDomainBlockRow = Selectable<EmailDomainBlocksTable>;
export type CanonicalEmailBlockRow = Selectable<CanonicalEmailBlocksTable>;
export type IpBlockRow = Selectable<IpBlocksTable>;

export async function listEmailDomainBlocks(db: Executor, q: IdPage): Promise<EmailDomainBlockRow[]> {
  return (await adminListPage(db, 'email_domain_blocks', q)) as EmailDomainBlockRow[];
}

export async function findEmailDomainBlock(db: Executor, id: number): Promise<EmailDomainBlockRow | undefined> {
  return db.selectFrom('email_domain_blocks').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertEmailDomainBlock(db: Executor, row: Insertable<EmailDomainBlocksTable>): Promise<EmailDomainBlockRow> {
  return db.insertInto('email_domain_blocks').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function deleteEmailDomainBlock(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('email_domain_blocks').where('id', '=', id).execute();
}

/** The blocks naming the host or one of its parent domains, most specific first. */
export async function emailDomainBlocksCovering(db: Executor, host: string): Promise<EmailDomainBlockRow[]> {
  const labels = host.split('.');
  const candidates = labels.map((_, i) => labels.slice(i).join('.'));
  const rows = await db.selectFrom('email_domain_blocks').selectAll().where('domain', 'in', candidates).execute();
  return rows.sort((a, b) => b.domain.length - a.domain.length);
}

export async function recordEmailDomainAttempt(db: Executor, blockId: number, ip: string, at: string): Promise<void> {
  await db.insertInto('email_domain_block_attempts').values({ block_id: blockId, ip, created_at: at }).execute();
}

/** Refused sign-ups per block since `since` (ISO), as (block, day, uses, distinct addresses). */
export async function attemptsByDay(db: Executor, blockIds: readonly number[], since: string): Promise<{ blockId: number; day: string; uses: number; accounts: number }[]> {
  if (blockIds.length === 0) return [];
  const rows = await db
    .selectFrom('email_domain_block_attempts')
    .select(['block_id', 'ip', 'created_at'])
    .where('block_id', 'in', [...blockIds])
    .where('created_at', '>=', since)
    .execute();
  const by = new Map<string, { blockId: number; day: string; uses: number; ips: Set<string> }>();
  for (const r of rows) {
    const day = r.created_at.slice(0, 10);
    const key = `${r.block_id}|${day}`;
    const e = by.get(key) ?? { blockId: Number(r.block_id), day, uses: 0, ips: new Set<string>() };
    e.uses += 1;
    e.ips.add(r.ip);
    by.set(key, e);
  }
  return [...by.values()].map((e) => ({ blockId: e.blockId, day: e.day, uses: e.uses, accounts: e.ips.size }));
}

export async function listCanonicalEmailBlocks(db: Executor, q: IdPage): Promise<CanonicalEmailBlockRow[]> {
  return (await adminListPage(db, 'canonical_email_blocks', q)) as CanonicalEmailBlockRow[];
}

export async function findCanonicalEmailBlock(db: Executor, id: number): Promise<CanonicalEmailBlockRow | undefined> {
  return db.selectFrom('canonical_email_blocks').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function canonicalEmailBlocksWithHash(db: Executor, hash: string): Promise<CanonicalEmailBlockRow[]> {
  return db.selectFrom('canonical_email_blocks').selectAll().where('canonical_email_hash', '=', hash).orderBy('id', 'desc').execute();
}

export async function insertCanonicalEmailBlock(db: Executor, row: Insertable<CanonicalEmailBlocksTable>): Promise<CanonicalEmailBlockRow> {
  return db.insertInto('canonical_email_blocks').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function deleteCanonicalEmailBlock(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('canonical_email_blocks').where('id', '=', id).execute();
}

export async function listIpBlocks(db: Executor, q: IdPage): Promise<IpBlockRow[]> {
  return (await adminListPage(db, 'ip_blocks', q)) as IpBlockRow[];
}

export async function findIpBlock(db: Executor, id: number): Promise<IpBlockRow | undefined> {
  return db.selectFrom('ip_blocks').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findIpBlockByRange(db: Executor, ip: string): Promise<IpBlockRow | undefined> {
  return db.selectFrom('ip_blocks').selectAll().where('ip', '=', ip).executeTakeFirst();
}

/** Blocks in force at `now`: the request-time checks read these (few rows; cached by ip-access.ts). */
export async function liveIpBlocks(db: Executor, now: string): Promise<IpBlockRow[]> {
  return db
    .selectFrom('ip_blocks')
    .selectAll()
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .execute();
}

export async function insertIpBlock(db: Executor, row: Insertable<IpBlocksTable>): Promise<IpBlockRow> {
  return db.insertInto('ip_blocks').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateIpBlock(db: Executor, id: number, set: Updateable<IpBlocksTable>): Promise<IpBlockRow> {
  return db.updateTable('ip_blocks').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteIpBlock(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('ip_blocks').where('id', '=', id).execute();
}
