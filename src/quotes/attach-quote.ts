import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { Executor } from '../db/database.js';
import { fieldError, notFound } from '../app/errors.js';
import { getStatus } from '../statuses/get-status.js';
import { type StatusRow, bumpStatusCounter } from '../statuses/statuses.repository.js';
import type { NewNotification } from '../social/notify.js';
import { blockFactsFor } from '../social/exclusions.js';
import { mayInteractWith } from '../moderation/blocks.policy.js';
import { isFollowing } from '../social/follows.repository.js';
import { insertQuote } from './quotes.repository.js';
import { quotePolicyFor } from './quotes.policy.js';

/**
 * The status `author` asks to quote, if they may (Mastodon's StatusPolicy#quote?):
 * one they may not see, whose author they block or who blocks them, or whose
 * policy refuses them is answered 404, as Mastodon answers every refusal
 * (quoted_status_not_found). A reblog cannot be quoted (422).
 */
export async function checkQuoteTarget(ctx: Context, author: AccountRow, id: number): Promise<StatusRow> {
  const target = await getStatus(ctx, author, id);
  if (target.reblog_of_id !== null) throw fieldError('quoted_status_id', 'ERR_INVALID', 'cannot be a reblog');
  const authorId = Number(author.id);
  const targetAuthor = Number(target.account_id);
  if (authorId !== targetAuthor && !mayInteractWith(await blockFactsFor(ctx, authorId, targetAuthor))) throw notFound('Status');
  const follows = target.quote_approval_policy === 'followers' && authorId !== targetAuthor ? await isFollowing(ctx.db, authorId, targetAuthor) : false;
  // A local status approves automatically or not at all (no manual policy is ever stored here): nothing stays pending.
  if (quotePolicyFor(target, authorId, follows) !== 'automatic') throw notFound('Status');
  return target;
}

/** Records `status` quoting `quoted` (accepted), counts it, and returns the `quote` notification for the quoted author. */
export async function attachQuote(trx: Executor, status: StatusRow, quoted: StatusRow, at: string): Promise<NewNotification[]> {
  await insertQuote(trx, {
    status_id: Number(status.id),
    quoted_status_id: Number(quoted.id),
    account_id: Number(status.account_id),
    quoted_account_id: Number(quoted.account_id),
    state: 'accepted',
    created_at: at,
    updated_at: at,
  });
  await bumpStatusCounter(trx, Number(quoted.id), 'quotes_count', 1);
  if (Number(quoted.account_id) === Number(status.account_id)) return [];
  return [{ accountId: Number(quoted.account_id), fromAccountId: Number(status.account_id), type: 'quote', statusId: Number(status.id), at }];
}
