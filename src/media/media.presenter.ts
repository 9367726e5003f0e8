import type { MediaAttachment } from '../http/schemas/media.js';
import type { MediaStore } from './store.js';
import type { MediaRow } from './media.repository.js';

/** Mastodon's MediaAttachment entity: the schema's type, so `tsc` fails if the presenter drifts from it. */
export type MediaJson = MediaAttachment;

/** One attachment as Mastodon's serializer shows it; every field listed. */
export function presentMedia(store: Pick<MediaStore, 'url'>, m: MediaRow): MediaJson {
  // A remote status's attachment is shown from its server until a copy is stored here (empty keys), as Mastodon does for uncached media.
  const remoteOnly = m.remote_url !== null && m.file_key === '';
  return {
    id: String(m.id),
    type: m.type,
    url: remoteOnly ? (m.remote_url as string) : store.url(m.file_key),
    preview_url: remoteOnly ? (m.remote_url as string) : store.url(m.preview_key),
    remote_url: m.remote_url,
    preview_remote_url: null,
    text_url: null,
    meta: JSON.parse(m.meta) as MediaJson['meta'],
    description: m.description,
    blurhash: m.blurhash,
  };
}
