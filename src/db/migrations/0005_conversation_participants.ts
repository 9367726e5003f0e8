import type { Kysely } from 'kysely';
import { idColumn } from './helpers.js';

// Frozen: never edit a migration that has shipped; add a new one.
// Direct conversations were keyed by thread, so everyone who sent a direct reply
// under one public post shared a conversation and saw the others. As Mastodon
// does (account_conversations), a conversation is now one row per account,
// thread and set of participants (the sender and the accounts mentioned).
// Stored rows mixed people, so they are rebuilt from the direct statuses
// themselves; a conversation the account had removed stays removed, one it had
// read stays read.

const BATCH = 1000;

/** Sorted ids, comma-joined: the participants other than the row's owner. */
function key(ids: Iterable<number>): string {
  return [...new Set(ids)].sort((a, b) => a - b).join(',');
}

export async function up(db: Kysely<any>): Promise<void> {
  await idColumn(db, db.schema.createTable('account_conversations'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('conversation_id', 'bigint', (c) => c.notNull())
    .addColumn('participant_ids', 'text', (c) => c.notNull())
    .addColumn('last_status_id', 'bigint', (c) => c.notNull())
    .addColumn('unread', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('account_conversations_key', ['account_id', 'conversation_id', 'participant_ids'])
    .execute();
  await db.schema.createIndex('account_conversations_account').on('account_conversations').columns(['account_id', 'last_status_id']).execute();

  // Old membership, by thread and account: which threads each account still kept, and whether it had read them.
  const kept = new Map<string, number>();
  for (let after = { conversation: -1, account: -1 }; ; ) {
    const { conversation, account } = after;
    const rows = await db
      .selectFrom('conversation_members')
      .select(['conversation_id', 'account_id', 'unread'])
      .where((eb) => eb.or([eb('conversation_id', '>', conversation), eb.and([eb('conversation_id', '=', conversation), eb('account_id', '>', account)])]))
      .orderBy('conversation_id')
      .orderBy('account_id')
      .limit(BATCH)
      .execute();
    for (const r of rows) kept.set(`${Number(r.conversation_id)}:${Number(r.account_id)}`, Number(r.unread));
    const last = rows[rows.length - 1];
    if (!last || rows.length < BATCH) break;
    after = { conversation: Number(last.conversation_id), account: Number(last.account_id) };
  }

  // Every direct status, in order: the last one of each (account, thread, participants) group, and its author.
  const groups = new Map<string, { accountId: number; conversationId: number; participants: string; last: number; lastAuthor: number }>();
  for (let after = 0; ; ) {
    const statuses = await db
      .selectFrom('statuses')
      .select(['id', 'account_id', 'conversation_id'])
      .where('visibility', '=', 'direct')
      .where('deleted_at', 'is', null)
      .where('reblog_of_id', 'is', null)
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    const lastStatus = statuses[statuses.length - 1];
    if (!lastStatus) break;
    const mentions = await db
      .selectFrom('mentions')
      .select(['status_id', 'account_id'])
      .where('status_id', 'in', statuses.map((s) => s.id))
      .execute();
    const mentioned = new Map<number, number[]>();
    for (const m of mentions) mentioned.set(Number(m.status_id), [...(mentioned.get(Number(m.status_id)) ?? []), Number(m.account_id)]);
    for (const s of statuses) {
      const id = Number(s.id);
      const author = Number(s.account_id);
      const conversationId = Number(s.conversation_id ?? s.id);
      const everyone = [...new Set([author, ...(mentioned.get(id) ?? [])])];
      for (const accountId of everyone) {
        const participants = key(everyone.filter((p) => p !== accountId));
        groups.set(`${accountId}:${conversationId}:${participants}`, { accountId, conversationId, participants, last: id, lastAuthor: author });
      }
    }
    after = Number(lastStatus.id);
  }

  const rows = [...groups.values()].flatMap((g) => {
    const old = kept.get(`${g.conversationId}:${g.accountId}`);
    if (old === undefined) return [];
    return [{ account_id: g.accountId, conversation_id: g.conversationId, participant_ids: g.participants, last_status_id: g.last, unread: old === 1 && g.lastAuthor !== g.accountId ? 1 : 0 }];
  });
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('account_conversations').values(rows.slice(i, i + 500)).execute();

  await db.schema.dropTable('conversation_members').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('conversation_members')
    .addColumn('conversation_id', 'bigint', (c) => c.notNull())
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('last_status_id', 'bigint', (c) => c.notNull())
    .addColumn('unread', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('conversation_members_pk', ['conversation_id', 'account_id'])
    .execute();
  await db.schema.createIndex('conversation_members_account').on('conversation_members').columns(['account_id', 'last_status_id']).execute();
  await db
    .insertInto('conversation_members')
    .columns(['conversation_id', 'account_id', 'last_status_id', 'unread'])
    .expression((eb) =>
      eb
        .selectFrom('account_conversations')
        .select((e) => ['conversation_id', 'account_id', e.fn.max('last_status_id').as('last_status_id'), e.fn.max('unread').as('unread')])
        .groupBy(['conversation_id', 'account_id']),
    )
    .execute();
  await db.schema.dropTable('account_conversations').execute();
}
