import { Activity } from '@fedify/vocab';
import type { Context } from '../app/context.js';
import { transaction } from '../app/transaction.js';
import type { Executor } from '../db/database.js';
import { enqueue } from '../jobs/enqueue.js';
import { findAccountById } from '../accounts/accounts.repository.js';
import { FEDERATION_JOB_ATTEMPTS, FEDERATION_JOB_KINDS } from './message-queue.js';
import type { GovFederation } from './federation.js';
import { INSTANCE_ACTOR } from './actors.js';
import { actorKeyPairs } from './keys.js';

/** A remote actor to deliver to: its id and inbox (and shared inbox, preferred when given). */
export interface RemoteRecipient {
  id: string;
  inbox: string;
  sharedInbox?: string | null;
}

/** An activity a local account sends. */
export interface OutgoingActivity {
  /** The local account it is from (it signs). */
  accountId: number;
  /** The activity as JSON-LD (e.g. `await create.toJsonLd()`); its `actor` should be the account's actor id. */
  activity: Record<string, unknown>;
  /** The account's followers on other servers (one POST per shared inbox), or these actors. */
  to: 'followers' | readonly RemoteRecipient[];
  /** Kept in order with the activities of the same key (src/federation/ordering.ts: `{key}@{seq}`). */
  orderingKey?: string;
  /**
   * Signed by the provider's instance actor, not the account (a forwarded report's Flag);
   * `accountId` is then INSTANCE_KEY_OWNER.
   */
  asInstance?: boolean;
  /**
   * The account's last words (Delete or Update of its actor once it is closed or suspended):
   * sent though the account is closed, signed with its keys.
   */
  farewell?: boolean;
}

/** A fanout job's payload when it is ours (a send request), not one of Fedify's own fanout messages. */
export interface SendRequest extends OutgoingActivity {
  govblog: 'send';
}

export function isSendRequest(payload: unknown): payload is SendRequest {
  return typeof payload === 'object' && payload !== null && (payload as { govblog?: unknown }).govblog === 'send';
}

/**
 * Queues an activity to send, in the caller's transaction: it exists exactly
 * when the change it announces does (a rolled-back post sends nothing, a
 * process killed after the commit still sends it). Its 'federation.fanout'
 * job turns it into one signed delivery per inbox ('federation.outbox'
 * jobs), each retried by OUTBOX_RETRY. Nothing is queued when federation is off.
 */
export async function queueActivity(ctx: Pick<Context, 'config'>, trx: Executor, now: Date, out: OutgoingActivity): Promise<void> {
  if (!ctx.config.federation) return;
  if (out.to !== 'followers' && out.to.length === 0) return;
  const payload: SendRequest = {
    govblog: 'send',
    accountId: out.accountId,
    activity: out.activity,
    to: out.to,
    ...(out.orderingKey ? { orderingKey: out.orderingKey } : {}),
    ...(out.asInstance ? { asInstance: true } : {}),
    ...(out.farewell ? { farewell: true } : {}),
  };
  await enqueue(trx, now, [{ kind: FEDERATION_JOB_KINDS.fanout, payload, maxAttempts: FEDERATION_JOB_ATTEMPTS }]);
}

/** The same, in a transaction of its own (for callers with nothing else to commit). */
export async function sendActivity(ctx: Context, out: OutgoingActivity): Promise<void> {
  await transaction(ctx, (trx) => queueActivity(ctx, trx, ctx.clock.now(), out));
}

/** Runs a send request (the fanout job): signs as the account and hands one message per inbox to the outbox queue. */
export async function runSendRequest(ctx: Context, f: GovFederation, req: SendRequest): Promise<void> {
  const fctx = f.federation.createContext(new URL(ctx.config.publicUrl));
  let sender: { identifier: string } | { keyId: URL; privateKey: Awaited<ReturnType<typeof actorKeyPairs>>[number]['privateKey'] }[];
  if (req.asInstance) sender = { identifier: INSTANCE_ACTOR };
  else {
    const account = await findAccountById(ctx.db, req.accountId);
    if (!account || account.domain !== null) return;
    if (account.closed_at !== null || account.suspended_at !== null) {
      if (!req.farewell) return; // gone since: nothing to say for it
      // Its actor is no longer served (so the keys dispatcher has none); it signs with its own keys, as Fedify names them.
      const actor = fctx.getActorUri(account.username);
      const pairs = await actorKeyPairs(ctx, account.id);
      sender = pairs.map((p, i) => ({ keyId: new URL(i === 0 ? '#main-key' : `#key-${i + 1}`, actor), privateKey: p.privateKey }));
    } else sender = { identifier: account.username };
  }
  const activity = await Activity.fromJsonLd(req.activity, { documentLoader: fctx.documentLoader, contextLoader: fctx.contextLoader });
  const options = {
    preferSharedInbox: true,
    fanout: 'skip' as const,
    excludeBaseUris: [new URL(ctx.config.publicUrl)],
    ...(req.orderingKey ? { orderingKey: req.orderingKey } : {}),
  };
  if (req.to === 'followers') {
    if ('identifier' in sender) await fctx.sendActivity(sender, 'followers', activity, options);
    return;
  }
  const recipients = req.to.map((r) => ({
    id: new URL(r.id),
    inboxId: new URL(r.inbox),
    endpoints: r.sharedInbox ? { sharedInbox: new URL(r.sharedInbox) } : null,
  }));
  await fctx.sendActivity(sender, recipients, activity, options);
}
