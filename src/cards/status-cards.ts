import type { Context } from '../app/context.js';
import type { StatusRow } from '../statuses/statuses.repository.js';
import { type PreviewCardJson, presentCard } from './cards.presenter.js';
import { cardsOfStatuses } from './cards.repository.js';

/** Whether a status may carry a card at all: an original whose text has a web address (most pages then need no query). */
export function mayHaveCard(s: Pick<StatusRow, 'reblog_of_id' | 'text'>): boolean {
  return s.reblog_of_id === null && /https?:\/\//i.test(s.text);
}

/** The presented cards of these statuses, by status id (one query). */
export async function cardsOf(ctx: Context, statusIds: readonly number[]): Promise<Map<number, PreviewCardJson>> {
  const out = new Map<number, PreviewCardJson>();
  if (statusIds.length === 0) return out;
  for (const [id, row] of await cardsOfStatuses(ctx.db, statusIds)) out.set(id, presentCard(ctx.media, row));
  return out;
}
