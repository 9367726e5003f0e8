import type { z } from 'zod';
import { escapeHtml } from '../app/html.js';
import type { Config } from '../app/config.js';
import type { OEmbedSchema } from '../http/schemas/statuses.js';
import type { StatusJson } from './statuses.presenter.js';

/** Mastodon's OEmbedSerializer: a `rich` oEmbed 1.0 answer whose html frames the status's embed page. */
export type OEmbedJson = z.infer<typeof OEmbedSchema>;

const DEFAULT_WIDTH = 400;

/**
 * The answer for one status. The iframe carries no script: Mastodon's
 * embed.js only resizes the frame, and govblog serves no script to pages of
 * others. width: `maxwidth` or 400; height: `maxheight` or null, as Mastodon.
 */
export function presentOEmbed(config: Config, st: StatusJson, size: { maxwidth?: number | undefined; maxheight?: number | undefined }): OEmbedJson {
  const width = size.maxwidth ?? DEFAULT_WIDTH;
  const height = size.maxheight ?? null;
  const src = `${st.url}/embed`;
  const html = `<iframe src="${escapeHtml(src)}" class="mastodon-embed" style="max-width: 100%; border: 0" width="${width}"${height === null ? '' : ` height="${height}"`} allowfullscreen="allowfullscreen"></iframe>`;
  return {
    type: 'rich',
    version: '1.0',
    author_name: st.account.display_name || st.account.username,
    author_url: st.account.url,
    provider_name: config.provider,
    provider_url: `${config.publicUrl}/`,
    cache_age: 86_400,
    html,
    width,
    height,
  };
}
