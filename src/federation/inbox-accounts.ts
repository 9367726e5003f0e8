import { Block, Flag } from '@fedify/vocab';
import type { Context } from '../app/context.js';
import { changed, transaction } from '../app/transaction.js';
import { type AccountRow, findAccountsByIds, updateAccount } from '../accounts/accounts.repository.js';
import { parseLocalActorUri, parseLocalStatusUri } from '../accounts/local-uris.js';
import { indexAccounts } from '../search/search-index.repository.js';
import { blockBetween, insertBlock } from '../moderation/blocks.repository.js';
import { deleteStatusesOf, dropFollowsOf } from '../moderation/delete-account.js';
import { rejectsReports } from '../moderation/domain-policy.js';
import { recordReport } from '../moderation/file-report.js';
import { endFollow } from '../social/end-follow.js';
import { exclusionsChanged } from '../social/exclusions.js';
import { findStatuses } from '../statuses/statuses.repository.js';
import { findLocalActorAccount } from './actors.js';
import { inboxListener } from './listener.js';
import { rememberActor } from './remote-actors.js';
import { localAccountOf } from './remote-statuses.js';

/** A remote account its server deleted: closed here, its statuses and follows taken away (the row stays, for reports and threads). */
export async function closeRemoteAccount(ctx: Context, account: AccountRow): Promise<void> {
  if (account.domain === null || account.closed_at !== null) return;
  const id = Number(account.id);
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    await deleteStatusesOf(ctx, trx, id, now);
    await dropFollowsOf(trx, id);
    await updateAccount(trx, id, { closed_at: now, updated_at: now });
    changed(trx, 'accounts', [id]);
    await indexAccounts(trx, [id]);
  });
}

/** Block of a local account by a remote one: follows end both ways, the block is recorded (the local account no longer reaches it). */
const onBlock = inboxListener(Block, async (ctx, _inbox, block) => {
  if (!block.actorId) return;
  const local = await localAccountOf(ctx, block.objectId);
  if (!local) return;
  const remote = await rememberActor(ctx, block.actorId);
  if (!remote) return;
  const [them, me] = [Number(remote.id), Number(local.id)];
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    if ((await blockBetween(trx, them, me)).aBlocksB) return;
    await endFollow(trx, them, me, now);
    await endFollow(trx, me, them, now);
    if (await insertBlock(trx, them, me, now)) exclusionsChanged(trx, [them, me]);
  });
});

/**
 * Flag: a report from another server about local accounts (and their
 * statuses named in it), as Mastodon forwards one: one report per local
 * account, its reporter the account of the Flag's actor (the other server's
 * instance actor, as a rule), its comment the Flag's content; the moderators
 * are told as for a local report. Dropped from a domain that rejects reports.
 */
const onFlag = inboxListener(Flag, async (ctx, _inbox, flag) => {
  if (!flag.actorId) return;
  if (await rejectsReports(ctx, flag.actorId.host)) return;
  const accounts = new Map<number, AccountRow>();
  const statusIds: number[] = [];
  for (const id of flag.objectIds) {
    const name = parseLocalActorUri(ctx.config, id.href);
    if (name !== null) {
      const a = await findLocalActorAccount(ctx, name);
      if (a) accounts.set(Number(a.id), a);
      continue;
    }
    const s = parseLocalStatusUri(ctx.config, id.href);
    if (s) statusIds.push(s.id);
  }
  const statuses = (await findStatuses(ctx.db, statusIds)).filter((s) => s.uri === null && s.deleted_at === null);
  const authors = [...new Set(statuses.map((s) => Number(s.account_id)))].filter((id) => !accounts.has(id));
  for (const a of await findAccountsByIds(ctx.db, authors)) if (a.domain === null) accounts.set(Number(a.id), a);
  if (accounts.size === 0) return;
  const reporter = await rememberActor(ctx, flag.actorId);
  if (!reporter) return;
  const comment = [...(flag.content?.toString() ?? '')].slice(0, 1000).join('');
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    for (const [targetId] of accounts) {
      const about = statuses.filter((s) => Number(s.account_id) === targetId).map((s) => Number(s.id));
      await recordReport(trx, { reporterId: Number(reporter.id), targetId, statusIds: about, ruleIds: [], comment, category: 'other' }, now);
    }
  });
});

export const ACCOUNT_LISTENERS = [onBlock, onFlag];
