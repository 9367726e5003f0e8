import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { notFound } from '../app/errors.js';
import { bumpAccountCounter, updateAccount } from '../accounts/accounts.repository.js';
import { recordAudit } from '../audit/audit.repository.js';
import { changed, transaction } from '../app/transaction.js';
import type { Executor } from '../db/database.js';
import { releaseStatusMedia } from '../media/status-media.js';
import type { Caller } from '../operators/operators.policy.js';
import { withdrawStatusNotifications } from '../social/notify.js';
import { withdrawQuotes } from '../quotes/withdraw-quotes.js';
import { bumpStatusCounter, markStatusesDeleted } from '../statuses/statuses.repository.js';
import { removeFromFeeds } from '../timelines/fan-out.js';
import { endSessionsOf } from './account-standing.js';
import { mayDeleteAccount } from './admin-accounts.policy.js';
import { getAdminAccount } from './list-admin-accounts.js';
import { organsOperatedBy } from './list-reports.js';
import { MODERATED_ACCOUNT } from './take-account-action.js';
import { queueDistribution } from '../jobs/distribute.js';

/**
 * DELETE /api/v1/admin/accounts/:id: an admin deletes a suspended account's
 * data, as Mastodon's account deletion does: its statuses (and others'
 * reblogs of them) with their media, its follows both ways, its profile and
 * means of signing in. The row stays, suspended for good, so that the
 * username is not taken again and the audit log and reports keep pointing
 * somewhere; an unsuspension is refused from then on.
 */
export async function deleteAccountData(ctx: Context, caller: Caller, targetId: number): Promise<void> {
  const target = await getAdminAccount(ctx, caller, targetId);
  const stakes = await organsOperatedBy(ctx, Number(caller.account.id));
  authorize(mayDeleteAccount(caller, target, stakes.has(targetId)), target.suspended_at === null ? 'Only a suspended account can be deleted' : 'This action is not yours to take on this account');
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    await deleteStatusesOf(ctx, trx, targetId, now);
    await dropFollowsOf(trx, targetId);
    await updateAccount(trx, targetId, {
      display_name: '',
      note: '',
      fields: '[]',
      email: null,
      password_hash: null,
      discoverable: 0,
      avatar_key: null,
      avatar_static_key: null,
      header_key: null,
      header_static_key: null,
      statuses_count: 0,
      deleted_at: now,
      updated_at: now,
    });
    await endSessionsOf(trx, targetId, now);
    await queueDistribution(trx, { type: 'account.deleted', account: targetId });
    await recordAudit(trx, { actorId: Number(caller.account.id), action: 'account.delete', subjectType: MODERATED_ACCOUNT, subjectId: targetId, at: now });
  });
}

/** Takes every status of the account away (and others' reblogs of them), in the caller's transaction. */
export async function deleteStatusesOf(ctx: Context, trx: Executor, accountId: number, now: string): Promise<void> {
  const own = await trx.selectFrom('statuses').select(['id', 'in_reply_to_id', 'in_reply_to_account_id']).where('account_id', '=', accountId).where('deleted_at', 'is', null).execute();
  const ownIds = own.map((s) => Number(s.id));
  if (ownIds.length === 0) return;
  const reblogs = await trx.selectFrom('statuses').select(['id', 'account_id']).where('reblog_of_id', 'in', ownIds).where('deleted_at', 'is', null).where('account_id', '<>', accountId).execute();
  const gone = [...ownIds, ...reblogs.map((r) => Number(r.id))];
  await markStatusesDeleted(trx, gone, now);
  await releaseStatusMedia(ctx, trx, gone, now, true);
  await removeFromFeeds(trx, gone);
  await withdrawStatusNotifications(trx, gone);
  await withdrawQuotes(trx, ownIds, now);
  for (const r of reblogs) await bumpAccountCounter(trx, Number(r.account_id), 'statuses_count', -1);
  // Others' statuses it replied to count one reply fewer.
  for (const s of own) if (s.in_reply_to_id !== null && Number(s.in_reply_to_account_id) !== accountId) await bumpStatusCounter(trx, Number(s.in_reply_to_id), 'replies_count', -1);
}

/** Ends every follow and follow request of the account, both ways, counters kept right. */
export async function dropFollowsOf(trx: Executor, accountId: number): Promise<void> {
  const following = await trx.deleteFrom('follows').where('account_id', '=', accountId).returning('target_account_id').execute();
  for (const f of following) await bumpAccountCounter(trx, Number(f.target_account_id), 'followers_count', -1);
  const followers = await trx.deleteFrom('follows').where('target_account_id', '=', accountId).returning('account_id').execute();
  for (const f of followers) await bumpAccountCounter(trx, Number(f.account_id), 'following_count', -1);
  await trx.deleteFrom('follow_requests').where((eb) => eb.or([eb('account_id', '=', accountId), eb('target_account_id', '=', accountId)])).execute();
  await trx.updateTable('accounts').set({ followers_count: 0, following_count: 0 }).where('id', '=', accountId).execute();
  changed(trx, 'accounts', [accountId]);
}
