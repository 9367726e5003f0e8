import { describe, expect, it } from 'vitest';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { Role } from '../accounts/accounts.table.js';
import { appropriateForTrends, cardRequiresReview, cardTrendable, matchingPublisher, statusRequiresReview, statusTrendable, tagRequiresReview, tagTrendable } from './review.js';
import { mayReviewTrends } from './trends.policy.js';

// The policy reads only the role and whether an operator's token is used.
const account = (role: Role, id: number) => ({ id, role }) as unknown as AccountRow;

describe('who reviews trends', () => {
  it('not a citizen, not an organ, not an organ operator even one who is a reviewer or an admin; reviewers and admins as themselves', () => {
    const organ = account('user', 1);
    expect(mayReviewTrends({ account: account('user', 2), operator: null })).toBe(false);
    expect(mayReviewTrends({ account: organ, operator: null })).toBe(false);
    expect(mayReviewTrends({ account: organ, operator: account('reviewer', 3) })).toBe(false);
    expect(mayReviewTrends({ account: organ, operator: account('admin', 4) })).toBe(false);
    expect(mayReviewTrends({ account: account('reviewer', 3), operator: null })).toBe(true);
    expect(mayReviewTrends({ account: account('admin', 4), operator: null })).toBe(true);
  });
});

describe('what may trend (Mastodon trendable? / requires_review?)', () => {
  it('a hashtag: its decision, else the provider default; waits until reviewed', () => {
    expect(tagTrendable({ trendable: null }, false)).toBe(false);
    expect(tagTrendable({ trendable: null }, true)).toBe(true);
    expect(tagTrendable({ trendable: 0 }, true)).toBe(false);
    expect(tagTrendable({ trendable: 1 }, false)).toBe(true);
    expect(tagRequiresReview({ reviewed_at: null })).toBe(true);
    expect(tagRequiresReview({ reviewed_at: '2026-12-01T00:00:00Z' })).toBe(false);
  });
  it('a status: its decision, else a verified government author stands reviewed; anyone else follows the default and waits', () => {
    expect(statusTrendable({ trendable: null }, true, false)).toBe(true);
    expect(statusTrendable({ trendable: null }, false, false)).toBe(false);
    expect(statusTrendable({ trendable: null }, false, true)).toBe(true);
    expect(statusTrendable({ trendable: 0 }, true, true)).toBe(false);
    expect(statusRequiresReview({ trendable: null }, false)).toBe(true);
    expect(statusRequiresReview({ trendable: null }, true)).toBe(false);
    expect(statusRequiresReview({ trendable: 1 }, false)).toBe(false);
  });
  it('a link: its decision, else its publisher’s (the longest matching domain); never by default', () => {
    const publishers = [
      { domain: 'gov.cn', trendable: 1, reviewed_at: 'x' },
      { domain: 'spam.gov.cn', trendable: 0, reviewed_at: 'x' },
      { domain: 'new.example', trendable: null, reviewed_at: null },
    ];
    expect(matchingPublisher('www.gov.cn', publishers)?.domain).toBe('gov.cn');
    expect(matchingPublisher('a.spam.gov.cn', publishers)?.domain).toBe('spam.gov.cn');
    expect(matchingPublisher('notgov.cn', publishers)).toBeUndefined();
    expect(cardTrendable({ trendable: null }, matchingPublisher('www.gov.cn', publishers))).toBe(true);
    expect(cardTrendable({ trendable: null }, matchingPublisher('a.spam.gov.cn', publishers))).toBe(false);
    expect(cardTrendable({ trendable: 1 }, matchingPublisher('a.spam.gov.cn', publishers))).toBe(true);
    expect(cardTrendable({ trendable: null }, undefined)).toBe(false);
    expect(cardRequiresReview({ trendable: null }, undefined)).toBe(true);
    expect(cardRequiresReview({ trendable: null }, matchingPublisher('new.example', publishers))).toBe(true);
    expect(cardRequiresReview({ trendable: null }, matchingPublisher('www.gov.cn', publishers))).toBe(false);
    expect(cardRequiresReview({ trendable: 0 }, undefined)).toBe(false);
  });
  it('only an article with a title, a description, an image and a site name is fit to trend', () => {
    const card = { usable: 1, type: 'link', link_type: 'article', title: '通知', description: '全文', image_key: 'k', provider_name: '市政府' };
    expect(appropriateForTrends(card)).toBe(true);
    for (const patch of [{ link_type: 'unknown' }, { title: ' ' }, { description: '' }, { image_key: null }, { provider_name: '' }, { usable: 0 }, { type: 'video' }]) {
      expect(appropriateForTrends({ ...card, ...patch }), JSON.stringify(patch)).toBe(false);
    }
  });
});
