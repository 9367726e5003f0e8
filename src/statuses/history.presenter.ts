import type { z } from 'zod';
import type { AccountJson } from '../accounts/accounts.presenter.js';
import type { StatusEditSchema } from '../http/schemas/statuses.js';
import type { MediaJson } from '../media/media.presenter.js';
import type { StatusEditRow } from './history.repository.js';

/** Mastodon's StatusEdit entity. */
export type StatusEditJson = z.infer<typeof StatusEditSchema>;

/** One version of a status; `poll` only where that version had one, as Mastodon's serializer. */
export function presentStatusEdit(e: Pick<StatusEditRow, 'content' | 'spoiler_text' | 'sensitive' | 'created_at' | 'media' | 'poll_options'>, account: AccountJson): StatusEditJson {
  const options = e.poll_options === null ? null : (JSON.parse(e.poll_options) as string[]);
  return {
    content: e.content,
    spoiler_text: e.spoiler_text,
    sensitive: e.sensitive === 1 || e.spoiler_text !== '',
    created_at: e.created_at,
    ...(options ? { poll: { options: options.map((title) => ({ title })) } } : {}),
    account,
    media_attachments: JSON.parse(e.media) as MediaJson[],
    emojis: [],
  };
}
