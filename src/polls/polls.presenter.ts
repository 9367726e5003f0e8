import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { z } from 'zod';
import type { PollSchema } from '../http/schemas/statuses.js';
import type { StatusRow } from '../statuses/statuses.repository.js';
import { OPEN_ENDED, type PollRow, choicesOf, findPolls, optionsOf } from './polls.repository.js';

/** Mastodon's Poll entity. */
export type PollJson = z.infer<typeof PollSchema>;

/**
 * A poll as one reader sees it at `now`: the counts per option are hidden
 * while a hide_totals poll runs, except from its author; `voted` and
 * `own_votes` are there only for a signed-in reader (`ownVotes` defined),
 * and the author counts as having voted (Mastodon's Poll#voted?).
 */
export function presentPoll(p: PollRow, viewerId: number | null, ownVotes: readonly number[] | undefined, now: Date): PollJson {
  const expired = new Date(p.expires_at).getTime() <= now.getTime();
  const author = viewerId !== null && viewerId === Number(p.account_id);
  const showTotals = expired || p.hide_totals !== 1 || author;
  const { titles, tallies } = optionsOf(p);
  return {
    id: String(p.id),
    expires_at: p.expires_at === OPEN_ENDED ? null : p.expires_at,
    expired,
    multiple: p.multiple === 1,
    votes_count: Number(p.votes_count),
    voters_count: Number(p.voters_count),
    options: titles.map((title, i) => ({ title, votes_count: showTotals ? (tallies[i] ?? 0) : null })),
    emojis: [],
    ...(viewerId !== null ? { voted: author || (ownVotes ?? []).length > 0, own_votes: [...(ownVotes ?? [])] } : {}),
  };
}

/**
 * The polls of a batch of statuses as the viewer sees them, by status id:
 * nothing is asked of the database when none of them has a poll, else one
 * query for the polls and one for the viewer's choices. Never cached: what
 * a poll shows changes with every vote and with the clock.
 */
export async function presentedPollsOf(ctx: Context, viewer: AccountRow | null, rows: readonly StatusRow[]): Promise<Map<number, PollJson>> {
  const out = new Map<number, PollJson>();
  const withPoll = rows.filter((r) => r.poll_id !== null && r.reblog_of_id === null);
  if (withPoll.length === 0) return out;
  const pollIds = withPoll.map((r) => Number(r.poll_id));
  const viewerId = viewer ? Number(viewer.id) : null;
  const [polls, choices] = await Promise.all([findPolls(ctx.db, pollIds), viewerId === null ? Promise.resolve(new Map<number, number[]>()) : choicesOf(ctx.db, viewerId, pollIds)]);
  const now = ctx.clock.now();
  for (const p of polls) out.set(Number(p.status_id), presentPoll(p, viewerId, viewerId === null ? undefined : (choices.get(Number(p.id)) ?? []), now));
  return out;
}

/** One poll as the viewer sees it (GET /api/v1/polls/:id, the answer to a vote). */
export async function presentPollFor(ctx: Context, viewer: AccountRow | null, p: PollRow): Promise<PollJson> {
  if (!viewer) return presentPoll(p, null, undefined, ctx.clock.now());
  const mine = (await choicesOf(ctx.db, Number(viewer.id), [Number(p.id)])).get(Number(p.id)) ?? [];
  return presentPoll(p, Number(viewer.id), mine, ctx.clock.now());
}
