import type { AccountRow } from '../accounts/accounts.repository.js';
import type { Executor } from '../db/database.js';
import { changed } from '../app/transaction.js';
import { EVERY_HOME } from '../timelines/home-pages.js';
import { forgetSubscriptionsOfTokens } from '../push/unsubscribe.js';
import { publishAfterCommit } from '../streaming/streaming.js';
import { liveTokenIdsOfAccount, revokeTokensAndChildren } from '../oauth/oauth.repository.js';
import { backfillFeed, fansOutOnWrite } from '../timelines/fan-out.js';

/**
 * What a suspension or a disabling does beyond the account's row: its
 * tokens, its streams, its statuses in home feeds (the public timelines'
 * part is src/moderation/hidden-authors.ts, sign-in's login-refusal.ts).
 */

/**
 * A suspension ends every session: the account's tokens, those its staff
 * hold for it as an organ, and those through which it acted for organs
 * (with the tokens taken from them), their push subscriptions, their streams.
 */
export async function endSessionsOf(trx: Executor, accountId: number, at: string): Promise<void> {
  const ended = await revokeTokensAndChildren(trx, await liveTokenIdsOfAccount(trx, accountId), at);
  await forgetSubscriptionsOfTokens(trx, ended);
  if (ended.length > 0) publishAfterCommit(trx, { t: 'kill', tokens: ended });
}

/** Disabling keeps the tokens (enabling restores them, as Mastodon) but closes the streams open with them. */
export async function closeStreamsOf(db: Executor, accountId: number): Promise<void> {
  const ids = await liveTokenIdsOfAccount(db, accountId);
  if (ids.length > 0) publishAfterCommit(db, { t: 'kill', tokens: ids });
}

/** A suspended account's statuses leave the home feeds they were written to (as Mastodon unmerges them). */
export async function removeAccountFromFeeds(trx: Executor, accountId: number): Promise<void> {
  await trx
    .deleteFrom('feeds')
    .where('status_id', 'in', (eb) => eb.selectFrom('statuses').select('id').where('account_id', '=', accountId))
    .execute();
  changed(trx, 'homes', [EVERY_HOME]);
}

/**
 * An unsuspended account's recent statuses return to its own and its
 * followers' home feeds (as Mastodon merges them back). An account too large
 * to fan out on write is merged on read, so has nothing to return.
 */
export async function restoreAccountToFeeds(trx: Executor, account: Pick<AccountRow, 'id' | 'followers_count'>): Promise<void> {
  const authorId = Number(account.id);
  if (!fansOutOnWrite(Number(account.followers_count))) return;
  const followers = await trx.selectFrom('follows').select('account_id').where('target_account_id', '=', authorId).execute();
  for (const reader of [authorId, ...followers.map((f) => Number(f.account_id))]) await backfillFeed(trx, reader, authorId);
}
