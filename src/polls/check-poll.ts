import { fieldError } from '../app/errors.js';
import { POLL_LIMITS } from '../domain/limits.js';

/** A poll as a client sends it with a status (`poll[options][]`, `poll[expires_in]`, …), after the schema's checks of type. */
export interface PollInput {
  options: readonly string[];
  expires_in?: number | undefined;
  multiple?: boolean | undefined;
  hide_totals?: boolean | undefined;
}

/** A poll that passed Mastodon's checks; kept as is in a scheduled status, so its expiry counts from posting. */
export interface CheckedPoll {
  options: string[];
  /** Seconds from posting. */
  expiresIn: number;
  multiple: boolean;
  hideTotals: boolean;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function graphemeLength(s: string): number {
  let n = 0;
  for (const _ of graphemes.segment(s)) n++;
  return n;
}

/**
 * Mastodon's PollValidator: options trimmed and blank ones dropped, then two
 * to `maxOptions` of them, none longer than `maxCharactersPerOption`
 * graphemes, no two alike; an expiry between five minutes and a month. Each
 * problem is a 422 naming `poll.options` or `poll.expires_in`.
 */
export function checkPoll(input: PollInput | undefined): CheckedPoll | null {
  if (input === undefined) return null;
  const options = input.options.map((o) => o.trim()).filter((o) => o !== '');
  if (options.length < 2) throw fieldError('poll.options', 'ERR_TOO_SHORT', 'must have at least 2 options');
  if (options.length > POLL_LIMITS.maxOptions) throw fieldError('poll.options', 'ERR_TOO_LONG', `must have at most ${POLL_LIMITS.maxOptions} options`);
  if (options.some((o) => graphemeLength(o) > POLL_LIMITS.maxCharactersPerOption))
    throw fieldError('poll.options', 'ERR_TOO_LONG', `must each be at most ${POLL_LIMITS.maxCharactersPerOption} characters`);
  if (new Set(options).size !== options.length) throw fieldError('poll.options', 'ERR_TAKEN', 'must not repeat an option');
  const expiresIn = input.expires_in;
  if (expiresIn === undefined) throw fieldError('poll.expires_in', 'ERR_BLANK', "can't be blank");
  if (expiresIn < POLL_LIMITS.minExpiration) throw fieldError('poll.expires_in', 'ERR_TOO_SHORT', `must be at least ${POLL_LIMITS.minExpiration} seconds`);
  if (expiresIn > POLL_LIMITS.maxExpiration) throw fieldError('poll.expires_in', 'ERR_TOO_LONG', `must be at most ${POLL_LIMITS.maxExpiration} seconds`);
  return { options, expiresIn, multiple: input.multiple === true, hideTotals: input.hide_totals === true };
}
