import type { Context } from '../app/context.js';
import { VERSION } from '../app/version.js';
import { LIMITS, MEDIA_LIMITS } from '../domain/limits.js';

/** Counts that the instance and NodeInfo documents publish. */
export async function instanceStats(ctx: Context) {
  const db = ctx.db;
  const [users, posts, verified] = await Promise.all([
    db.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).where('closed_at', 'is', null).executeTakeFirstOrThrow(),
    db.selectFrom('accounts').select((eb) => eb.fn.sum<number>('statuses_count').as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('gov_profiles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { users: Number(users.n), posts: Number(posts.n ?? 0), verified: Number(verified.n) };
}

/** Mastodon reports a compatible version so that clients enable the features they check for. */
export const MASTODON_COMPAT_VERSION = `4.3.0 (compatible; govblog ${VERSION})`;

export function instanceConfiguration(ctx: Context) {
  return {
    urls: { streaming: ctx.config.publicUrl.replace(/^http/, 'ws') },
    accounts: { max_featured_tags: 10, max_pinned_statuses: 5 },
    statuses: { max_characters: LIMITS.statusMax, max_media_attachments: MEDIA_LIMITS.perStatus, characters_reserved_per_url: 23 },
    // Images only: no video or audio (README: Media), so their limits are 0.
    media_attachments: {
      supported_mime_types: [...MEDIA_LIMITS.imageTypes],
      image_size_limit: ctx.config.mediaSizeLimit,
      image_matrix_limit: MEDIA_LIMITS.imageMatrixLimit,
      video_size_limit: 0,
      video_frame_rate_limit: 0,
      video_matrix_limit: 0,
      description_limit: MEDIA_LIMITS.descriptionMax,
    },
    polls: { max_options: 4, max_characters_per_option: 50, min_expiration: 300, max_expiration: 2629746 },
    translation: { enabled: false },
  };
}
