import type { Insertable, Selectable } from 'kysely';
import { changed } from '../app/transaction.js';
import type { Executor } from '../db/database.js';
import type { PreviewCardsTable } from './cards.table.js';

export type PreviewCardRow = Selectable<PreviewCardsTable>;
export type NewPreviewCard = Omit<Insertable<PreviewCardsTable>, 'id'>;

export async function findCardByUrl(db: Executor, url: string): Promise<PreviewCardRow | undefined> {
  return db.selectFrom('preview_cards').selectAll().where('url', '=', url).executeTakeFirst();
}

/** Stores what a fetch of `card.url` gave, replacing an older fetch of the same URL; the row as stored. */
export async function saveCard(db: Executor, card: NewPreviewCard): Promise<PreviewCardRow> {
  const { url, ...rest } = card;
  return db
    .insertInto('preview_cards')
    .values(card)
    .onConflict((oc) => oc.column('url').doUpdateSet(rest))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Shows the card on the status (one card per status: a later one replaces it); the status's presented copies are stale. */
export async function attachCard(db: Executor, statusId: number, cardId: number): Promise<void> {
  await db
    .insertInto('status_cards')
    .values({ status_id: statusId, preview_card_id: cardId })
    .onConflict((oc) => oc.column('status_id').doUpdateSet({ preview_card_id: cardId }))
    .execute();
  changed(db, 'statuses', [statusId]);
}

/** Takes the card off the status (its text no longer links anything, or links elsewhere). */
export async function detachCard(db: Executor, statusId: number): Promise<void> {
  const gone = await db.deleteFrom('status_cards').where('status_id', '=', statusId).executeTakeFirst();
  if (Number(gone.numDeletedRows) > 0) changed(db, 'statuses', [statusId]);
}

/** The usable cards of these statuses, by status id. */
export async function cardsOfStatuses(db: Executor, statusIds: readonly number[]): Promise<Map<number, PreviewCardRow>> {
  const map = new Map<number, PreviewCardRow>();
  if (statusIds.length === 0) return map;
  const rows = await db
    .selectFrom('status_cards')
    .innerJoin('preview_cards', 'preview_cards.id', 'status_cards.preview_card_id')
    .selectAll('preview_cards')
    .select('status_cards.status_id as status_id')
    .where('status_cards.status_id', 'in', [...new Set(statusIds)])
    .where('preview_cards.usable', '=', 1)
    .execute();
  for (const { status_id, ...card } of rows) map.set(Number(status_id), card);
  return map;
}
