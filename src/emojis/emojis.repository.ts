import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { CustomEmojisTable } from './emojis.table.js';

export type CustomEmojiRow = Selectable<CustomEmojisTable>;

/** Enabled emojis among these shortcodes (case as written: shortcodes are case-sensitive, as Mastodon's). */
export async function enabledEmojisByShortcodes(db: Executor, codes: readonly string[]): Promise<CustomEmojiRow[]> {
  if (codes.length === 0) return [];
  return db.selectFrom('custom_emojis').selectAll().where('shortcode', 'in', [...new Set(codes)]).where('disabled', '=', 0).execute();
}

export async function listEnabledEmojis(db: Executor): Promise<CustomEmojiRow[]> {
  return db.selectFrom('custom_emojis').selectAll().where('disabled', '=', 0).orderBy('shortcode').execute();
}

export async function listAllEmojis(db: Executor): Promise<CustomEmojiRow[]> {
  return db.selectFrom('custom_emojis').selectAll().orderBy('shortcode').execute();
}

export async function findEmoji(db: Executor, id: number): Promise<CustomEmojiRow | undefined> {
  return db.selectFrom('custom_emojis').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findEmojiByShortcode(db: Executor, shortcode: string): Promise<CustomEmojiRow | undefined> {
  return db.selectFrom('custom_emojis').selectAll().where('shortcode', '=', shortcode).executeTakeFirst();
}

export async function insertEmoji(db: Executor, row: Insertable<CustomEmojisTable>): Promise<CustomEmojiRow> {
  return db.insertInto('custom_emojis').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateEmoji(db: Executor, id: number, patch: Partial<Pick<CustomEmojiRow, 'category' | 'visible_in_picker' | 'disabled'>>, now: string): Promise<CustomEmojiRow | undefined> {
  return db.updateTable('custom_emojis').set({ ...patch, updated_at: now }).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function deleteEmoji(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('custom_emojis').where('id', '=', id).execute();
}
