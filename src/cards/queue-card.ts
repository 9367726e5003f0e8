import type { Config } from '../app/config.js';
import type { Executor } from '../db/database.js';
import { enqueue } from '../jobs/enqueue.js';
import type { StatusRow } from '../statuses/statuses.repository.js';
import { firstLink } from './first-link.js';

export const CARD_JOB = 'card.fetch';

/** A card fetch's input: the status (its text read again when the job runs, so an edit in between is what counts). */
export interface CardJobPayload {
  status: number;
}

/** Attempts for one card: a site down now is tried again a little later, then left (Mastodon does not retry at all). */
export const CARD_JOB_ATTEMPTS = 3;

/**
 * Queues the fetch of a status's link preview in the caller's transaction
 * (so that it exists exactly when the status does), when its text links
 * somewhere; on an edit, also when it links nothing any more (the job takes
 * the old card off).
 */
export async function queueCardFetch(trx: Executor, config: Config, status: Pick<StatusRow, 'id' | 'text' | 'reblog_of_id'>, now: Date, options: { edited?: boolean } = {}): Promise<void> {
  if (status.reblog_of_id !== null) return;
  if (!options.edited && firstLink(status.text, config.publicUrl) === null) return;
  const payload: CardJobPayload = { status: Number(status.id) };
  await enqueue(trx, now, [{ kind: CARD_JOB, payload, maxAttempts: CARD_JOB_ATTEMPTS }]);
}
