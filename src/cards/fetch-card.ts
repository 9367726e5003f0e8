import type { Context } from '../app/context.js';
import { PrivateAddressError } from '../app/private-address.js';
import { afterCommit, transaction } from '../app/transaction.js';
import { type JobHandler, type JobInfo, PermanentJobError, RetryJobError } from '../jobs/runner.js';
import { processAttachment } from '../media/process-image.js';
import { removeFiles } from '../media/status-media.js';
import { newMediaKey } from '../media/upload-media.js';
import { findStatus } from '../statuses/statuses.repository.js';
import { type NewPreviewCard, type PreviewCardRow, attachCard, detachCard, findCardByUrl, saveCard } from './cards.repository.js';
import { type DomainRules, loadDomainRules, ruleFor } from '../moderation/domain-policy.js';
import { type FetchLimits, RefusedHostError, UnusableAnswerError, fetchGuarded } from '../app/fetch-guarded.js';
import { firstLink } from './first-link.js';
import { pageCharset, parsePage } from './parse-page.js';
import { CARD_JOB, type CardJobPayload } from './queue-card.js';

/** What a card's fetch may take: the page (HTML only), then its preview image. */
export const CARD_LIMITS: { page: FetchLimits; image: FetchLimits } = {
  // Mastodon reads at most 1 MiB of a page; the head, where the tags are, comes first.
  page: { maxBytes: 1024 * 1024, timeoutMs: 10_000, maxRedirects: 3, accept: 'text/html', types: ['text/html'] },
  image: { maxBytes: 2 * 1024 * 1024, timeoutMs: 10_000, maxRedirects: 3, accept: 'image/jpeg, image/png, image/webp, image/gif', types: ['image/jpeg', 'image/png', 'image/webp', 'image/gif'] },
};

/** A URL's card is fetched again once this old (Mastodon: two weeks). */
export const CARD_FRESH_MS = 14 * 24 * 3600 * 1000;

function isPayload(p: unknown): p is CardJobPayload {
  return typeof p === 'object' && p !== null && Number.isSafeInteger((p as CardJobPayload).status);
}

/**
 * What the provider's domain blocks keep the card fetcher from: a suspended
 * domain is not contacted at all (no page, so no card); a domain whose media
 * are rejected gives no preview image, whether it serves the image or the
 * page that names it. The other parts of a block wait for federation.
 */
export function suspendedHost(rules: DomainRules): (host: string) => boolean {
  return (host) => ruleFor(rules, host)?.severity === 'suspend';
}

export function mediaRejectedHost(rules: DomainRules): (host: string) => boolean {
  return (host) => {
    const rule = ruleFor(rules, host);
    return rule !== null && (rule.rejectMedia || rule.severity === 'suspend');
  };
}

/** The preview image as this provider keeps it: the thumbnail (at most 640×360 worth of pixels), metadata stripped, its blurhash. */
async function storedImage(ctx: Context, imageUrl: string, signal: AbortSignal, rules: DomainRules): Promise<Pick<NewPreviewCard, 'image_key' | 'width' | 'height' | 'blurhash'> | null> {
  try {
    const fetched = await fetchGuarded(imageUrl, CARD_LIMITS.image, { allowPrivate: ctx.config.allowPrivatePeers, signal, refuseHost: mediaRejectedHost(rules) });
    const { small, blurhash } = await processAttachment(fetched.body, 'image');
    const key = newMediaKey(small.ext);
    await ctx.media.put(key, small.data, small.contentType);
    return { image_key: key, width: small.width, height: small.height, blurhash };
  } catch (err) {
    // A card without its picture is still a card.
    ctx.log.info({ err: (err as Error).message, url: imageUrl }, 'card: preview image not taken');
    return null;
  }
}

/**
 * Fetches `url` and stores its card (usable or not, so that a page without
 * one is not fetched again at once). Null, and nothing stored, when a
 * redirect leads to a suspended domain: once the block is lifted the page
 * is fetched again.
 */
async function fetchCard(ctx: Context, url: string, signal: AbortSignal, rules: DomainRules): Promise<PreviewCardRow | null> {
  const now = ctx.clock.now().toISOString();
  const empty: NewPreviewCard = {
    url,
    title: '',
    description: '',
    type: 'link',
    author_name: '',
    author_url: '',
    provider_name: '',
    provider_url: '',
    language: null,
    published_at: null,
    image_key: null,
    image_description: '',
    width: 0,
    height: 0,
    blurhash: null,
    usable: 0,
    fetched_at: now,
    trendable: null,
    link_type: 'unknown',
  };
  let card = empty;
  try {
    const page = await fetchGuarded(url, CARD_LIMITS.page, { allowPrivate: ctx.config.allowPrivatePeers, signal, refuseHost: suspendedHost(rules) });
    const html = new TextDecoder(pageCharset(page.contentType, page.body)).decode(page.body);
    const meta = parsePage(html, page.url);
    if (meta.title) {
      const provider = new URL(page.url);
      card = {
        ...empty,
        title: meta.title,
        description: meta.description,
        author_name: meta.authorName,
        provider_name: meta.siteName || provider.hostname,
        provider_url: '',
        language: meta.language,
        published_at: meta.publishedAt,
        image_description: meta.imageAlt,
        usable: 1,
        link_type: meta.linkType,
        ...(meta.image && !mediaRejectedHost(rules)(provider.hostname) ? await storedImage(ctx, meta.image, signal, rules) : null),
      };
    }
  } catch (err) {
    if (err instanceof RefusedHostError) {
      ctx.log.info({ err: err.message, url }, 'card: not fetched');
      return null;
    }
    if (err instanceof PrivateAddressError) throw new PermanentJobError(err.message);
    if (!(err instanceof UnusableAnswerError)) throw new RetryJobError(`card for ${url}: ${(err as Error).message}`);
    ctx.log.info({ err: err.message, url }, 'card: page gives no preview');
  }
  try {
    return await transaction(ctx, async (trx) => {
      const before = await findCardByUrl(trx, url);
      const saved = await saveCard(trx, card);
      const old = before?.image_key;
      if (old && old !== saved.image_key) afterCommit(trx, () => removeFiles(ctx, [old]));
      return saved;
    });
  } catch (err) {
    if (card.image_key) removeFiles(ctx, [card.image_key]);
    throw err;
  }
}

/**
 * The job: the card of a status's first link, fetched (or taken from the
 * cache of cards by URL, while fresh) and shown on the status. The status's
 * cached copies are forgotten as the card lands; no stream event is sent, as
 * in Mastodon: the card appears on the next read.
 */
export async function runCardJob(ctx: Context, payload: unknown, job: Pick<JobInfo, 'signal'>): Promise<void> {
  if (!isPayload(payload)) throw new PermanentJobError('not a card job payload');
  const s = await findStatus(ctx.db, payload.status);
  if (!s || s.reblog_of_id !== null) return;
  const url = firstLink(s.text, ctx.config.publicUrl);
  if (url === null) {
    await transaction(ctx, (trx) => detachCard(trx, Number(s.id)));
    return;
  }
  const rules = await loadDomainRules(ctx);
  // A link into a suspended domain gets no card, even one stored before the block.
  let card: PreviewCardRow | null | undefined = suspendedHost(rules)(new URL(url).hostname) ? null : await findCardByUrl(ctx.db, url);
  if (card === undefined || (card && ctx.clock.now().getTime() - Date.parse(card.fetched_at) >= CARD_FRESH_MS)) card = await fetchCard(ctx, url, job.signal, rules);
  const shown = card;
  await transaction(ctx, (trx) => (shown?.usable === 1 ? attachCard(trx, Number(s.id), Number(shown.id)) : detachCard(trx, Number(s.id))));
}

export const cardJobHandler: JobHandler = { kind: CARD_JOB, run: runCardJob };
