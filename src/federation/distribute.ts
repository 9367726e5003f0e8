import type { Context as FedContext } from '@fedify/fedify';
import {
  Accept,
  type Activity,
  Announce,
  Block,
  Create,
  Delete,
  Flag,
  Follow,
  Like,
  Note,
  Organization,
  PUBLIC_COLLECTION,
  Person,
  Reject,
  Tombstone,
  Undo,
  Update,
} from '@fedify/vocab';
import type { Context } from '../app/context.js';
import { transaction } from '../app/transaction.js';
import { type AccountRow, findAccountById, findAccountsByIds } from '../accounts/accounts.repository.js';
import { localActorUri, localStatusUri } from '../accounts/local-uris.js';
import { DISTRIBUTE_JOB, type DistributionEvent, type DistributionPayload } from '../jobs/distribute.js';
import { enqueueNow } from '../jobs/enqueue.js';
import { type JobHandler, PermanentJobError } from '../jobs/runner.js';
import { findPoll, optionsOf } from '../polls/polls.repository.js';
import { hasRemoteFollower, setFollowUri } from '../social/follows.repository.js';
import { type StatusRow, findStatusesAnyState } from '../statuses/statuses.repository.js';
import { INSTANCE_ACTOR, dispatchAccountActor } from './actors.js';
import { federationOf } from './federation.js';
import { INSTANCE_KEY_OWNER } from './keys.js';
import { audienceOf, loadNoteParts, noteOf, statusUriOf } from './notes.js';
import { ORDERING, markOfDistribution, mustWait, orderingKeyString } from './ordering.js';
import { type OutgoingActivity, type RemoteRecipient, queueActivity } from './send.js';
import { instant } from './temporal.js';

/** What one event becomes: activities to queue, and what to record here once they are queued. */
interface Outcome {
  sends: { accountId: number; activity: Activity; to: OutgoingActivity['to']; asInstance?: boolean; farewell?: boolean }[];
  /** Run in the transaction that queues the sends (e.g. the Follow's id stored, a report marked forwarded). */
  record?: (trx: Parameters<typeof setFollowUri>[0]) => Promise<void>;
}

const NOTHING: Outcome = { sends: [] };

/** A remote account as a recipient, if it takes deliveries (its actor id and inbox known). */
export function recipientOf(a: Pick<AccountRow, 'domain' | 'uri' | 'inbox_url' | 'shared_inbox_url' | 'suspended_at'> | undefined): RemoteRecipient | null {
  if (!a || a.domain === null || !a.uri || !a.inbox_url || a.suspended_at !== null) return null;
  return { id: a.uri, inbox: a.inbox_url, sharedInbox: a.shared_inbox_url };
}

const isLocal = (a: AccountRow | undefined): a is AccountRow => a !== undefined && a.domain === null;
const ms = (at: string): number => Date.parse(at);

/** Of these remote accounts, the ones that do not follow `accountId` (followers already get what goes to 'followers'). */
async function notFollowing(ctx: Context, accountId: number, accounts: readonly AccountRow[]): Promise<AccountRow[]> {
  if (accounts.length === 0) return [];
  const rows = await ctx.db
    .selectFrom('follows')
    .select('account_id')
    .where('target_account_id', '=', accountId)
    .where(
      'account_id',
      'in',
      accounts.map((a) => Number(a.id)),
    )
    .execute();
  const following = new Set(rows.map((r) => Number(r.account_id)));
  return accounts.filter((a) => !following.has(Number(a.id)));
}

function dedupe(list: (RemoteRecipient | null)[]): RemoteRecipient[] {
  const seen = new Map<string, RemoteRecipient>();
  for (const r of list) if (r && !seen.has(r.id)) seen.set(r.id, r);
  return [...seen.values()];
}

/** Sends to the author's remote followers (when the audience includes them) and to the other remote parties, each once. */
async function statusSends(ctx: Context, author: AccountRow, s: StatusRow, activity: Activity, others: readonly AccountRow[]): Promise<Outcome> {
  const sends: Outcome['sends'] = [];
  const toFollowers = s.visibility !== 'direct' && (await hasRemoteFollower(ctx.db, author.id));
  if (toFollowers) sends.push({ accountId: author.id, activity, to: 'followers' });
  let rest = dedupe((toFollowers ? await notFollowing(ctx, author.id, others) : others).map(recipientOf));
  if (toFollowers && rest.length > 0) {
    // A server that gets the followers' POST at its shared inbox hands it to everyone it addresses there: no second POST.
    const shared = rest.flatMap((r) => (r.sharedInbox ? [r.sharedInbox] : []));
    if (shared.length > 0) {
      const rows = await ctx.db
        .selectFrom('follows')
        .innerJoin('accounts', 'accounts.id', 'follows.account_id')
        .select('accounts.shared_inbox_url')
        .distinct()
        .where('follows.target_account_id', '=', author.id)
        .where('accounts.shared_inbox_url', 'in', [...new Set(shared)])
        .execute();
      const covered = new Set(rows.map((r) => r.shared_inbox_url));
      rest = rest.filter((r) => !r.sharedInbox || !covered.has(r.sharedInbox));
    }
  }
  if (rest.length > 0) sends.push({ accountId: author.id, activity, to: rest });
  return { sends };
}

/** The remote accounts that voted in a local status's poll or reblogged it: they hold its Question too (Mastodon's DistributePollUpdateWorker's inboxes). */
async function remoteHolders(ctx: Context, s: StatusRow): Promise<AccountRow[]> {
  const voters =
    s.poll_id === null
      ? []
      : await ctx.db
          .selectFrom('poll_votes')
          .innerJoin('accounts', 'accounts.id', 'poll_votes.account_id')
          .select('accounts.id')
          .distinct()
          .where('poll_votes.poll_id', '=', Number(s.poll_id))
          .where('accounts.domain', 'is not', null)
          .execute();
  const rebloggers = await ctx.db
    .selectFrom('statuses')
    .innerJoin('accounts', 'accounts.id', 'statuses.account_id')
    .select('accounts.id')
    .distinct()
    .where('statuses.reblog_of_id', '=', Number(s.id))
    .where('statuses.deleted_at', 'is', null)
    .where('accounts.domain', 'is not', null)
    .execute();
  return findAccountsByIds(ctx.db, [...new Set([...voters, ...rebloggers].map((r) => Number(r.id)))]);
}

async function statusEvent(
  ctx: Context,
  fctx: FedContext<void>,
  e: Extract<DistributionEvent, { type: 'status.created' | 'status.updated' | 'status.deleted' | 'poll.tallied' }>,
): Promise<Outcome> {
  const [s] = await findStatusesAnyState(ctx.db, [e.status]);
  if (!s || s.reblog_of_id !== null) return NOTHING;
  const author = await findAccountById(ctx.db, s.account_id);
  if (!isLocal(author)) return NOTHING; // a remote account's act (inbound reuses the use cases): its own server tells others
  if (e.type !== 'status.deleted' && s.deleted_at !== null) return NOTHING; // deleted since: its Delete follows
  const parts = await loadNoteParts(ctx.db, [s], ctx.config);
  const mentioned = parts.mentions.get(Number(s.id)) ?? [];
  const parentAuthor = parts.parentAuthors.get(Number(s.id));
  const others = [...mentioned.filter((a) => a.domain !== null), ...(parentAuthor && s.visibility !== 'direct' ? [parentAuthor] : [])];
  const actor = new URL(localActorUri(ctx.config, author.username));
  const noteId = localStatusUri(ctx.config, author.username, s.id);
  let activity: Activity;
  if (e.type === 'status.deleted') {
    const { to, cc } = audienceOf(ctx, author, s, mentioned);
    activity = new Delete({ id: new URL(`${noteId}#delete`), actor, object: new Tombstone({ id: new URL(noteId) }), tos: to, ccs: cc, published: instant(s.deleted_at ?? s.created_at) });
  } else if (e.type === 'poll.tallied') {
    const poll = parts.polls.get(Number(s.id));
    if (!poll) return NOTHING; // taken away by an edit since (which sent its own Update)
    const note = noteOf(ctx, fctx, author, s, parts);
    // The Question as it stands, its `updated` left as its last edit put it: receivers take the tallies, not an edit (Mastodon's UpdatePollSerializer).
    // Named after the poll's last change, or its end: a job run again, or one more after the end, sends the same activity.
    const ended = ms(poll.expires_at) <= ctx.clock.now().getTime();
    activity = new Update({ id: new URL(`${noteId}#tallies/${ms(ended ? poll.expires_at : poll.updated_at)}`), actor, object: note, tos: note.toIds, ccs: note.ccIds });
    others.push(...(await remoteHolders(ctx, s)));
  } else {
    const note = noteOf(ctx, fctx, author, s, parts);
    const values = { actor, object: note, tos: note.toIds, ccs: note.ccIds };
    activity =
      e.type === 'status.created'
        ? new Create({ id: new URL(`${noteId}/activity`), published: instant(s.created_at), ...values })
        : new Update({ id: new URL(`${noteId}#updates/${ms(s.edited_at ?? s.created_at)}`), updated: instant(s.edited_at ?? s.created_at), ...values });
  }
  return statusSends(ctx, author, s, activity, others);
}

async function reblogEvent(ctx: Context, e: Extract<DistributionEvent, { type: 'reblogged' | 'unreblogged' }>, at: string): Promise<Outcome> {
  const [r] = await findStatusesAnyState(ctx.db, [e.status]);
  if (!r || r.reblog_of_id === null) return NOTHING;
  if (e.type === 'reblogged' && r.deleted_at !== null) return NOTHING;
  const [original] = await findStatusesAnyState(ctx.db, [r.reblog_of_id]);
  if (!original) return NOTHING;
  const [author, originalAuthor] = await Promise.all([findAccountById(ctx.db, r.account_id), findAccountById(ctx.db, original.account_id)]);
  if (!isLocal(author) || !originalAuthor) return NOTHING;
  const actor = new URL(localActorUri(ctx.config, author.username));
  const originalUri = new URL(statusUriOf(ctx, original, originalAuthor));
  const followers = new URL(`${actor.href}/followers`);
  const cc = originalAuthor.domain === null ? [followers] : [followers, new URL(originalAuthor.uri as string)];
  const announceId = `${localStatusUri(ctx.config, author.username, r.id)}/activity`;
  const announce = new Announce({ id: new URL(announceId), actor, object: originalUri, published: instant(r.created_at), tos: [PUBLIC_COLLECTION], ccs: cc });
  const activity = e.type === 'reblogged' ? announce : new Undo({ id: new URL(`${announceId}#undo`), actor, object: announce, tos: [PUBLIC_COLLECTION], ccs: cc, published: instant(at) });
  return statusSends(ctx, author, { ...r, visibility: 'public' }, activity, originalAuthor.domain === null ? [] : [originalAuthor]);
}

async function likeEvent(ctx: Context, e: Extract<DistributionEvent, { type: 'favourited' | 'unfavourited' }>, at: string): Promise<Outcome> {
  const [s] = await findStatusesAnyState(ctx.db, [e.status]);
  if (!s) return NOTHING;
  const [liker, author] = await Promise.all([findAccountById(ctx.db, e.account), findAccountById(ctx.db, s.account_id)]);
  const to = recipientOf(author);
  if (!isLocal(liker) || !author || !to) return NOTHING;
  const actor = new URL(localActorUri(ctx.config, liker.username));
  const object = new URL(statusUriOf(ctx, s, author));
  if (e.type === 'favourited') {
    const fav = await ctx.db.selectFrom('favourites').select('id').where('account_id', '=', liker.id).where('status_id', '=', s.id).executeTakeFirst();
    if (!fav) return NOTHING; // taken back since: its Undo follows
    return { sends: [{ accountId: liker.id, activity: new Like({ id: new URL(`${actor.href}#likes/${fav.id}`), actor, object, to: new URL(to.id) }), to: [to] }] };
  }
  const undo = new Undo({ id: new URL(`${actor.href}#likes/undo/${s.id}/${ms(at)}`), actor, object: new Like({ actor, object }), to: new URL(to.id), published: instant(at) });
  return { sends: [{ accountId: liker.id, activity: undo, to: [to] }] };
}

async function voteEvent(ctx: Context, e: Extract<DistributionEvent, { type: 'poll.voted' }>): Promise<Outcome> {
  const [s] = await findStatusesAnyState(ctx.db, [e.status]);
  if (!s || s.poll_id === null) return NOTHING;
  const [voter, author, poll] = await Promise.all([findAccountById(ctx.db, e.account), findAccountById(ctx.db, s.account_id), findPoll(ctx.db, s.poll_id)]);
  const to = recipientOf(author);
  if (!isLocal(voter) || !author || !to || !poll || !s.uri) return NOTHING;
  const { titles } = optionsOf(poll);
  const votes = await ctx.db.selectFrom('poll_votes').select(['id', 'choice', 'created_at']).where('poll_id', '=', poll.id).where('account_id', '=', voter.id).execute();
  const actor = new URL(localActorUri(ctx.config, voter.username));
  // Mastodon's way: one Note per choice, named after the option, in reply to the Question, to its author only.
  const sends = votes
    .filter((v) => e.choices.includes(Number(v.choice)) && titles[Number(v.choice)] !== undefined)
    .map((v) => {
      const id = `${actor.href}#votes/${v.id}`;
      const note = new Note({ id: new URL(id), attribution: actor, name: titles[Number(v.choice)] as string, replyTarget: new URL(s.uri as string), to: new URL(to.id), published: instant(v.created_at) });
      return { accountId: voter.id, activity: new Create({ id: new URL(`${id}/activity`), actor, object: note, to: new URL(to.id) }), to: [to] };
    });
  return { sends };
}

async function pairOf(ctx: Context, a: number, b: number): Promise<[AccountRow | undefined, AccountRow | undefined]> {
  const rows = await findAccountsByIds(ctx.db, [a, b]);
  return [rows.find((r) => Number(r.id) === a), rows.find((r) => Number(r.id) === b)];
}

async function followEvent(ctx: Context, e: Extract<DistributionEvent, { type: 'followed' | 'unfollowed' }>, at: string): Promise<Outcome> {
  const [follower, followee] = await pairOf(ctx, e.follower, e.followee);
  // A remote account's Follow that an unlocked local account took at once (inbound, through the follow use case): accepted.
  if (e.type === 'followed' && follower?.domain !== null && isLocal(followee)) return answerEvent(ctx, { type: 'follow.accepted', follower: e.follower, followee: e.followee }, at);
  const to = recipientOf(followee);
  if (!isLocal(follower) || !to) return NOTHING;
  const actor = new URL(localActorUri(ctx.config, follower.username));
  const object = new URL(to.id);
  if (e.type === 'unfollowed') {
    const follow = new Follow({ ...(e.follow ? { id: new URL(e.follow) } : {}), actor, object });
    return { sends: [{ accountId: follower.id, activity: new Undo({ id: new URL(`${actor.href}#follows/undo/${followee?.id}/${ms(at)}`), actor, object: follow, to: object }), to: [to] }] };
  }
  const request = await ctx.db.selectFrom('follow_requests').select(['id', 'uri']).where('account_id', '=', follower.id).where('target_account_id', '=', Number(followee?.id)).executeTakeFirst();
  if (!request) return NOTHING; // accepted or withdrawn since (an Undo follows a withdrawal)
  // The id agreed with inbound (team.md): the request's, stored so that the Accept or Reject can be matched to it.
  const id = request.uri ?? `${actor.href}#follows/${request.id}`;
  return {
    sends: [{ accountId: follower.id, activity: new Follow({ id: new URL(id), actor, object, to: object }), to: [to] }],
    record: request.uri ? undefined : (trx) => setFollowUri(trx, 'follow_requests', follower.id, Number(followee?.id), id),
  };
}

async function answerEvent(ctx: Context, e: Extract<DistributionEvent, { type: 'follow.accepted' | 'follow.rejected' }>, at: string): Promise<Outcome> {
  const [follower, followee] = await pairOf(ctx, e.follower, e.followee);
  const to = recipientOf(follower);
  if (!isLocal(followee) || !to) return NOTHING;
  const actor = new URL(localActorUri(ctx.config, followee.username));
  if (e.type === 'follow.accepted') {
    const row = await ctx.db.selectFrom('follows').select(['id', 'uri']).where('account_id', '=', Number(follower?.id)).where('target_account_id', '=', followee.id).executeTakeFirst();
    if (!row) return NOTHING; // ended since: its Reject or the follower's Undo settles it
    const follow = new Follow({ ...(row.uri ? { id: new URL(row.uri) } : {}), actor: new URL(to.id), object: actor });
    return { sends: [{ accountId: followee.id, activity: new Accept({ id: new URL(`${actor.href}#accepts/follows/${row.id}`), actor, object: follow, to: new URL(to.id) }), to: [to] }] };
  }
  const follow = new Follow({ ...(e.follow ? { id: new URL(e.follow) } : {}), actor: new URL(to.id), object: actor });
  return { sends: [{ accountId: followee.id, activity: new Reject({ id: new URL(`${actor.href}#rejects/follows/${follower?.id}/${ms(at)}`), actor, object: follow, to: new URL(to.id) }), to: [to] }] };
}

async function blockEvent(ctx: Context, e: Extract<DistributionEvent, { type: 'blocked' | 'unblocked' }>, at: string): Promise<Outcome> {
  const [me, target] = await pairOf(ctx, e.account, e.target);
  const to = recipientOf(target);
  if (!isLocal(me) || !to) return NOTHING;
  const actor = new URL(localActorUri(ctx.config, me.username));
  const object = new URL(to.id);
  if (e.type === 'blocked') {
    const row = await ctx.db.selectFrom('blocks').select('id').where('account_id', '=', me.id).where('target_account_id', '=', Number(target?.id)).executeTakeFirst();
    if (!row) return NOTHING;
    return { sends: [{ accountId: me.id, activity: new Block({ id: new URL(`${actor.href}#blocks/${row.id}`), actor, object, to: object }), to: [to] }] };
  }
  const undo = new Undo({ id: new URL(`${actor.href}#blocks/undo/${target?.id}/${ms(at)}`), actor, object: new Block({ actor, object }), to: object });
  return { sends: [{ accountId: me.id, activity: undo, to: [to] }] };
}

async function reportEvent(ctx: Context, fctx: FedContext<void>, e: Extract<DistributionEvent, { type: 'reported' }>): Promise<Outcome> {
  const report = await ctx.db.selectFrom('reports').selectAll().where('id', '=', e.report).executeTakeFirst();
  if (!report) return NOTHING;
  const target = await findAccountById(ctx.db, report.target_account_id);
  const to = recipientOf(target);
  if (!to) return NOTHING;
  let ids: number[] = [];
  try {
    ids = (JSON.parse(report.status_ids) as unknown[]).map(Number);
  } catch {
    ids = [];
  }
  const statuses = (await findStatusesAnyState(ctx.db, ids)).filter((s) => s.uri !== null);
  // From the provider, not the reporter (Mastodon's way: the reporter stays anonymous to the other server).
  const flag = new Flag({
    id: new URL(`${fctx.getActorUri(INSTANCE_ACTOR).href}#reports/${report.id}`),
    actor: fctx.getActorUri(INSTANCE_ACTOR),
    objects: [new URL(to.id), ...statuses.map((s) => new URL(s.uri as string))],
    content: report.comment,
    to: new URL(to.id),
  });
  return {
    sends: [{ accountId: INSTANCE_KEY_OWNER, activity: flag, to: [to], asInstance: true }],
    record: async (trx) => {
      await trx.updateTable('reports').set({ forwarded: 1 }).where('id', '=', report.id).execute();
    },
  };
}

/** Every remote server known here, one recipient each (its shared inbox when one is known). */
async function everyKnownServer(ctx: Context): Promise<RemoteRecipient[]> {
  const rows = await ctx.db
    .selectFrom('accounts')
    .select(['domain', 'uri', 'inbox_url', 'shared_inbox_url', 'suspended_at'])
    .where('domain', 'is not', null)
    .where('inbox_url', 'is not', null)
    .orderBy('shared_inbox_url')
    .execute();
  const byDomain = new Map<string, RemoteRecipient>();
  for (const r of rows) {
    const rec = recipientOf({ ...r, domain: r.domain });
    if (!rec) continue;
    const had = byDomain.get(r.domain as string);
    if (!had || (!had.sharedInbox && rec.sharedInbox)) byDomain.set(r.domain as string, rec);
  }
  return [...byDomain.values()];
}

async function remoteFollowerRecipients(ctx: Context, accountId: number): Promise<RemoteRecipient[]> {
  const rows = await ctx.db
    .selectFrom('follows')
    .innerJoin('accounts', 'accounts.id', 'follows.account_id')
    .select(['accounts.domain', 'accounts.uri', 'accounts.inbox_url', 'accounts.shared_inbox_url', 'accounts.suspended_at'])
    .where('follows.target_account_id', '=', accountId)
    .where('accounts.domain', 'is not', null)
    .execute();
  return dedupe(rows.map((r) => recipientOf(r)));
}

async function accountEvent(ctx: Context, fctx: FedContext<void>, e: Extract<DistributionEvent, { type: 'account.updated' | 'account.deleted' }>, at: string): Promise<Outcome> {
  const a = await findAccountById(ctx.db, e.account);
  if (!isLocal(a)) return NOTHING;
  const actor = new URL(localActorUri(ctx.config, a.username));
  const followers = new URL(`${actor.href}/followers`);
  const closed = a.closed_at !== null || a.suspended_at !== null;
  if (e.type === 'account.deleted') {
    // Its follows are gone with its data: every server known here hears it (Mastodon sends it as widely).
    const to = await everyKnownServer(ctx);
    if (to.length === 0) return NOTHING;
    const del = new Delete({ id: new URL(`${actor.href}#delete`), actor, object: actor, tos: [PUBLIC_COLLECTION], published: instant(at) });
    return { sends: [{ accountId: a.id, activity: del, to, farewell: true }] };
  }
  if (!closed) {
    if (!(await hasRemoteFollower(ctx.db, a.id))) return NOTHING;
    const person = await dispatchAccountActor(ctx, fctx, a);
    const update = new Update({ id: new URL(`${actor.href}#updates/${ms(at)}`), actor, object: person, tos: [PUBLIC_COLLECTION], ccs: [followers], published: instant(at) });
    return { sends: [{ accountId: a.id, activity: update, to: 'followers' }] };
  }
  // Suspended (Mastodon's way): the actor with `suspended: true` and nothing of its profile, to its remote followers.
  const to = await remoteFollowerRecipients(ctx, a.id);
  if (to.length === 0) return NOTHING;
  const full = await dispatchAccountActor(ctx, fctx, a);
  const values = { suspended: true, name: null, summary: null, attachments: [], icon: null, image: null, discoverable: false };
  const bare = full instanceof Organization ? full.clone(values) : (full as Person).clone(values);
  const update = new Update({ id: new URL(`${actor.href}#updates/${ms(at)}`), actor, object: bare, tos: [PUBLIC_COLLECTION], ccs: [followers], published: instant(at) });
  return { sends: [{ accountId: a.id, activity: update, to, farewell: true }] };
}

/** The activities an event becomes (nothing when no remote party is concerned or the act is a remote account's). */
export async function outcomeOf(ctx: Context, fctx: FedContext<void>, p: DistributionPayload): Promise<Outcome> {
  const e = p.event;
  switch (e.type) {
    case 'status.created':
    case 'status.updated':
    case 'status.deleted':
    case 'poll.tallied':
      return statusEvent(ctx, fctx, e);
    case 'reblogged':
    case 'unreblogged':
      return reblogEvent(ctx, e, p.at);
    case 'favourited':
    case 'unfavourited':
      return likeEvent(ctx, e, p.at);
    case 'poll.voted':
      return voteEvent(ctx, e);
    case 'followed':
    case 'unfollowed':
      return followEvent(ctx, e, p.at);
    case 'follow.accepted':
    case 'follow.rejected':
      return answerEvent(ctx, e, p.at);
    case 'blocked':
    case 'unblocked':
      return blockEvent(ctx, e, p.at);
    case 'reported':
      return reportEvent(ctx, fctx, e);
    case 'account.updated':
    case 'account.deleted':
      return accountEvent(ctx, fctx, e, p.at);
    default:
      return NOTHING;
  }
}

function isPayload(p: unknown): p is DistributionPayload {
  const q = p as Partial<DistributionPayload> | null;
  return typeof q === 'object' && q !== null && typeof q.at === 'string' && typeof q.event === 'object' && q.event !== null && typeof q.event.type === 'string';
}

/**
 * Runs one distribution: the event's activities queued for delivery
 * (queueActivity), with what goes with them, in one transaction. Idempotent:
 * every activity id derives from the rows (or the event's time), so a job
 * run twice sends the same activities again, which receivers take once.
 * Held back while an earlier act on the same thing is still on its way (ordering.ts).
 */
export async function distribute(ctx: Context, payload: DistributionPayload, jobId: number | null = null): Promise<void> {
  const f = federationOf(ctx);
  if (!f) return;
  const mark = markOfDistribution(payload);
  if (mark && (await mustWait(ctx, jobId, mark))) {
    await enqueueNow(ctx, [{ kind: DISTRIBUTE_JOB, payload, runAt: new Date(ctx.clock.now().getTime() + ORDERING.waitMs), maxAttempts: 5 }]);
    return;
  }
  const fctx = f.federation.createContext(new URL(ctx.config.publicUrl));
  const outcome = await outcomeOf(ctx, fctx, payload);
  if (outcome.sends.length === 0) return;
  const sends = await Promise.all(
    outcome.sends.map(async (s) => ({ ...s, json: (await s.activity.toJsonLd({ contextLoader: fctx.contextLoader })) as Record<string, unknown> })),
  );
  await transaction(ctx, async (trx) => {
    const now = ctx.clock.now();
    for (const s of sends) {
      await queueActivity(ctx, trx, now, {
        accountId: s.accountId,
        activity: s.json,
        to: s.to,
        ...(mark ? { orderingKey: orderingKeyString(mark) } : {}),
        ...(s.asInstance ? { asInstance: true } : {}),
        ...(s.farewell ? { farewell: true } : {}),
      });
    }
    await outcome.record?.(trx);
  });
}

/** The 'federation.distribute' job (listed in JOB_HANDLERS). */
export const distributeJobHandler: JobHandler = {
  kind: DISTRIBUTE_JOB,
  async run(ctx, payload, job) {
    if (!isPayload(payload)) throw new PermanentJobError('not a distribution payload');
    await distribute(ctx, payload, job.id);
  },
};
