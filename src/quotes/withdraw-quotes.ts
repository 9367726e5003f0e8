import type { Executor } from '../db/database.js';
import { bumpStatusCounter } from '../statuses/statuses.repository.js';
import { quotesByStatus, setQuoteState } from './quotes.repository.js';

/** The quotes made by deleted statuses end (state `deleted`); an accepted one no longer counts on the quoted status (Mastodon's decrement_counter_caches!). */
export async function withdrawQuotes(trx: Executor, statusIds: readonly number[], at: string): Promise<void> {
  for (const q of (await quotesByStatus(trx, statusIds)).values()) {
    if (q.state === 'deleted') continue;
    if (q.state === 'accepted' && q.quoted_status_id !== null) await bumpStatusCounter(trx, Number(q.quoted_status_id), 'quotes_count', -1);
    await setQuoteState(trx, Number(q.id), 'deleted', at);
  }
}
