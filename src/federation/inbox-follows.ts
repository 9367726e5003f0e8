import { Accept, Activity, Announce, Block, Follow, Like, Object as ASObject, Reject, Undo } from '@fedify/vocab';
import type { Context } from '../app/context.js';
import { AppError } from '../app/errors.js';
import { transaction } from '../app/transaction.js';
import { type AccountRow, findAccountById } from '../accounts/accounts.repository.js';
import { localActorUri } from '../accounts/local-uris.js';
import type { Executor } from '../db/database.js';
import { blockBetween, deleteBlock } from '../moderation/blocks.repository.js';
import { authorizeFollowRequest } from '../social/authorize-follow-request.js';
import { endFollow } from '../social/end-follow.js';
import { exclusionsChanged } from '../social/exclusions.js';
import { followNeedsApproval } from '../social/follows.policy.js';
import { findFollowByUri, findFollowRequestByUri, hasFollowRequest, insertFollowRequest, isFollowing, setFollowUri } from '../social/follows.repository.js';
import { notify } from '../social/notify.js';
import { recordFollow } from '../social/record-follow.js';
import { unfavouriteStatus } from '../social/unfavourite-status.js';
import { statusByUri } from '../statuses/insert-remote-status.js';
import { findStatusByUri } from '../statuses/statuses.repository.js';
import { unreblogStatus } from '../statuses/unreblog-status.js';
import { queueActivity } from './send.js';
import { inboxListener } from './listener.js';
import { rememberActor, sameActor } from './remote-actors.js';
import { localAccountOf, noFetch } from './remote-statuses.js';

/** A remote account acting through a use case: no operator behind it. */
export const remoteCaller = (account: AccountRow) => ({ account, operator: null });

/** The embedded object of an activity, never fetched (Mastodon embeds what it accepts, rejects or undoes); null when only named or unreadable. */
export async function embedded(activity: Accept | Reject | Undo): Promise<ASObject | null> {
  try {
    return await activity.getObject({ documentLoader: noFetch, crossOrigin: 'trust' });
  } catch {
    return null;
  }
}

/**
 * Answers a Follow from `remote` of `local` with an Accept or a Reject, queued in `trx`: it embeds the
 * Follow (its id, actor, object), as Mastodon's does, so that the other side can match it.
 */
async function answerFollow(ctx: Context, trx: Executor, local: AccountRow, remote: AccountRow, followId: URL, answer: 'Accept' | 'Reject'): Promise<void> {
  const me = new URL(localActorUri(ctx.config, local.username));
  const follow = new Follow({ id: followId, actor: new URL(remote.uri as string), object: me });
  const values = { id: new URL(`${me.href}#${answer.toLowerCase()}s/follows/${remote.id}/${encodeURIComponent(followId.href)}`), actor: me, object: follow, to: new URL(remote.uri as string) };
  const activity = answer === 'Accept' ? new Accept(values) : new Reject(values);
  await queueActivity(ctx, trx, ctx.clock.now(), {
    accountId: Number(local.id),
    activity: (await activity.toJsonLd()) as Record<string, unknown>,
    to: [{ id: remote.uri as string, inbox: remote.inbox_url as string, sharedInbox: remote.shared_inbox_url }],
  });
}

/**
 * Follow of a local account. Refused (Reject) when either blocks the other;
 * a locked account gets a follow request (`follow_request`), others a follow
 * (counters, `follow`) and an Accept. The Follow's id is kept as the
 * follow's (or request's) uri, for its Undo. A Follow repeated (its Accept
 * lost) is accepted again.
 */
const onFollow = inboxListener(Follow, async (ctx, _inbox, follow) => {
  if (!follow.id || !follow.actorId) return;
  const local = await localAccountOf(ctx, follow.objectId);
  if (!local) return;
  const remote = await rememberActor(ctx, follow.actorId);
  if (!remote) {
    // Unanswered, the follow stays requested on the other side for good: said where the next run can see it.
    ctx.log.warn({ follow: follow.id.href, actor: follow.actorId.href }, 'federation: a Follow is not answered: its actor could not be fetched or stored');
    return;
  }
  if (remote.suspended_at !== null) return;
  const me = Number(local.id);
  const them = Number(remote.id);
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    const b = await blockBetween(trx, them, me);
    if (b.aBlocksB || b.bBlocksA) return answerFollow(ctx, trx, local, remote, follow.id as URL, 'Reject');
    if (await isFollowing(trx, them, me)) {
      await setFollowUri(trx, 'follows', them, me, (follow.id as URL).href);
      return answerFollow(ctx, trx, local, remote, follow.id as URL, 'Accept');
    }
    const target = (await findAccountById(trx, me)) as AccountRow;
    if (followNeedsApproval(target)) {
      if (!(await hasFollowRequest(trx, them, me)) && (await insertFollowRequest(trx, them, me, now)) !== undefined) {
        await notify(trx, [{ accountId: me, fromAccountId: them, type: 'follow_request', at: now }]);
      }
      await setFollowUri(trx, 'follow_requests', them, me, (follow.id as URL).href);
      return;
    }
    await recordFollow(trx, them, me, now);
    await setFollowUri(trx, 'follows', them, me, (follow.id as URL).href);
    await answerFollow(ctx, trx, local, remote, follow.id as URL, 'Accept');
  });
});

/**
 * Our follow (or request) that an Accept or Reject answers: by the Follow's id (ours, stored in
 * follow_requests.uri or follows.uri), else by the pair the embedded Follow names (a local follower,
 * the remote actor that answers). Only the followee's own answer counts.
 */
async function ourFollowAnswered(ctx: Context, activity: Accept | Reject, remote: AccountRow): Promise<number | null> {
  const id = activity.objectId?.href;
  if (id) {
    const row = (await findFollowRequestByUri(ctx.db, id)) ?? (await findFollowByUri(ctx.db, id));
    if (row) return Number(row.target_account_id) === Number(remote.id) ? Number(row.account_id) : null;
  }
  const follow = await embedded(activity);
  if (!(follow instanceof Follow) || !sameActor(follow.objectId, new URL(remote.uri as string))) return null;
  const local = await localAccountOf(ctx, follow.actorId);
  return local ? Number(local.id) : null;
}

/** Accept of our Follow: the request becomes a follow (authorizeFollowRequest, the remote account authorizing). */
const onAccept = inboxListener(Accept, async (ctx, _inbox, accept) => {
  if (!accept.actorId) return;
  const remote = await rememberActor(ctx, accept.actorId);
  if (!remote) return;
  const follower = await ourFollowAnswered(ctx, accept, remote);
  if (follower === null) return;
  try {
    await authorizeFollowRequest(ctx, remoteCaller(remote), follower);
  } catch (err) {
    // Accepted already (a repeated Accept), or withdrawn meanwhile: nothing to do.
    if (!(err instanceof AppError && err.code === 'not_found')) throw err;
  }
});

/** Reject of our Follow: the request goes, and the follow if it was accepted before. */
const onReject = inboxListener(Reject, async (ctx, _inbox, reject) => {
  if (!reject.actorId) return;
  const remote = await rememberActor(ctx, reject.actorId);
  if (!remote) return;
  const follower = await ourFollowAnswered(ctx, reject, remote);
  if (follower === null) return;
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, (trx) => endFollow(trx, follower, Number(remote.id), now));
});

/** Undo of the actor's own Follow, Like, Announce or Block. */
const onUndo = inboxListener(Undo, async (ctx, _inbox, undo) => {
  if (!undo.actorId) return;
  const remote = await rememberActor(ctx, undo.actorId);
  if (!remote) return;
  const them = Number(remote.id);
  const object = await embedded(undo);
  const now = ctx.clock.now().toISOString();
  // Only named (not embedded): a follow or a reblog it made, by the id it gave them.
  if (!object) {
    const id = undo.objectId?.href;
    if (!id) return;
    const f = (await findFollowByUri(ctx.db, id)) ?? (await findFollowRequestByUri(ctx.db, id));
    if (f && Number(f.account_id) === them) await transaction(ctx, (trx) => endFollow(trx, them, Number(f.target_account_id), now));
    const reblog = await findStatusByUri(ctx.db, id);
    if (reblog && Number(reblog.account_id) === them && reblog.reblog_of_id !== null) await undoReblog(ctx, remote, Number(reblog.reblog_of_id));
    return;
  }
  // Only one's own act is undone.
  if (!(object instanceof Activity) || !sameActor(object.actorId, undo.actorId)) return;
  if (object instanceof Follow) {
    const byUri = object.id ? ((await findFollowByUri(ctx.db, object.id.href)) ?? (await findFollowRequestByUri(ctx.db, object.id.href))) : undefined;
    const local = byUri && Number(byUri.account_id) === them ? Number(byUri.target_account_id) : Number((await localAccountOf(ctx, object.objectId))?.id ?? NaN);
    if (Number.isNaN(local)) return;
    await transaction(ctx, (trx) => endFollow(trx, them, local, now));
  } else if (object instanceof Like) {
    const s = object.objectId ? await statusByUri(ctx, ctx.db, object.objectId.href) : undefined;
    if (!s) return;
    try {
      await unfavouriteStatus(ctx, remoteCaller(remote), Number(s.id));
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'not_found')) throw err;
    }
  } else if (object instanceof Announce) {
    const reblog = object.id ? await findStatusByUri(ctx.db, object.id.href) : undefined;
    const of = reblog && Number(reblog.account_id) === them ? reblog.reblog_of_id : object.objectId ? (await statusByUri(ctx, ctx.db, object.objectId.href))?.id : null;
    if (of !== null && of !== undefined) await undoReblog(ctx, remote, Number(of));
  } else if (object instanceof Block) {
    const local = await localAccountOf(ctx, object.objectId);
    if (!local) return;
    await transaction(ctx, async (trx) => {
      if (await deleteBlock(trx, them, Number(local.id))) exclusionsChanged(trx, [them, Number(local.id)]);
    });
  }
});

async function undoReblog(ctx: Context, remote: AccountRow, statusId: number): Promise<void> {
  try {
    await unreblogStatus(ctx, remoteCaller(remote), statusId);
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'not_found')) throw err;
  }
}

export const FOLLOW_LISTENERS = [onFollow, onAccept, onReject, onUndo];
