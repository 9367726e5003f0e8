import type { Generated } from 'kysely';

/** A link's preview as fetched once per URL (Mastodon's PreviewCard). */
export interface PreviewCardsTable {
  id: Generated<number>;
  url: string;
  title: string;
  description: string;
  /** Always 'link' here: no oEmbed players or iframes from other sites. */
  type: string;
  author_name: string;
  author_url: string;
  provider_name: string;
  provider_url: string;
  language: string | null;
  published_at: string | null;
  /** The preview image in the media store; null for none. */
  image_key: string | null;
  image_description: string;
  width: number;
  height: number;
  blurhash: string | null;
  /** 0/1: the page gave a title to show (0: fetched, nothing usable; not shown). */
  usable: number;
  fetched_at: string;
}

/** Which card a status shows (Mastodon's preview_cards_statuses, one card per status). */
export interface StatusCardsTable {
  status_id: number;
  preview_card_id: number;
}
