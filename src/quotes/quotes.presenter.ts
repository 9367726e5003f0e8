import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { Quote } from '../http/schemas/statuses.js';
import type { QuoteApprovalPolicy } from '../statuses/statuses.table.js';
import type { StatusRow } from '../statuses/statuses.repository.js';
import { loadStatuses } from '../statuses/status-cache.js';
import { presentStatuses } from '../statuses/hydrate.js';
import { visibleTo } from '../statuses/visibility.js';
import { exclusionsFor, excludesStatus } from '../social/exclusions.js';
import { quotesByStatus } from './quotes.repository.js';
import { quotePolicyFor } from './quotes.policy.js';

/** Mastodon's quote_approval of a status. */
export interface QuoteApprovalJson {
  automatic: string[];
  manual: string[];
  current_user: 'automatic' | 'manual' | 'denied' | 'unknown';
}

/** What a batch's quote fields need, loaded beforehand (the presenter does no I/O). */
export interface QuoteExtras {
  /** The Quote entity of each quoting status (absent: it quotes nothing). */
  quotes: ReadonlyMap<number, Quote>;
  /** quote_approval of each status, as the viewer gets it. */
  approvals: ReadonlyMap<number, QuoteApprovalJson>;
}

export function approvalKeys(policy: QuoteApprovalPolicy): string[] {
  return policy === 'nobody' ? [] : [policy];
}

/**
 * Quotes and quote approvals of `all` for `viewer`. `shallow`: quoted
 * statuses only by id (Mastodon's ShallowQuote, for a quoted status's own quote);
 * otherwise presented in full. A quoted status is shown only when the quote is
 * accepted and the viewer may see it (its visibility, blocks and mutes).
 */
export async function loadQuoteExtras(ctx: Context, viewer: AccountRow | null, all: readonly StatusRow[], shallow: boolean): Promise<QuoteExtras> {
  const byId = new Map(all.map((s) => [Number(s.id), s]));
  const viewerId = viewer ? Number(viewer.id) : null;
  const proper = (s: StatusRow) => (s.reblog_of_id === null ? s : (byId.get(Number(s.reblog_of_id)) ?? s));
  const followersOnly = all.map(proper).filter((s) => s.quote_approval_policy === 'followers' && Number(s.account_id) !== viewerId);
  const follows = new Set<number>();
  if (viewerId !== null && followersOnly.length > 0) {
    const rows = await ctx.db
      .selectFrom('follows')
      .select('target_account_id')
      .where('account_id', '=', viewerId)
      .where('target_account_id', 'in', [...new Set(followersOnly.map((s) => Number(s.account_id)))])
      .execute();
    for (const r of rows) follows.add(Number(r.target_account_id));
  }
  const approvals = new Map<number, QuoteApprovalJson>();
  for (const s of all) {
    const p = proper(s);
    approvals.set(Number(s.id), {
      automatic: approvalKeys(p.quote_approval_policy),
      manual: [],
      current_user: quotePolicyFor(p, viewerId, follows.has(Number(p.account_id))),
    });
  }

  const quotes = new Map<number, Quote>();
  // Only statuses that quote another have a quote row: a page without any (nearly every page) costs no query.
  const quotingIds = all.filter((s) => s.reblog_of_id === null && Number(s.quoting) === 1).map((s) => Number(s.id));
  if (quotingIds.length === 0) return { quotes, approvals };
  const rows = await quotesByStatus(ctx.db, quotingIds);
  if (rows.size === 0) return { quotes, approvals };
  const wanted = [...rows.values()].filter((q) => q.state === 'accepted' && q.quoted_status_id !== null).map((q) => Number(q.quoted_status_id));
  let shown = await visibleTo(ctx.db, viewer, await loadStatuses(ctx, wanted));
  if (viewer) {
    const ex = await exclusionsFor(ctx, Number(viewer.id));
    const now = ctx.clock.now().getTime();
    shown = shown.filter((s) => Number(s.account_id) === viewerId || !excludesStatus(ex, { authorId: Number(s.account_id) }, now));
  }
  const presented = shallow ? new Map<number, null>(shown.map((s) => [Number(s.id), null])) : new Map((await presentStatuses(ctx, viewer, shown, { shallowQuotes: true })).map((j) => [Number(j.id), j]));
  for (const [statusId, q] of rows) {
    const qid = q.quoted_status_id === null ? null : Number(q.quoted_status_id);
    const visible = q.state === 'accepted' && qid !== null && presented.has(qid);
    quotes.set(statusId, shallow ? { state: q.state, quoted_status_id: visible ? String(qid) : null } : { state: q.state, quoted_status: visible ? (presented.get(qid as number) ?? null) : null });
  }
  return { quotes, approvals };
}
