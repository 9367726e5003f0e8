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
  /** Trend review: null follows its publisher (preview_card_providers), 1 approved, 0 rejected. */
  trendable: number | null;
  /** 'article' when the page calls itself one (og:type), else 'unknown'; only articles trend, as Mastodon's. */
  link_type: Generated<string>;
}

/** A publisher of links (Mastodon's PreviewCardProvider): a domain whose links a reviewer allowed or refused to trend. */
export interface PreviewCardProvidersTable {
  id: Generated<number>;
  /** Lower-cased host; covers its subdomains, the longest match winning. */
  domain: string;
  /** null: not decided (its links do not trend unless allowed one by one); 1 allowed; 0 refused. */
  trendable: number | null;
  reviewed_at: string | null;
  /** When one of its links first trended while it was unreviewed. */
  requested_review_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Which card a status shows (Mastodon's preview_cards_statuses, one card per status). */
export interface StatusCardsTable {
  status_id: number;
  preview_card_id: number;
}
