import type { PollRow } from './polls.repository.js';

/** Why a vote cannot be taken, as Mastodon's VoteValidator says it (a 422 naming `choices`); null when it can. */
export function voteProblem(poll: PollRow, voterId: number, already: readonly number[], choices: readonly number[], optionCount: number, now: Date): string | null {
  if (choices.length === 0) return "can't be blank";
  if (new Date(poll.expires_at).getTime() <= now.getTime()) return 'the poll has already ended';
  if (choices.some((c) => !Number.isInteger(c) || c < 0 || c >= optionCount)) return 'names an option the poll does not have';
  if (voterId === Number(poll.account_id)) return 'cannot be given in your own poll';
  if (poll.multiple !== 1 && (already.length > 0 || choices.length > 1)) return already.length > 0 ? 'has already been given' : 'may name only one option in this poll';
  if (new Set(choices).size !== choices.length || choices.some((c) => already.includes(c))) return 'has already been given';
  return null;
}
