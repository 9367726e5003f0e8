import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { PollsTable } from './polls.table.js';

/**
 * The expiry stored for a poll that names none (a remote Question without endTime): far enough that it never
 * ends, and presented as Mastodon presents an open-ended poll (expires_at null).
 */
export const OPEN_ENDED = '9999-12-31T23:59:59.999Z';

export type PollRow = Selectable<PollsTable>;

export async function insertPoll(db: Executor, row: Insertable<PollsTable>): Promise<PollRow> {
  return db.insertInto('polls').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findPoll(db: Executor, id: number): Promise<PollRow | undefined> {
  return db.selectFrom('polls').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findPolls(db: Executor, ids: readonly number[]): Promise<PollRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('polls').selectAll().where('id', 'in', [...new Set(ids)]).execute();
}

/** The option titles and tallies of a row, parsed. */
export function optionsOf(p: PollRow): { titles: string[]; tallies: number[] } {
  const titles = JSON.parse(p.options) as string[];
  const tallies = JSON.parse(p.tallies) as number[];
  return { titles, tallies: titles.map((_, i) => Number(tallies[i] ?? 0)) };
}

/** The choices each of these polls has from one voter. */
export async function choicesOf(db: Executor, accountId: number, pollIds: readonly number[]): Promise<Map<number, number[]>> {
  const map = new Map<number, number[]>();
  if (pollIds.length === 0) return map;
  const rows = await db
    .selectFrom('poll_votes')
    .select(['poll_id', 'choice'])
    .where('poll_id', 'in', [...new Set(pollIds)])
    .where('account_id', '=', accountId)
    .orderBy('poll_id')
    .orderBy('choice')
    .execute();
  for (const r of rows) {
    const list = map.get(Number(r.poll_id)) ?? [];
    list.push(Number(r.choice));
    map.set(Number(r.poll_id), list);
  }
  return map;
}

/**
 * The poll, read with a write: the write takes its row lock (PostgreSQL) or
 * the database's (SQLite), so votes on one poll are judged and counted one
 * after another, never against a stale tally or a stale "has voted".
 */
export async function lockPoll(db: Executor, id: number, now: string): Promise<PollRow | undefined> {
  return db.updateTable('polls').set({ updated_at: now }).where('id', '=', id).returningAll().executeTakeFirst();
}

/** Records a voter's choices and adds them to the tallies of the poll as `lockPoll` read it. */
export async function recordVotes(db: Executor, p: PollRow, accountId: number, choices: readonly number[], firstVote: boolean, now: string): Promise<PollRow> {
  await db.insertInto('poll_votes').values(choices.map((choice) => ({ poll_id: Number(p.id), account_id: accountId, choice, created_at: now }))).execute();
  const { tallies } = optionsOf(p);
  for (const c of choices) tallies[c] = (tallies[c] ?? 0) + 1;
  return db
    .updateTable('polls')
    .set({ tallies: JSON.stringify(tallies), votes_count: Number(p.votes_count) + choices.length, voters_count: Number(p.voters_count) + (firstVote ? 1 : 0), updated_at: now })
    .where('id', '=', Number(p.id))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Changes a poll in an edit; `resetVotes` (its options or kind changed) also drops every vote, as Mastodon's reset_votes!. */
export async function updatePoll(
  db: Executor,
  id: number,
  patch: { options: string[]; multiple: boolean; hideTotals: boolean; expiresAt: string; resetVotes: boolean },
  now: string,
): Promise<PollRow> {
  if (patch.resetVotes) await db.deleteFrom('poll_votes').where('poll_id', '=', id).execute();
  return db
    .updateTable('polls')
    .set({
      options: JSON.stringify(patch.options),
      multiple: patch.multiple ? 1 : 0,
      hide_totals: patch.hideTotals ? 1 : 0,
      expires_at: patch.expiresAt,
      updated_at: now,
      ...(patch.resetVotes ? { tallies: JSON.stringify(patch.options.map(() => 0)), votes_count: 0, voters_count: 0 } : {}),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deletePoll(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('polls').where('id', '=', id).execute();
}

/** Whether anyone has voted. */
export async function hasVotes(db: Executor, pollId: number): Promise<boolean> {
  return (await db.selectFrom('poll_votes').select('id').where('poll_id', '=', pollId).limit(1).executeTakeFirst()) !== undefined;
}

/** The distinct voters of a poll, a page at a time by account id. */
export async function voterIds(db: Executor, pollId: number, afterAccountId: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('poll_votes')
    .select('account_id')
    .distinct()
    .where('poll_id', '=', pollId)
    .where('account_id', '>', afterAccountId)
    .orderBy('account_id')
    .limit(limit)
    .execute();
  return rows.map((r) => Number(r.account_id));
}

/**
 * Whether the end of a poll that ended at `endedAt` has been told to its
 * author: the end-of-poll notifications carry that time, so a job run twice
 * (or once more after a crash) finds its own earlier work.
 */
export async function endAlreadyTold(db: Executor, statusId: number, authorId: number, endedAt: string): Promise<boolean> {
  const row = await db
    .selectFrom('notifications')
    .select('id')
    .where('account_id', '=', authorId)
    .where('type', '=', 'poll')
    .where('status_id', '=', statusId)
    .where('created_at', '=', endedAt)
    .executeTakeFirst();
  return row !== undefined;
}
