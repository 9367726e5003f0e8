import type { Context } from '../app/context.js';
import { VERSION } from '../app/version.js';
import { LIMITS, MEDIA_LIMITS, POLL_LIMITS } from '../domain/limits.js';
import { findAccountByUsername } from '../accounts/accounts.repository.js';
import { presentOne } from '../accounts/accounts.presenter.js';

/** Counts that the instance and NodeInfo documents publish. */
export async function instanceStats(ctx: Context) {
  const db = ctx.db;
  // This provider's own accounts and statuses only (as Mastodon's user_count and status_count); another server's are counted there.
  const [users, posts, verified, domains] = await Promise.all([
    db.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).where('closed_at', 'is', null).where('domain', 'is', null).executeTakeFirstOrThrow(),
    db.selectFrom('accounts').select((eb) => eb.fn.sum<number>('statuses_count').as('n')).where('domain', 'is', null).executeTakeFirstOrThrow(),
    db.selectFrom('gov_profiles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('accounts').select((eb) => eb.fn.count<number>('domain').distinct().as('n')).where('domain', 'is not', null).executeTakeFirstOrThrow(),
  ]);
  return { users: Number(users.n), posts: Number(posts.n ?? 0), verified: Number(verified.n), domains: Number(domains.n) };
}

/**
 * The version Mastodon clients read. Clients choose between an API's variants
 * by it (v2 instance from 4.0, v2 media from 3.1.3, grouped v2 notifications
 * from 4.3), and govblog serves the newer variant of each of those, so it
 * says 4.3.0 — and no later, since 4.4's additions (quotes, collections,
 * the newer api_versions) are not here. What it lacks at any version (lists,
 * filters…) answers 404, as on a server without the feature.
 * The build metadata (`+govblog.<version>`, semver's own place for it, as
 * glitch-soc writes `+glitch`) keeps the string a valid semver, which the
 * `(compatible; …)` form of Pleroma is not, and names what really answers.
 * NodeInfo names govblog as the software, for clients (Phanpy) that read it first.
 */
export const MASTODON_COMPAT_VERSION = `4.3.0+govblog.${VERSION}`;

/** `api_versions.mastodon` of Mastodon 4.3, the level whose API variants govblog serves. */
export const MASTODON_API_VERSION = 2;

/** The provider's rules as Mastodon's Rule entities (ids in the configured order). */
export function instanceRules(ctx: Context) {
  return ctx.config.rules.map((r, i) => ({ id: String(i + 1), text: r.text, hint: r.hint }));
}

/** The configured contact account, presented; null when none is configured or it does not exist (or is closed). */
export async function contactAccount(ctx: Context) {
  if (!ctx.config.contactAccount) return null;
  const row = await findAccountByUsername(ctx.db, ctx.config.contactAccount);
  if (!row || row.closed_at) return null;
  return presentOne(ctx.db, ctx.config, row);
}

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
    polls: {
      max_options: POLL_LIMITS.maxOptions,
      max_characters_per_option: POLL_LIMITS.maxCharactersPerOption,
      min_expiration: POLL_LIMITS.minExpiration,
      max_expiration: POLL_LIMITS.maxExpiration,
    },
    translation: { enabled: false },
  };
}

/**
 * Languages offered for posting (GET /api/v1/instance/languages): Chinese and
 * the languages of China's larger minorities (Tibetan, Uyghur, Mongolian, Yi,
 * Zhuang, Korean), then the other UN languages and Japanese. A post may carry any
 * ISO 639 code; these are the ones a composer lists.
 */
export const POSTING_LANGUAGES = ['zh', 'bo', 'ug', 'mn', 'ii', 'za', 'ko', 'en', 'ru', 'fr', 'es', 'ar', 'ja'] as const;

export function postingLanguages() {
  const names = new Intl.DisplayNames(['en'], { type: 'language' });
  return POSTING_LANGUAGES.map((code) => ({ code, name: names.of(code) ?? code }));
}
