import type { Executor } from '../db/database.js';
import { enqueue } from '../jobs/enqueue.js';
import { type JobHandler, PermanentJobError, RetryJobError } from '../jobs/runner.js';
import { transaction } from '../app/transaction.js';
import { isFollowing } from '../social/follows.repository.js';
import { exclusionsChanged } from '../social/exclusions.js';
import { backfillFeed } from '../timelines/fan-out.js';
import { deleteExpiredMute } from './blocks.repository.js';

/**
 * The job that sweeps a timed mute once it ends (Mastodon's DeleteMuteWorker).
 * The mute stops applying at its end whether or not this has run: every read
 * compares the expiry with the clock (src/social/exclusions.ts).
 */
export const MUTE_EXPIRY_JOB = 'mute.expire';

export interface MuteExpiryPayload {
  mute: number;
  /** The expiry it was queued for: a later mute of the pair that moved it queued its own job, and this one does nothing. */
  expires_at: string;
}

export async function queueMuteExpiry(trx: Executor, muteId: number, expiresAt: string, now: Date): Promise<void> {
  await enqueue(trx, now, [{ kind: MUTE_EXPIRY_JOB, payload: { mute: muteId, expires_at: expiresAt } satisfies MuteExpiryPayload, runAt: new Date(expiresAt) }]);
}

function parsePayload(v: unknown): MuteExpiryPayload {
  const p = v as Partial<MuteExpiryPayload> | null;
  if (!p || !Number.isSafeInteger(p.mute) || typeof p.expires_at !== 'string') throw new PermanentJobError('malformed mute.expire payload');
  return { mute: p.mute as number, expires_at: p.expires_at };
}

/** Deletes the ended mute, brings a followed account's recent statuses back to the feed (UnmuteService), and forgets the muter's exclusions everywhere. */
export const muteExpiryHandler: JobHandler = {
  kind: MUTE_EXPIRY_JOB,
  async run(ctx, payload) {
    const job = parsePayload(payload);
    const left = Date.parse(job.expires_at) - ctx.clock.now().getTime();
    if (left > 0) throw new RetryJobError('the mute has not ended yet', left);
    await transaction(ctx, async (trx) => {
      const row = await trx.selectFrom('mutes').select(['account_id', 'target_account_id']).where('id', '=', job.mute).executeTakeFirst();
      const muter = await deleteExpiredMute(trx, job.mute, job.expires_at, ctx.clock.now().toISOString());
      if (muter === undefined || !row) return;
      const target = Number(row.target_account_id);
      if (await isFollowing(trx, muter, target)) await backfillFeed(trx, muter, target);
      exclusionsChanged(trx, [muter]);
    });
  },
};
