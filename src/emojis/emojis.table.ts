import type { Generated } from 'kysely';

/** A custom emoji admins added: `:shortcode:` in a post or a name shows its image. */
export interface CustomEmojisTable {
  id: Generated<number>;
  /** Letters, digits and underscores, 2 to 30 of them; unique. */
  shortcode: string;
  /** Media store keys of the image and of its still (the same key unless animated). */
  image_key: string;
  static_key: string;
  category: string | null;
  /** 0/1 */
  visible_in_picker: number;
  /** 0/1: kept but not shown. */
  disabled: number;
  created_at: string;
  updated_at: string;
}
