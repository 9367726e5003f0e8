/*
 * Whether a trending item may be shown to the public, and whether it still
 * waits for a reviewer: Mastodon's `trendable?` and `requires_review?` of
 * Tag, Status and PreviewCard, as pure functions of the stored decisions.
 * A decision is 1 (approved), 0 (rejected) or null (none yet).
 */

/** A hashtag: its own decision, else the provider's default (`trendableByDefault`). */
export function tagTrendable(tag: { trendable: number | null }, byDefault: boolean): boolean {
  return tag.trendable === null ? byDefault : tag.trendable === 1;
}

/** A hashtag waits for review until a reviewer decided on it, whatever the default. */
export function tagRequiresReview(tag: { reviewed_at: string | null }): boolean {
  return tag.reviewed_at === null;
}

/**
 * A status: its own decision, else its author's standing. A verified
 * government account had its identity reviewed by a reviewer of this provider
 * when it was verified, so its statuses trend without another review (it
 * stands as Mastodon's reviewed, trendable account); anyone else's follow the
 * provider's default and wait for review.
 */
export function statusTrendable(status: { trendable: number | null }, authorVerified: boolean, byDefault: boolean): boolean {
  if (status.trendable !== null) return status.trendable === 1;
  return authorVerified || byDefault;
}

export function statusRequiresReview(status: { trendable: number | null }, authorVerified: boolean): boolean {
  return status.trendable === null && !authorVerified;
}

/** A publisher's decision as stored. */
export interface PublisherDecision {
  domain: string;
  trendable: number | null;
  reviewed_at: string | null;
}

/** The host a card's URL is on, lower-cased; null for a URL that does not parse. */
export function cardDomain(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase() || null;
  } catch {
    return null;
  }
}

/** The publisher covering `domain`: the one of that domain or of the nearest parent domain (Mastodon's matching_domain). */
export function matchingPublisher<P extends { domain: string }>(domain: string | null, publishers: readonly P[]): P | undefined {
  if (domain === null) return undefined;
  let best: P | undefined;
  for (const p of publishers) {
    if ((domain === p.domain || domain.endsWith(`.${p.domain}`)) && (!best || p.domain.length > best.domain.length)) best = p;
  }
  return best;
}

/** The parent domains of a host, itself first: what a publisher row may be stored under. */
export function domainSuffixes(domain: string): string[] {
  const parts = domain.split('.');
  return parts.map((_, i) => parts.slice(i).join('.')).filter((d) => d.length > 0);
}

/** A link: its own decision, else its publisher's; with neither it does not trend (links never trend by default, as Mastodon's). */
export function cardTrendable(card: { trendable: number | null }, publisher: PublisherDecision | undefined): boolean {
  if (card.trendable !== null) return card.trendable === 1;
  return publisher?.trendable === 1;
}

/** A link waits for review while neither it nor its publisher was decided on. */
export function cardRequiresReview(card: { trendable: number | null }, publisher: PublisherDecision | undefined): boolean {
  return card.trendable === null && (publisher === undefined || publisher.reviewed_at === null);
}

/**
 * Mastodon's PreviewCard#appropriate_for_trends?: a page that calls itself an
 * article, with a title, a description, an image and a site name to show.
 */
export function appropriateForTrends(card: { usable: number; type: string; link_type: string; title: string; description: string; image_key: string | null; provider_name: string }): boolean {
  return (
    card.usable === 1 &&
    card.type === 'link' &&
    card.link_type === 'article' &&
    card.title.trim() !== '' &&
    card.description.trim() !== '' &&
    card.image_key !== null &&
    card.provider_name.trim() !== ''
  );
}
