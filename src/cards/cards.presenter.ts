import type { PreviewCard } from '../http/schemas/cards.js';
import type { MediaStore } from '../media/store.js';
import type { PreviewCardRow } from './cards.repository.js';

/** Mastodon's PreviewCard entity: the schema's type, so `tsc` fails if the presenter drifts from it. */
export type PreviewCardJson = PreviewCard;

/** One card as Mastodon's serializer shows it; every field listed. */
export function presentCard(store: Pick<MediaStore, 'url'>, c: PreviewCardRow): PreviewCardJson {
  return {
    url: c.url,
    title: c.title,
    description: c.description,
    language: c.language,
    type: 'link',
    author_name: c.author_name,
    author_url: c.author_url,
    provider_name: c.provider_name,
    provider_url: c.provider_url,
    html: '',
    width: Number(c.width),
    height: Number(c.height),
    image: c.image_key ? store.url(c.image_key) : null,
    image_description: c.image_description,
    embed_url: '',
    blurhash: c.blurhash,
    published_at: c.published_at,
    authors: c.author_name ? [{ name: c.author_name, url: c.author_url, account: null }] : [],
  };
}
