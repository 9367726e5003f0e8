import type { QuoteApprovalPolicy, Visibility } from '../statuses/statuses.table.js';

/**
 * Who may quote a status, as Mastodon 4.5's Status#quote_policy_for_account
 * answers for a local status: its policy only approves automatically
 * (public, followers) or not at all (nobody), so nothing is ever `manual`.
 */
export type QuotePolicyAnswer = 'automatic' | 'manual' | 'denied' | 'unknown';

export interface QuotableStatus {
  account_id: number;
  visibility: Visibility;
  reblog_of_id: number | null;
  quote_approval_policy: QuoteApprovalPolicy;
}

/** What `viewerId` gets when quoting `s`; `followsAuthor`: the viewer follows its author. */
export function quotePolicyFor(s: QuotableStatus, viewerId: number | null, followsAuthor: boolean): QuotePolicyAnswer {
  if (viewerId === null || s.visibility === 'direct' || s.reblog_of_id !== null) return 'denied';
  if (Number(s.account_id) === viewerId) return 'automatic';
  if (s.visibility === 'private') return 'denied';
  if (s.quote_approval_policy === 'public') return 'automatic';
  if (s.quote_approval_policy === 'followers' && followsAuthor) return 'automatic';
  return 'denied';
}

/** A status that is not public or unlisted cannot be quoted by others: its policy is stored as nobody (Mastodon's downgrade_quote_policy). */
export function storedQuotePolicy(visibility: Visibility, asked: QuoteApprovalPolicy): QuoteApprovalPolicy {
  return visibility === 'public' || visibility === 'unlisted' ? asked : 'nobody';
}

/** Only the quoted status's author may revoke a quote of it (Mastodon's QuotePolicy#revoke?). */
export function mayRevokeQuote(actorId: number, quote: { quoted_account_id: number | null }): boolean {
  return quote.quoted_account_id !== null && Number(quote.quoted_account_id) === actorId;
}
