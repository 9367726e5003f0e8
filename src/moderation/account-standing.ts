import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { Executor } from '../db/database.js';
import { forgetSubscriptionsOfTokens } from '../push/unsubscribe.js';
import { publishAfterCommit } from '../streaming/streaming.js';
import { liveTokenIdsOfAccount, revokeTokensAndChildren } from '../oauth/oauth.repository.js';

/**
 * What moderation does to an account's standing elsewhere: sign-in, its
 * tokens, its streams, and where its statuses may appear.
 */

/** Mastodon's answer to a token or a sign-in of an account that may not sign in now; null when it may. */
export function loginRefusal(account: Pick<AccountRow, 'disabled_at' | 'suspended_at'>): string | null {
  return account.suspended_at !== null || account.disabled_at !== null ? 'Your login is currently disabled' : null;
}

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
}

/**
 * The moderation part of the public and hashtag timelines, as a condition on
 * the statuses row `alias`: nothing of a closed (suspended) account, and
 * nothing of a silenced one (Mastodon's `limited`) unless the viewer is it
 * or follows it. Kept apart from the other conditions of those queries so
 * that each concern reads alone.
 */
export function moderationVisibleSql(viewerId: number | null, alias = 'statuses'): RawBuilder<SqlBool> {
  const author = sql.ref(`${alias}.account_id`);
  const hiddenFromViewer =
    viewerId === null
      ? sql`ma.silenced_at is not null`
      : sql`(ma.silenced_at is not null and ma.id <> ${viewerId} and not exists (select 1 from follows mf where mf.account_id = ${viewerId} and mf.target_account_id = ma.id))`;
  return sql<SqlBool>`not exists (select 1 from accounts ma where ma.id = ${author} and (ma.closed_at is not null or ${hiddenFromViewer}))`;
}
