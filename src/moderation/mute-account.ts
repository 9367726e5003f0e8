import type { Context } from '../app/context.js';
import { fieldError } from '../app/errors.js';
import { getOpenAccount } from '../accounts/get-open-account.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { transaction } from '../app/transaction.js';
import { exclusionsChanged } from '../social/exclusions.js';
import { purgeAuthorFromFeed } from '../timelines/fan-out.js';
import { mayBlockOrMute } from './blocks.policy.js';
import { deleteNotificationsFromTo, upsertMute } from './blocks.repository.js';
import { queueMuteExpiry } from './mute-expiry.js';

export interface MuteInput {
  /** Hide the muted account's notifications too (Mastodon's default: true). */
  notifications?: boolean | undefined;
  /** Seconds until the mute ends; 0 or absent: never. */
  duration?: number | undefined;
}

/** The longest duration accepted (Mastodon accepts any; a hundred years is for ever in all but name). */
const MAX_DURATION_SECONDS = 100 * 365 * 24 * 3600;

/**
 * POST /api/v1/accounts/:id/mute, as Mastodon's MuteService: records the mute
 * or changes its flag and expiry, takes the muted account's statuses and
 * reblogs of them out of the muter's feed, and when notifications are hidden
 * its notifications too (AfterBlockService); a timed mute queues its sweep.
 */
export async function muteAccount(ctx: Context, caller: ActingCaller, targetId: number, input: MuteInput): Promise<void> {
  const duration = input.duration ?? 0;
  if (!Number.isSafeInteger(duration) || duration < 0 || duration > MAX_DURATION_SECONDS) throw fieldError('duration', 'ERR_INVALID', 'must be a whole number of seconds, 0 for ever');
  const target = Number((await getOpenAccount(ctx, targetId)).id);
  const me = Number(caller.account.id);
  if (!mayBlockOrMute(me, target)) return;
  const now = ctx.clock.now();
  const at = now.toISOString();
  const hide = input.notifications ?? true;
  const expiresAt = duration === 0 ? null : new Date(now.getTime() + duration * 1000).toISOString();
  await transaction(ctx, async (trx) => {
    await recordOperatorAct(trx, caller, { action: 'account.mute', subjectType: 'account', subjectId: target, data: { notifications: hide, duration } }, at);
    const id = await upsertMute(trx, me, target, hide, expiresAt, at);
    await purgeAuthorFromFeed(trx, me, target);
    if (hide) await deleteNotificationsFromTo(trx, target, me);
    if (expiresAt !== null) await queueMuteExpiry(trx, id, expiresAt, now);
    exclusionsChanged(trx, [me]);
  });
}
