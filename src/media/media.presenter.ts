import type { MediaAttachment } from '../http/schemas/media.js';
import type { MediaStore } from './store.js';
import type { MediaRow } from './media.repository.js';

/** Mastodon's MediaAttachment entity: the schema's type, so `tsc` fails if the presenter drifts from it. */
export type MediaJson = MediaAttachment;

/** One attachment as Mastodon's serializer shows it; every field listed. */
export function presentMedia(store: Pick<MediaStore, 'url'>, m: MediaRow): MediaJson {
  return {
    id: String(m.id),
    type: m.type,
    url: store.url(m.file_key),
    preview_url: store.url(m.preview_key),
    remote_url: null,
    preview_remote_url: null,
    text_url: null,
    meta: JSON.parse(m.meta) as MediaJson['meta'],
    description: m.description,
    blurhash: m.blurhash,
  };
}
