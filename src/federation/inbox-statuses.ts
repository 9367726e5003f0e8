import { Announce, Create, Delete, Like, Update, isActor } from '@fedify/vocab';
import type { Context } from '../app/context.js';
import { AppError } from '../app/errors.js';
import { findAccountByUri } from '../accounts/accounts.repository.js';
import { favouriteStatus } from '../social/favourite-status.js';
import { deleteStatus } from '../statuses/delete-status.js';
import { reblogStatus } from '../statuses/reblog-status.js';
import { findStatusByUri } from '../statuses/statuses.repository.js';
import { updateRemoteStatus } from '../statuses/update-remote-status.js';
import { closeRemoteAccount } from './inbox-accounts.js';
import { remoteCaller } from './inbox-follows.js';
import { inboxListener } from './listener.js';
import { rememberActor, sameActor } from './remote-actors.js';
import { isStatusObject, noteParts, pollOf, refusalOf, resolveStatus, statusInput } from './remote-statuses.js';
import { updateRemotePoll } from '../polls/remote-poll.js';
import { insertRemoteStatus } from '../statuses/insert-remote-status.js';
import { voteFromNote } from './remote-votes.js';

/** A use case's refusal that a repeated or late activity meets (gone, already done, not allowed): logged, not retried. */
function settled(ctx: Context, err: unknown, what: string): void {
  if (err instanceof AppError && err.status < 500) {
    ctx.log.info({ err: err.message }, `federation: ${what} not applied`);
    return;
  }
  throw err;
}

/**
 * Create of a Note, Article or Question (a Question with its poll's options
 * and tallies): stored by insertRemoteStatus when the actor is its one author and
 * its id is on the actor's host; a Note with a `name` that answers a local
 * poll is a vote, not a status.
 */
const onCreate = inboxListener(Create, async (ctx, _inbox, create) => {
  const object = await create.getObject();
  if (!isStatusObject(object)) return;
  const why = refusalOf(object, create.actorId);
  if (why) {
    ctx.log.warn({ activity: create.id?.href, actor: create.actorId?.href }, `federation: a Create was refused: ${why}`);
    return;
  }
  const author = await rememberActor(ctx, create.actorId as URL);
  if (!author || author.suspended_at !== null) return;
  if (await voteFromNote(ctx, author, object)) return;
  try {
    await insertRemoteStatus(ctx, await statusInput(ctx, object, author));
  } catch (err) {
    settled(ctx, err, 'a Create');
  }
});

/**
 * Update of a Note (its author's edit, when it says when it was made:
 * updateRemoteStatus; a Question's tallies, which its home sends as votes
 * come: updateRemotePoll) or of the actor itself (its profile fetched again).
 */
const onUpdate = inboxListener(Update, async (ctx, _inbox, update) => {
  if (!update.actorId) return;
  if (update.objectId?.href === update.actorId.href) {
    await rememberActor(ctx, update.actorId, { refresh: true });
    return;
  }
  const object = await update.getObject();
  if (isActor(object)) {
    if (sameActor(object.id, update.actorId)) await rememberActor(ctx, update.actorId, { refresh: true });
    return;
  }
  if (!isStatusObject(object) || refusalOf(object, update.actorId) !== null) return;
  const author = await findAccountByUri(ctx.db, update.actorId.href);
  if (!author || author.domain === null) return;
  // An edit states when it was made; without `updated` (or with the one already stored: updateRemoteStatus) the Update
  // only refreshes the poll, as a Question's home sends it while votes come (Mastodon's implicit update): no new version.
  if (object.updated) {
    try {
      await updateRemoteStatus(ctx, { accountId: Number(author.id), uri: (object.id as URL).href, ...(await noteParts(object)), updated: object.updated.toString() });
    } catch (err) {
      settled(ctx, err, 'an Update');
    }
  }
  const poll = await pollOf(ctx, object);
  if (!poll) return;
  try {
    await updateRemotePoll(ctx, { accountId: Number(author.id), uri: (object.id as URL).href, poll });
  } catch (err) {
    settled(ctx, err, "an Update of a poll's tallies");
  }
});

/** Delete of the actor (its account closed, its statuses taken away) or of one of its statuses (deleteStatus as its author). */
const onDelete = inboxListener(Delete, async (ctx, _inbox, del) => {
  const actorId = del.actorId;
  const id = del.objectId;
  if (!actorId || !id) return;
  const author = await findAccountByUri(ctx.db, actorId.href);
  if (!author || author.domain === null) return; // unknown here: nothing to take away
  if (id.href === actorId.href) {
    await closeRemoteAccount(ctx, author);
    return;
  }
  const status = await findStatusByUri(ctx.db, id.href);
  if (!status || status.deleted_at !== null || Number(status.account_id) !== Number(author.id)) return;
  try {
    await deleteStatus(ctx, remoteCaller(author), Number(status.id));
  } catch (err) {
    settled(ctx, err, 'a Delete');
  }
});

/** Announce of a status (local, stored, or fetched from its server): a reblog by the remote account, keeping the Announce's id. */
const onAnnounce = inboxListener(Announce, async (ctx, _inbox, announce) => {
  if (!announce.id || !announce.actorId || !announce.objectId) return;
  if (new URL(announce.id).host !== announce.actorId.host) return;
  const remote = await rememberActor(ctx, announce.actorId);
  if (!remote || remote.suspended_at !== null) return;
  const status = await resolveStatus(ctx, announce.objectId);
  if (!status) return;
  try {
    await reblogStatus(ctx, remoteCaller(remote), { id: Number(status.id), remote: { uri: announce.id.href, published: announce.published?.toString() } });
  } catch (err) {
    settled(ctx, err, 'an Announce');
  }
});

/** Like of a local status: a favourite by the remote account (counted here, the author told with `favourite`). */
const onLike = inboxListener(Like, async (ctx, _inbox, like) => {
  if (!like.actorId || !like.objectId) return;
  const status = await resolveStatus(ctx, like.objectId, null);
  if (!status || status.uri !== null) return; // a remote status's likes are counted at its home
  const remote = await rememberActor(ctx, like.actorId);
  if (!remote || remote.suspended_at !== null) return;
  try {
    await favouriteStatus(ctx, remoteCaller(remote), Number(status.id));
  } catch (err) {
    settled(ctx, err, 'a Like');
  }
});

export const STATUS_LISTENERS = [onCreate, onUpdate, onDelete, onAnnounce, onLike];

